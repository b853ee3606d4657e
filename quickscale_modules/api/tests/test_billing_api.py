"""/api/v1/billing/subscription: the payer's status and entitlements, from the local rows only (never Stripe)."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
import stripe
from apiflows import make_user, with_key
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer
from quickscale_modules.teams import services as teams_services

NONE = {
    "status": "",
    "has_access": False,
    "plans": [],
    "entitlements": {},
    "current_period_end": None,
    "trial_end": None,
    "cancel_at_period_end": False,
}


def subscribed(payer, status="active", plans=("pro_monthly",), **fields) -> BillingCustomer:
    """What the billing webhooks leave behind for a subscribed payer (no Stripe: the API reads only this)."""
    return BillingCustomer.objects.create(
        owner_type=ContentType.objects.get_for_model(payer),
        owner_id=str(payer.pk),
        stripe_customer_id=f"cus_{payer._meta.model_name}{payer.pk}",
        subscription_id=f"sub_{payer.pk}",
        status=status,
        status_since=timezone.now(),
        lookup_keys=list(plans),
        **fields,
    )


def subscription(client, key: str) -> dict:
    response = client.get("/api/v1/billing/subscription", **with_key(key))
    assert response.status_code == 200
    return response.json()


def test_without_a_subscription_nothing_is_granted(client, api_key):
    assert subscription(client, api_key) == {"payer": "user", "team": None, **NONE}


def test_a_users_active_plans_and_what_they_grant(client, user, api_key):
    end = timezone.now() + timedelta(days=20)
    subscribed(user, plans=["basic_monthly", "pro_monthly"], current_period_end=end, cancel_at_period_end=True)
    body = subscription(client, api_key)
    assert body["status"] == "active" and body["has_access"] is True and body["cancel_at_period_end"] is True
    assert body["plans"] == ["basic_monthly", "pro_monthly"]
    assert body["entitlements"] == {"export": True, "projects": 10}
    assert body["current_period_end"].startswith(end.date().isoformat())


def test_a_canceled_subscription_shows_its_status_and_grants_nothing(client, user, api_key):
    subscribed(user, status="canceled")
    body = subscription(client, api_key)
    assert body["status"] == "canceled" and body["has_access"] is False and body["entitlements"] == {}


def test_another_users_subscription_is_not_the_callers(client, api_key, db):
    subscribed(make_user("eve@example.com"))
    assert subscription(client, api_key)["status"] == ""


@override_settings(QUICKSCALE_BILLING_CUSTOMER="team")
def test_with_per_team_billing_the_team_the_user_works_in_pays(client, user, api_key):
    assert subscription(client, api_key) == {"payer": None, "team": None, **NONE}  # no team yet
    team = teams_services.create_team("Acme", user)
    subscribed(team, plans=["basic_monthly"])
    subscribed(user, plans=["pro_monthly"])  # the user's own subscription does not count here
    body = subscription(client, api_key)
    assert body["payer"] == "team" and body["team"] == "acme"
    assert body["entitlements"] == {"projects": 3}


def test_it_is_read_only(client, api_key):
    response = client.post("/api/v1/billing/subscription", {}, content_type="application/json", **with_key(api_key))
    assert response.status_code == 405
    assert not BillingCustomer.objects.exists()  # reading makes no customer (and so calls no Stripe)


@pytest.fixture
def on_sale(settings, db):
    """Plans in the billing module's local Stripe fake, synced into the database as `billing_sync` does."""
    path = Path(__file__).resolve().parents[2] / "billing" / "tests" / "fakestripe.py"
    spec = importlib.util.spec_from_file_location("api_tests_fakestripe", path)
    fakestripe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fakestripe)
    server, previous = fakestripe.FakeStripe(), stripe.api_base
    stripe.api_base = server.start()
    settings.STRIPE_SECRET_KEY = "sk_test_" + "a" * 24
    try:
        server.add_price("pro_monthly", 1500, "month", name="Pro")
        server.add_price("basic_monthly", 500, "month", name="Basic")
        server.add_price("pro_yearly", 15000, "year", name="Pro")  # not in QUICKSCALE_BILLING_ENTITLEMENTS
        services.sync_catalog()
        yield
    finally:
        stripe.api_base = previous
        server.stop()


def test_visitors_read_the_plans_on_sale_with_what_each_includes(client, on_sale):
    response = client.get("/api/v1/billing/plans")
    assert response.status_code == 200
    plans = response.json()
    assert [(plan["name"], plan["amount"], plan["includes"]) for plan in plans] == [
        ("Basic", "5.00 USD / month", ["3 projects"]),
        ("Pro", "15.00 USD / month", ["Export", "10 projects"]),
    ]
    assert plans[1]["lookup_key"] == "pro_monthly" and plans[1]["interval"] == "month"
    assert client.get("/api/v1/billing/plans?interval=year").json() == []  # pro_yearly is not for sale


def test_an_unknown_interval_is_a_sentence_and_without_stripe_keys_nothing_is_on_sale(client, db, settings):
    response = client.get("/api/v1/billing/plans?interval=decade")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"interval": ["Choose month or year."]}
    settings.STRIPE_SECRET_KEY = ""
    assert client.get("/api/v1/billing/plans").json() == []
