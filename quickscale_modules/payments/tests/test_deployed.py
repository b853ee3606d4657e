"""The test project under gunicorn on PostgreSQL, as Stripe and a buyer meet a deployed site: 8 concurrent
deliveries of one signed event make one state change, and a person in headless Chromium buys a report (the
Checkout page itself is Stripe's: a stand-in), pays, finds the receipt and refunds part of it."""

from __future__ import annotations

import importlib.util
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
import servedproject
from stripeevents import event, signed
from test_served import deliver, rows  # the billing module's: Stripe's delivery over HTTP, a query

from testsupport.services import require

pytestmark = pytest.mark.slow

TESTS_DIR = Path(__file__).resolve().parent
BENCH = TESTS_DIR.parents[2] / "bench" / "billing_webhooks.py"
EMAIL = "grace@example.com"
PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(scope="module")
def site(stripe_server, postgres_url):
    stripe_server.reset()
    with servedproject.served(postgres_url, stripe_server.url, name="payments_testproject", folder=TESTS_DIR) as served:
        _, project, _ = served
        servedproject.create_verified_user(project, EMAIL, PASSWORD)
        yield served


def charge_on_the_site(project, description: str) -> str:
    """A purchase started by the site's own code; its Checkout Session's id."""
    script = (
        "from django.contrib.auth import get_user_model; from quickscale_modules.payments import services; "
        f"u = get_user_model().objects.get(email={EMAIL!r}); "
        f"services.charge(u, 2500, 'usd', {description!r}, success_url='https://e.com/', cancel_url='https://e.com/'); "
        f"print(services.history(u).get(description={description!r}).stripe_checkout_session_id)"
    )
    return project.manage("shell", "--no-imports", "-c", script).stdout.strip().splitlines()[-1]


def test_eight_concurrent_deliveries_of_one_event_make_one_state_change(site, stripe_server):
    server, project, database_url = site
    session = stripe_server.complete_checkout(charge_on_the_site(project, "Concurrent report"))
    evt = event("checkout.session.completed", session)
    payload, signature = signed(evt)
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: deliver(server.url, payload, signature), range(8)))
    assert statuses == [200] * 8
    assert rows(
        database_url,
        "SELECT status, paid_at IS NOT NULL FROM quickscale_payments_transaction WHERE stripe_checkout_session_id = %s",
        session["id"],
    ) == [("succeeded", True)]
    assert rows(
        database_url, "SELECT status, attempts FROM quickscale_billing_webhookevent WHERE stripe_id = %s", evt["id"]
    ) == [("processed", 1)]
    assert stripe_server.count("GET", f"/v1/payment_intents/{session['payment_intent']}") == 1
    # One receipt email for the one success.
    assert (
        rows(
            database_url,
            "SELECT count(*) FROM quickscale_notifications_delivery WHERE subject LIKE %s",
            "%Concurrent report",
        )[0][0]
        == 1
    )


def test_a_buyer_buys_pays_finds_the_receipt_and_refunds_part(browser, site, stripe_server, artifacts_dir):
    server, _, _ = site
    page = browser.new_context().new_page()
    # Stripe's hosted pages are not reachable from here: the browser shows a stand-in and the test checks the URL.
    page.route("https://checkout.stripe.com/**", lambda route: route.fulfill(body="Stripe Checkout", status=200))
    page.goto(f"{server.url}/accounts/login/?next=/reports/7/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{server.url}/reports/7/")
    page.click("text=Buy for $15.00")
    page.wait_for_url("https://checkout.stripe.com/**")
    session = next(
        o for o in stripe_server.objects.values() if o["object"] == "checkout.session" and o["status"] == "open"
    )
    assert page.url == f"https://checkout.stripe.com/c/pay/{session['id']}"
    assert session["mode"] == "payment" and session["success_url"] == f"{server.url}/payments/"

    # The buyer pays on Stripe; Stripe sends the signed event; Checkout returns to the success URL.
    paid = stripe_server.complete_checkout(session["id"])
    assert deliver(server.url, *signed(event("checkout.session.completed", paid))) == 200
    page.goto(session["success_url"])
    row = page.locator("[data-testid=purchase]", has_text="Report 7")
    assert row.locator("[data-testid=purchase-amount]").inner_text() == "$15.00"
    assert row.locator("[data-testid=purchase-status]").inner_text() == "Paid"
    row.locator("text=Receipt").click()
    page.screenshot(path=str(artifacts_dir / "payments-receipt.png"), full_page=True)
    page.fill("#refund-amount", "5")
    page.click("[data-testid=refund-form] button[type=submit]")
    page.wait_for_selector("text=The refund is on its way")
    assert page.inner_text("[data-testid=receipt-status]") == "Partially refunded"
    assert page.inner_text("[data-testid=receipt-refunded]") == "$5.00"
    charge = stripe_server.objects[stripe_server.objects[paid["payment_intent"]]["latest_charge"]]
    assert charge["amount_refunded"] == 500


def test_the_webhook_bench_reports_payment_events_beside_billings(site):
    """bench/billing_webhooks.py --project payments, one short round on this site, so the bench cannot rot; no
    timing is judged. wrk stops the bench when any answer is not 2xx: every signed event was accepted."""
    require("wrk", shutil.which("wrk") is not None, "run scripts/services.sh (it installs Debian's wrk)")
    spec = importlib.util.spec_from_file_location("billing_webhooks", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    server, _, database_url = site
    loads = bench.measure(server.url, seconds=1, rounds=1, events=300, payments=True)
    table = bench.report(loads, SimpleNamespace(seconds=1, rounds=1))
    for label in ("webhook, distinct events", "webhook, distinct payment events (payments module)"):
        found = re.search(rf"^\| {re.escape(label)} \| \d+ \| [\d.]+ \| (\d+\.\d\d) \| (\d+\.\d\d) \|$", table, re.M)
        assert found and float(found[1]) > 0 and float(found[2]) > 0, table
    stored = rows(
        database_url, "SELECT count(*) FROM quickscale_billing_webhookevent WHERE type = %s", "payment_intent.succeeded"
    )
    assert stored[0][0] > 1
