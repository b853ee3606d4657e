"""services.py against the real stripe-python and dj-stripe, talking to the local Stripe fake."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from djstripe import models as djstripe_models

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer, UsageRecord
from quickscale_modules.billing.signals import subscription_changed

pytestmark = pytest.mark.django_db


def test_customer_for_creates_one_stripe_customer_per_payer(fake_stripe, user):
    first = services.customer_for(user)
    again = services.customer_for(user)
    assert first.pk == again.pk
    assert fake_stripe.count("POST", "/v1/customers") == 1
    assert fake_stripe.objects[first.stripe_customer_id]["email"] == "ada@example.com"
    assert djstripe_models.Customer.objects.filter(id=first.stripe_customer_id).exists()


def test_billing_sync_copies_products_and_prices(catalog):
    prices = djstripe_models.Price.objects.order_by("lookup_key")
    assert [p.lookup_key for p in prices] == ["basic_monthly", "pro_monthly", "pro_yearly"]
    assert [p.lookup_key for p in services.prices_for_sale("month")] == ["basic_monthly", "pro_monthly"]
    assert [p.lookup_key for p in services.prices_for_sale("year")] == ["pro_yearly"]


def test_entitlements_follow_the_subscribed_price(user, subscribe):
    assert not services.has_feature(user, "export")
    assert services.limit(user, "projects") == 0
    subscribe(user, "pro_monthly")
    assert services.has_feature(user, "export")
    assert services.limit(user, "projects") == 10
    assert not services.has_feature(user, "sso")
    assert services.subscription_status(user) == "active"


def test_basic_plan_grants_only_its_limit(user, subscribe):
    subscribe(user, "basic_monthly")
    assert services.limit(user, "projects") == 3
    assert not services.has_feature(user, "export")


def test_signal_fires_once_per_change_of_state(fake_stripe, user, subscribe, django_capture_on_commit_callbacks):
    changes = []

    def listener(sender, customer, previous_status, status, **kwargs):
        changes.append((previous_status, status))

    subscription_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            customer = subscribe(user)
        with django_capture_on_commit_callbacks(execute=True):
            services.sync_subscription(customer.subscription_id)  # same state: no signal
        fake_stripe.advance(customer.subscription_id, status="past_due")
        with django_capture_on_commit_callbacks(execute=True):
            services.sync_subscription(customer.subscription_id)
    finally:
        subscription_changed.disconnect(listener)
    assert changes == [("", "active"), ("active", "past_due")]


def test_cancel_at_period_end_keeps_access_until_then_and_resume_undoes_it(fake_stripe, user, subscribe):
    customer = subscribe(user)
    customer = services.cancel_at_period_end(customer)
    assert customer.cancel_at_period_end and fake_stripe.objects[customer.subscription_id]["cancel_at_period_end"]
    assert services.has_subscription(user)
    assert not customer.has_access(now=customer.current_period_end + timedelta(seconds=1))
    customer = services.resume(customer)
    assert not customer.cancel_at_period_end
    assert customer.has_access(now=customer.current_period_end + timedelta(days=1))


@pytest.mark.parametrize(
    ("status", "since_days", "allowed"),
    [("past_due", 1, True), ("past_due", 4, False), ("unpaid", 0, False), ("canceled", 0, False)],
)
def test_access_by_status_and_grace_period(fake_stripe, user, subscribe, status, since_days, allowed):
    customer = subscribe(user)
    fake_stripe.advance(customer.subscription_id, status=status)
    services.sync_subscription(customer.subscription_id)
    BillingCustomer.objects.filter(pk=customer.pk).update(status_since=timezone.now() - timedelta(days=since_days))
    assert services.has_subscription(user) is allowed
    assert services.has_feature(user, "export") is allowed


def test_grace_period_is_a_setting(fake_stripe, user, subscribe):
    customer = subscribe(user)
    fake_stripe.advance(customer.subscription_id, status="past_due")
    services.sync_subscription(customer.subscription_id)
    BillingCustomer.objects.filter(pk=customer.pk).update(status_since=timezone.now() - timedelta(days=4))
    with override_settings(QUICKSCALE_BILLING_GRACE_PERIOD_DAYS=7):
        assert services.has_subscription(user)


def test_expired_trial_loses_access_after_the_grace(fake_stripe, user, subscribe):
    customer = subscribe(user)
    ended = int((timezone.now() - timedelta(days=5)).timestamp())
    fake_stripe.advance(customer.subscription_id, status="trialing", trial_end=ended)
    services.sync_subscription(customer.subscription_id)
    assert not services.has_subscription(user)
    fake_stripe.advance(customer.subscription_id, trial_end=int(timezone.now().timestamp()) + 3600)
    services.sync_subscription(customer.subscription_id)
    assert services.has_subscription(user)


def test_an_old_canceled_subscription_does_not_replace_the_live_one(fake_stripe, user, subscribe):
    old = subscribe(user, "basic_monthly")
    old_id = old.subscription_id
    fake_stripe.advance(old_id, status="canceled")  # its webhook is late
    new = subscribe(user, "pro_monthly")
    assert new.subscription_id != old_id
    services.sync_subscription(old_id)
    new.refresh_from_db()
    assert new.lookup_keys == ["pro_monthly"] and new.status == "active"


def test_checkout_session_carries_customer_price_seats_and_trial(fake_stripe, user, catalog):
    customer = services.customer_for(user)
    url = services.start_checkout(customer, "pro_yearly", "https://x.test/ok", "https://x.test/no")
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    assert url == session["url"]
    assert session["customer"] == customer.stripe_customer_id
    assert session["line_items"] == [{"price": catalog["pro_yearly"]["id"], "quantity": "1"}]
    assert session["subscription_data"]["trial_period_days"] == "14"
    assert session["payment_method_collection"] == "if_required"


def test_a_trial_that_needs_a_card_asks_checkout_for_one(fake_stripe, user, catalog):
    customer = services.customer_for(user)
    with override_settings(QUICKSCALE_BILLING_TRIALS={"pro_monthly": {"days": 7}}):
        services.start_checkout(customer, "pro_monthly", "https://x.test/ok", "https://x.test/no")
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    assert session["subscription_data"]["trial_period_days"] == "7"
    assert session["payment_method_collection"] == "always"  # Stripe's default: the card is taken up front
    assert "trial_settings" not in session["subscription_data"]
    customer = services.sync_subscription(fake_stripe.complete_checkout(session["id"])["subscription"])
    assert customer.status == "trialing" and services.has_feature(user, "export")


def test_portal_url_comes_from_stripe(fake_stripe, user):
    customer = services.customer_for(user)
    url = services.portal_url(customer, "https://x.test/billing/")
    assert url.startswith("https://billing.stripe.com/p/session/")


def test_not_configured_raises_a_clear_error(user, db):
    customer = BillingCustomer(stripe_customer_id="cus_x")
    with override_settings(STRIPE_SECRET_KEY=""), pytest.raises(services.BillingNotConfigured):
        services.portal_url(customer, "https://x.test/")


def test_usage_is_counted_once_per_idempotency_key_and_reported_once(fake_stripe, user):
    services.record_usage(user, "api_calls", 3, idempotency_key="req-1")
    services.record_usage(user, "api_calls", 3, idempotency_key="req-1")  # a retry
    services.record_usage(user, "api_calls", 2, idempotency_key="req-2")
    assert services.usage(user, "api_calls") == 5
    assert sorted(event["payload"]["value"] for event in fake_stripe.meter_events.values()) == ["2", "3"]
    assert fake_stripe.count("POST", "/v1/billing/meter_events") == 2


def test_usage_keys_are_scoped_per_customer_and_feature(fake_stripe, user, django_user_model):
    other = django_user_model.objects.create_user("bob@example.com", "pw")
    services.record_usage(user, "api_calls", 3, idempotency_key="req-1")
    services.record_usage(other, "api_calls", 5, idempotency_key="req-1")  # another customer's request 1
    services.record_usage(user, "exports", 2, idempotency_key="req-1")  # another feature, same key
    assert services.usage(user, "api_calls") == 3
    assert services.usage(other, "api_calls") == 5
    assert services.usage(user, "exports") == 2
    # Both customers' metered usage reached Stripe: neither meter event was taken for the other's retry.
    reported = {
        event["payload"]["stripe_customer_id"]: event["payload"]["value"] for event in fake_stripe.meter_events.values()
    }
    assert reported == {
        services.find_customer(user).stripe_customer_id: "3",
        services.find_customer(other).stripe_customer_id: "5",
    }


def test_a_long_usage_key_still_gives_stripe_a_valid_meter_event(fake_stripe, user):
    services.record_usage(user, "api_calls", 1, idempotency_key="job-" + "x" * 251)
    assert UsageRecord.objects.get().reported_at is not None
    assert len(fake_stripe.meter_events) == 1


def test_unmetered_usage_stays_local(fake_stripe, user):
    services.record_usage(user, "exports", 1)
    assert services.usage(user, "exports") == 1
    assert services.usage(user, "exports", since=timezone.now() + timedelta(minutes=1)) == 0
    assert fake_stripe.count("POST", "/v1/billing/meter_events") == 0


def test_usage_that_stripe_refused_is_reported_later(fake_stripe, user):
    from django.core.management import call_command

    services.customer_for(user)
    fake_stripe.fail_next.append(500)
    fake_stripe.fail_next.append(500)
    fake_stripe.fail_next.append(500)
    with pytest.raises(Exception):  # noqa: B017 - stripe's APIError after its own retries
        services.record_usage(user, "api_calls", 4, idempotency_key="job-9")
    assert UsageRecord.objects.get(idempotency_key="job-9").reported_at is None
    call_command("billing_report_usage")
    assert UsageRecord.objects.get(idempotency_key="job-9").reported_at is not None
    assert [event["payload"]["value"] for event in fake_stripe.meter_events.values()] == ["4"]


def test_usage_must_be_positive(user, fake_stripe):
    with pytest.raises(ValueError, match="positive"):
        services.record_usage(user, "api_calls", 0)
