"""The webhook endpoint through Django's test client: verification, idempotency, ordering, failures."""

from __future__ import annotations

import json
import time

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from djstripe import models as djstripe_models
from stripeevents import event, sign, signed

from quickscale_modules.billing import services
from quickscale_modules.billing.models import BillingCustomer, EventStatus, WebhookEvent

pytestmark = pytest.mark.django_db

URL = "/billing/webhook/"


def post(client, payload: bytes, signature: str | None):
    headers = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    return client.post(URL, payload, content_type="application/json", **headers)


def deliver(client, evt: dict):
    payload, signature = signed(evt)
    return post(client, payload, signature)


@pytest.fixture
def subscription(fake_stripe, user, catalog):
    """A subscription that exists in Stripe (Checkout completed) but whose events have not arrived yet."""
    customer = services.customer_for(user)
    session = fake_stripe._checkout_session(
        {
            "mode": "subscription",
            "customer": customer.stripe_customer_id,
            "line_items": [{"price": catalog["pro_monthly"]["id"], "quantity": "1"}],
        }
    )
    fake_stripe.complete_checkout(session["id"])
    return fake_stripe.objects[fake_stripe.objects[session["id"]]["subscription"]]


def test_checkout_completed_starts_the_subscription(client, fake_stripe, user, subscription):
    session = next(o for o in fake_stripe.objects.values() if o["object"] == "checkout.session")
    response = deliver(client, event("checkout.session.completed", session))
    assert response.status_code == 200
    assert services.has_feature(user, "export")
    assert djstripe_models.Subscription.objects.get(id=subscription["id"]).status == "active"
    assert WebhookEvent.objects.get().status == EventStatus.PROCESSED


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda payload, sig: (payload, None), id="unsigned"),
        pytest.param(lambda payload, sig: (payload, sign(payload, secret="whsec_someone_else")), id="forged"),
        pytest.param(lambda payload, sig: (payload.replace(b"active", b"trialing"), sig), id="altered"),
        pytest.param(lambda payload, sig: (payload, sign(payload, timestamp=int(time.time()) - 600)), id="stale"),
        pytest.param(lambda payload, sig: (b"{not json", sign(b"{not json")), id="malformed"),
        pytest.param(lambda payload, sig: (b'{"id": "evt_1"}', sign(b'{"id": "evt_1"}')), id="not-an-event"),
        pytest.param(lambda payload, sig: (payload, "t=abc,v1=zz"), id="garbled-header"),
    ],
)
def test_anything_not_signed_by_stripe_gets_400_and_changes_nothing(client, user, subscription, tamper):
    payload, signature = signed(event("customer.subscription.updated", subscription))
    response = post(client, *tamper(payload, signature))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert not services.has_subscription(user)


def test_without_a_webhook_secret_nothing_is_accepted(client, settings, user, subscription):
    payload, signature = signed(event("customer.subscription.updated", subscription))
    settings.STRIPE_WEBHOOK_SECRET = ""
    assert post(client, payload, signature).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_redelivered_event_is_processed_once(client, fake_stripe, user, subscription):
    evt = event("customer.subscription.created", subscription)
    for _ in range(3):
        assert deliver(client, evt).status_code == 200
    assert fake_stripe.count("GET", f"/v1/subscriptions/{subscription['id']}") == 1
    stored = WebhookEvent.objects.get()
    assert (stored.status, stored.attempts) == (EventStatus.PROCESSED, 1)


def test_events_out_of_order_end_in_stripes_current_state(client, fake_stripe, user, subscription):
    older = event("customer.subscription.updated", {**subscription, "status": "active"}, created=1000)
    fake_stripe.advance(subscription["id"], status="past_due")
    newer = event("customer.subscription.updated", {**subscription, "status": "past_due"}, created=2000)
    deliver(client, newer)
    deliver(client, older)  # arrives last, describes an older state
    assert BillingCustomer.objects.get().status == "past_due"


def test_deleted_subscription_ends_access(client, fake_stripe, user, subscription):
    deliver(client, event("customer.subscription.created", subscription))
    assert services.has_subscription(user)
    canceled = fake_stripe.advance(subscription["id"], status="canceled")
    deliver(client, event("customer.subscription.deleted", canceled))
    assert not services.has_subscription(user)


def test_a_failed_renewal_moves_to_past_due(client, fake_stripe, user, subscription):
    deliver(client, event("customer.subscription.created", subscription))
    fake_stripe.advance(subscription["id"], status="past_due")
    invoice = {"id": "in_1", "object": "invoice", "subscription": subscription["id"], "status": "open"}
    assert deliver(client, event("invoice.payment_failed", invoice)).status_code == 200
    assert services.subscription_status(user) == "past_due"
    assert services.has_subscription(user)  # within the grace period


def test_price_and_product_events_keep_the_catalog_current(client, fake_stripe, catalog):
    added = fake_stripe.add_price("team_monthly", 4900, "month", name="Team")
    deliver(client, event("price.created", added))
    assert djstripe_models.Price.objects.filter(lookup_key="team_monthly", active=True).exists()
    deliver(client, event("price.deleted", added))
    assert not djstripe_models.Price.objects.get(lookup_key="team_monthly").active
    product = fake_stripe.objects[added["product"]]
    product["name"] = "Team plan"
    deliver(client, event("product.updated", product))
    assert djstripe_models.Product.objects.get(id=product["id"]).name == "Team plan"
    deliver(client, event("product.deleted", product))
    assert not djstripe_models.Product.objects.get(id=product["id"]).active


def test_unhandled_event_types_are_stored_as_processed(client):
    assert deliver(client, event("charge.refunded", {"id": "ch_1", "object": "charge"})).status_code == 200
    assert WebhookEvent.objects.get().status == EventStatus.PROCESSED


def test_a_failure_is_recorded_answered_500_and_reprocessed_later(client, fake_stripe, user, subscription):
    evt = event("customer.subscription.updated", subscription)
    fake_stripe.fail_next.extend([500, 500, 500])
    response = deliver(client, evt)
    assert response.status_code == 500
    stored = WebhookEvent.objects.get()
    assert stored.status == EventStatus.FAILED and "APIError" in stored.last_error
    assert not services.has_subscription(user)
    call_command("billing_reprocess_events")
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.last_error) == (EventStatus.PROCESSED, 2, "")
    assert services.has_subscription(user)


def test_stripes_redelivery_of_a_failed_event_processes_it(client, fake_stripe, user, subscription):
    evt = event("customer.subscription.updated", subscription)
    fake_stripe.fail_next.extend([500, 500, 500])
    assert deliver(client, evt).status_code == 500
    assert deliver(client, evt).status_code == 200
    assert services.has_subscription(user)


def test_reprocess_command_takes_event_ids_and_reports_failures(client, fake_stripe, user, subscription, capsys):
    evt = event("customer.subscription.updated", subscription, event_id="evt_again")
    deliver(client, evt)
    call_command("billing_reprocess_events", "evt_again")
    assert "evt_again customer.subscription.updated: processed" in capsys.readouterr().out
    with pytest.raises(CommandError, match="evt_missing"):
        call_command("billing_reprocess_events", "evt_missing")
    fake_stripe.fail_next.extend([500, 500, 500])
    with pytest.raises(CommandError, match="failed again"):
        call_command("billing_reprocess_events", "evt_again")


def test_stored_payload_is_the_event(client, subscription):
    evt = event("customer.subscription.created", subscription)
    deliver(client, evt)
    assert WebhookEvent.objects.get().payload == json.loads(json.dumps(evt))
