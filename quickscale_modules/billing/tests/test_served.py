"""Stripe's deliveries to the real endpoint: the test project under gunicorn on PostgreSQL, signed events
over HTTP, 8 concurrent deliveries of one event processed exactly once, and the webhook bench on this site."""

from __future__ import annotations

import importlib.util
import re
import shutil
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import psycopg
import pytest
import servedproject
from stripeevents import event, sign, signed

from testsupport.services import require

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[3] / "bench" / "billing_webhooks.py"


@pytest.fixture(scope="module")
def site(stripe_server, postgres_url):
    with servedproject.served(postgres_url, stripe_server.url) as served:
        yield served


@pytest.fixture
def subscription(site, stripe_server):
    """A customer of the served site (created through its own code) and a subscription for them in Stripe."""
    _, project, _ = site
    price = stripe_server.add_price("pro_monthly", 1500)
    email = f"user{len(stripe_server.objects)}@example.com"
    project.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; from quickscale_modules.billing import services; "
        f"print(services.customer_for(get_user_model().objects.create_user({email!r}, 'pw')).stripe_customer_id)",
    )
    customer = next(o for o in stripe_server.objects.values() if o["object"] == "customer" and o["email"] == email)
    return stripe_server._subscription({"customer": customer["id"], "items": [{"price": price["id"]}]})


def deliver(url: str, payload: bytes, signature: str | None) -> int:
    headers = {"Content-Type": "application/json", **({"Stripe-Signature": signature} if signature else {})}
    request = urllib.request.Request(f"{url}/billing/webhook/", data=payload, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def rows(database_url: str, sql: str, *params):
    with psycopg.connect(database_url) as connection:
        return connection.execute(sql, params).fetchall()


def test_a_signed_event_over_http_starts_the_subscription_and_forgeries_get_400(site, subscription):
    server, _, database_url = site
    payload, signature = signed(event("customer.subscription.created", subscription))
    assert deliver(server.url, payload, sign(payload, secret="whsec_forged")) == 400
    assert deliver(server.url, payload, None) == 400
    assert (
        rows(
            database_url,
            "SELECT status FROM quickscale_billing_billingcustomer WHERE subscription_id = %s",
            subscription["id"],
        )
        == []
    )
    assert deliver(server.url, payload, signature) == 200
    assert rows(
        database_url,
        "SELECT status, lookup_keys FROM quickscale_billing_billingcustomer WHERE subscription_id = %s",
        subscription["id"],
    ) == [("active", ["pro_monthly"])]


def test_eight_concurrent_deliveries_of_one_event_process_it_once(site, stripe_server, subscription):
    server, _, database_url = site
    evt = event("customer.subscription.updated", subscription)
    payload, signature = signed(evt)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: deliver(server.url, payload, signature), range(8)))
    assert statuses == [200] * 8
    assert stripe_server.count("GET", f"/v1/subscriptions/{subscription['id']}") == 1
    assert rows(
        database_url, "SELECT status, attempts FROM quickscale_billing_webhookevent WHERE stripe_id = %s", evt["id"]
    ) == [("processed", 1)]


def test_the_webhook_bench_reports_ratios_for_distinct_and_duplicate_events(site):
    """bench/billing_webhooks.py's measurement, one short round on this site, so the bench cannot rot; no timing
    is judged. wrk's runs stop the bench when any answer is not 2xx: every signed event was accepted."""
    require("wrk", shutil.which("wrk") is not None, "run scripts/services.sh (it installs Debian's wrk)")
    spec = importlib.util.spec_from_file_location("billing_webhooks", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    server, _, database_url = site
    loads = bench.measure(server.url, seconds=1, rounds=1, events=300)
    table = bench.report(loads, SimpleNamespace(seconds=1, rounds=1))
    for label in ("trivial view GET /ping/ (baseline)", "webhook, distinct events", "webhook, duplicates of one event"):
        found = re.search(rf"^\| {re.escape(label)} \| \d+ \| [\d.]+ \| (\d+\.\d\d) \| (\d+\.\d\d) \|$", table, re.M)
        assert found and float(found[1]) > 0 and float(found[2]) > 0, table
    stored = rows(database_url, "SELECT count(*) FROM quickscale_billing_webhookevent WHERE type = 'charge.succeeded'")
    assert stored[0][0] > 1  # the distinct events were stored, each once (the duplicate's one row among them)
