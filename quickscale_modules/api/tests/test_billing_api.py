"""/api/v1/billing/subscription: the payer's status and entitlements, from the local rows only (never Stripe)."""

from __future__ import annotations

from datetime import timedelta

from apiflows import make_user, with_key
from django.contrib.contenttypes.models import ContentType
from django.test import override_settings
from django.utils import timezone

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
