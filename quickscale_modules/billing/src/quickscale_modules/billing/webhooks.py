"""Stripe webhooks: verify the signature, claim the event once by its id, process it, record the outcome.

Processing fetches the object's current state from Stripe instead of trusting the event's copy, after
locking the customer's row, so events arriving late, out of order or processed at the same moment never roll
a subscription back. A failed event is stored as failed and the
endpoint answers 500, so Stripe redelivers it; `manage.py billing_reprocess_events` retries stored ones.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import stripe
from django.db import transaction
from django.utils import timezone
from djstripe import models as djstripe_models

from quickscale_modules.billing import services
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import EventStatus, WebhookEvent

logger = logging.getLogger(__name__)


class InvalidWebhook(Exception):
    """The request is not a genuine, well-formed Stripe event (bad or stale signature, bad JSON)."""


def verify(payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a webhook request whose signature matches STRIPE_WEBHOOK_SECRET within the tolerance."""
    secret = billing_settings.webhook_secret
    if not secret:
        raise InvalidWebhook("STRIPE_WEBHOOK_SECRET is not set, so no event can be verified.")
    if not signature:
        raise InvalidWebhook("The request has no Stripe-Signature header.")
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, secret, tolerance=billing_settings.WEBHOOK_TOLERANCE
        )
        event = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as error:
        raise InvalidWebhook(str(error)) from error
    if not _well_formed(event):
        raise InvalidWebhook("The payload is not a Stripe event (id, type, created and data.object).")
    return event


def _well_formed(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and event.get("object") == "event"
        and isinstance(event.get("id"), str)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("created"), int)
        and isinstance(event.get("data"), dict)
        and isinstance(event["data"].get("object"), dict)
    )


def receive(event: dict[str, Any]) -> WebhookEvent:
    """Store the event (once: INSERT ... ON CONFLICT DO NOTHING) and process it unless already processed.

    The row is locked (SELECT ... FOR UPDATE) while it is processed, so concurrent deliveries of one event
    wait for the first and then find it processed.
    """
    with transaction.atomic():
        WebhookEvent.objects.bulk_create(
            [
                WebhookEvent(
                    stripe_id=event["id"],
                    type=event["type"],
                    livemode=bool(event.get("livemode")),
                    created=datetime.fromtimestamp(event["created"], tz=UTC),
                    payload=event,
                )
            ],
            ignore_conflicts=True,
        )
        stored = WebhookEvent.objects.select_for_update().get(stripe_id=event["id"])
        if stored.status != EventStatus.PROCESSED:
            process(stored)
    return stored


def process(stored: WebhookEvent) -> None:
    """Run the event's handler inside a savepoint; record success or the error (called with the row locked)."""
    stored.attempts += 1
    try:
        with transaction.atomic():
            handle(stored.payload)
    except Exception as error:  # any failure is recorded, and the event retried later
        logger.exception("Stripe event %s (%s) failed", stored.stripe_id, stored.type)
        stored.status = EventStatus.FAILED
        stored.last_error = f"{type(error).__name__}: {error}"
    else:
        stored.status = EventStatus.PROCESSED
        stored.last_error = ""
        stored.processed_at = timezone.now()
    stored.save(update_fields=["attempts", "status", "last_error", "processed_at"])


def reprocess(stored: WebhookEvent) -> WebhookEvent:
    """Process a stored event again (failed ones, or any with force), under the same lock."""
    with transaction.atomic():
        locked = WebhookEvent.objects.select_for_update().get(pk=stored.pk)
        process(locked)
    return locked


def handle(event: dict[str, Any]) -> None:
    handler = HANDLERS.get(event["type"]) or HANDLERS.get(event["type"].rsplit(".", 1)[0] + ".*")
    if handler is not None:
        handler(event["data"]["object"])
    for extra in REGISTERED.get(event["type"], ()):
        extra(event["data"]["object"])


def register(event_type: str, handler: Callable[[dict[str, Any]], None]) -> None:
    """Have another app (the payments module) handle `event_type` too, after billing's own handler, through
    this same endpoint: verified, stored once by the event's id, retried when it fails. Registering twice is
    harmless."""
    handlers = REGISTERED.setdefault(event_type, [])
    if handler not in handlers:
        handlers.append(handler)


def _subscription(obj: dict[str, Any]) -> None:
    services.sync_subscription(obj["id"], _customer(obj))


def _checkout_completed(session: dict[str, Any]) -> None:
    if session.get("mode") == "subscription" and session.get("subscription"):
        services.sync_subscription(services._id(session["subscription"]), _customer(session))


def _invoice(invoice: dict[str, Any]) -> None:
    # A paid or failed renewal moves the subscription between active and past_due.
    subscription = invoice.get("subscription") or ((invoice.get("parent") or {}).get("subscription_details") or {}).get(
        "subscription"
    )
    if subscription:
        services.sync_subscription(services._id(subscription), _customer(invoice))


def _customer(obj: dict[str, Any]) -> str | None:
    """The Stripe customer an event's object names (whose row is locked before Stripe is read)."""
    return services._id(obj["customer"]) if obj.get("customer") else None


def _product(product: dict[str, Any]) -> None:
    if product.get("deleted"):
        djstripe_models.Product.objects.filter(id=product["id"]).update(active=False)
    else:
        services.sync_product(product["id"])


def _price(price: dict[str, Any]) -> None:
    if price.get("deleted"):
        djstripe_models.Price.objects.filter(id=price["id"]).update(active=False)
    else:
        services.sync_price(price["id"])


def _product_deleted(product: dict[str, Any]) -> None:
    _product({**product, "deleted": True})


def _price_deleted(price: dict[str, Any]) -> None:
    _price({**price, "deleted": True})


# Handlers other installed apps registered (register()), by exact event type.
REGISTERED: dict[str, list[Callable[[dict[str, Any]], None]]] = {}

HANDLERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "customer.subscription.*": _subscription,
    "checkout.session.completed": _checkout_completed,
    "checkout.session.async_payment_succeeded": _checkout_completed,
    "invoice.paid": _invoice,
    "invoice.payment_failed": _invoice,
    "product.deleted": _product_deleted,
    "product.*": _product,
    "price.deleted": _price_deleted,
    "price.*": _price,
}
