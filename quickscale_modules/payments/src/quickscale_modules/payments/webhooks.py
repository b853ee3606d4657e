"""The Stripe events of one-off purchases. They arrive through the billing module's endpoint (verified, stored
once by the event's id, retried when processing fails; apps.py registers these handlers there). Each handler
finds the transaction the event's object names and syncs it from Stripe's current state, so the event's own
copy, however late or out of order, never decides anything."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from quickscale_modules.billing.services import _id
from quickscale_modules.payments import services


def _metadata_id(obj: dict[str, Any]) -> str | None:
    return (obj.get("metadata") or {}).get("quickscale_transaction")


def _checkout_session(session: dict[str, Any]) -> None:
    if session.get("mode") == "payment":
        _sync(services.find(session=session["id"], public_id=session.get("client_reference_id")))


def _payment_intent(intent: dict[str, Any]) -> None:
    _sync(services.find(payment_intent=intent["id"], public_id=_metadata_id(intent)))


def _about_a_payment_intent(obj: dict[str, Any]) -> None:
    """A charge, refund or dispute: the transaction of its PaymentIntent."""
    if obj.get("payment_intent"):
        _sync(services.find(payment_intent=_id(obj["payment_intent"]), public_id=_metadata_id(obj)))


def _sync(purchase) -> None:
    if purchase is not None:
        services.sync(purchase)


HANDLERS: dict[str, Callable[[dict[str, Any]], None]] = {
    "checkout.session.completed": _checkout_session,
    "checkout.session.async_payment_succeeded": _checkout_session,
    "checkout.session.async_payment_failed": _checkout_session,
    "checkout.session.expired": _checkout_session,
    "payment_intent.succeeded": _payment_intent,
    "payment_intent.payment_failed": _payment_intent,
    "payment_intent.canceled": _payment_intent,
    "charge.refunded": _about_a_payment_intent,
    "charge.refund.updated": _about_a_payment_intent,
    "refund.created": _about_a_payment_intent,
    "refund.updated": _about_a_payment_intent,
    "refund.failed": _about_a_payment_intent,
    "charge.dispute.created": _about_a_payment_intent,
    "charge.dispute.updated": _about_a_payment_intent,
    "charge.dispute.closed": _about_a_payment_intent,
}
