"""The payments module's Python API: one-off charges through Stripe Checkout, refunds, and who sees what.

    from quickscale_modules.payments import services as payments
    url = payments.charge(request.user, 1500, "usd", "Annual report", item=report,
                          success_url=..., cancel_url=...)           # redirect the buyer to url
    payments.refund(transaction, 500, reason="requested_by_customer")  # partial; amount=None: what remains
    payments.history(team)                                            # the payer's transactions, newest first

The Stripe customer of a payer is the billing module's (one per user or team, whatever it buys). A
transaction's state always comes from Stripe, read with its row locked (sync), so events arriving late, twice
or out of order, and refunds made at the same moment, apply one after the other and never move it back.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

import stripe
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from quickscale_modules.billing import services as billing
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.payments import signals
from quickscale_modules.payments.models import (
    COUNTED_REFUNDS,
    PAID_STATUSES,
    STATUS_RANK,
    Refund,
    Status,
    Transaction,
)
from quickscale_modules.payments.money import format_amount

logger = logging.getLogger(__name__)

# Stripe's largest amount for one charge (eight digits), and the reasons it accepts for a refund.
MAX_AMOUNT = 99_999_999
REFUND_REASONS = ("requested_by_customer", "duplicate", "fraudulent")


class PaymentsNotConfigured(Exception):
    """STRIPE_SECRET_KEY is not set: nothing can be charged or refunded."""

    def __init__(self) -> None:
        super().__init__("Payments are not configured yet: set STRIPE_SECRET_KEY.")


class ChargeRefused(ValueError):
    """A charge that must not start; the message is one sentence saying what to change."""


class RefundRefused(ValueError):
    """A refund that must not happen (nothing paid, more than remains ...); the message is one sentence."""


# --- charging ----------------------------------------------------------------------------------------------


def charge(
    payer: models.Model,
    amount: int,
    currency: str,
    description: str,
    *,
    item: models.Model | None = None,
    idempotency_key: str | None = None,
    success_url: str,
    cancel_url: str,
) -> str:
    """Start a one-off purchase: a pending Transaction and a Stripe Checkout Session (payment mode); its URL.

    `amount` is in the currency's minor units. The same `idempotency_key` (a retried request, a double click)
    gives back the same Checkout instead of a second charge.
    """
    _require_configuration()
    currency = _checked_charge(amount, currency, description)
    key = idempotency_key or uuid.uuid4().hex
    purchase = _pending_transaction(payer, amount, currency, description.strip(), item, key)
    if not purchase.checkout_url:
        _open_checkout(purchase, success_url, cancel_url)
    return purchase.checkout_url


def _checked_charge(amount: Any, currency: Any, description: Any) -> str:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 < amount <= MAX_AMOUNT:
        raise ChargeRefused(
            f"The amount must be a whole number of minor units from 1 to {MAX_AMOUNT:,} (cents, or yen)."
        )
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise ChargeRefused("The currency must be a three-letter ISO code such as usd or jpy.")
    if not isinstance(description, str) or not description.strip() or len(description) > 255:
        raise ChargeRefused("The description must be 1 to 255 characters: it is what the buyer sees on Checkout.")
    return currency.lower()


def _pending_transaction(payer, amount: int, currency: str, description: str, item, key: str) -> Transaction:
    """The transaction of `key`: the one made before (the same purchase only), or a new pending one."""
    existing = Transaction.objects.filter(idempotency_key=key).first()
    if existing is None:
        customer = billing.customer_for(payer)
        try:
            with transaction.atomic():
                return Transaction.objects.create(
                    payer=payer,
                    payer_label=_label(payer),
                    **({"item": item} if item is not None else {}),
                    description=description,
                    amount=amount,
                    currency=currency,
                    stripe_customer_id=customer.stripe_customer_id,
                    idempotency_key=key,
                )
        except IntegrityError:  # the same key at the same moment: the other request made it
            existing = Transaction.objects.get(idempotency_key=key)
    if (existing.payer_type_id, existing.payer_id, existing.amount, existing.currency) != (
        ContentType.objects.get_for_model(payer).pk,
        str(payer.pk),
        amount,
        currency,
    ):
        raise ChargeRefused("This idempotency key was used for another purchase; use a new key for each purchase.")
    if existing.status != Status.PENDING:
        raise ChargeRefused(f"This purchase is already {existing.get_status_display().lower()}.")
    return existing


def _open_checkout(purchase: Transaction, success_url: str, cancel_url: str) -> None:
    metadata = {"quickscale_transaction": str(purchase.public_id)}
    session = stripe.checkout.Session.create(
        mode="payment",
        customer=purchase.stripe_customer_id,
        client_reference_id=str(purchase.public_id),
        line_items=[
            {
                "quantity": 1,
                "price_data": {
                    "currency": purchase.currency,
                    "unit_amount": purchase.amount,
                    "product_data": {"name": purchase.description},
                },
            }
        ],
        metadata=metadata,
        payment_intent_data={"metadata": metadata},
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=f"quickscale-payments-checkout-{purchase.idempotency_key}",
        **billing._stripe_options(),
    )
    purchase.stripe_checkout_session_id = session["id"]
    purchase.checkout_url = session["url"]
    purchase.save(update_fields=["stripe_checkout_session_id", "checkout_url", "updated_at"])


def _label(payer: models.Model) -> str:
    return (getattr(payer, "email", "") or str(payer))[:255]


# --- refunding ---------------------------------------------------------------------------------------------


def refund(
    purchase: Transaction, amount: int | None = None, reason: str = "requested_by_customer", *, by=None
) -> Refund:
    """Refund `amount` minor units of a paid purchase (None: all that remains). Refunds together never exceed
    the charge: the row is locked while Stripe is asked, so two refunds at once cannot both take the rest."""
    _require_configuration()
    if reason not in REFUND_REASONS:
        raise RefundRefused(f"The reason must be one of {', '.join(REFUND_REASONS)}.")
    with transaction.atomic():
        locked = Transaction.objects.select_for_update().get(pk=purchase.pk)
        amount = _checked_refund(locked, amount)
        created = stripe.Refund.create(
            payment_intent=locked.stripe_payment_intent_id,
            amount=amount,
            reason=reason,
            metadata={"quickscale_transaction": str(locked.public_id)},
            idempotency_key=f"quickscale-payments-refund-{locked.pk}-{locked.refunds.count() + 1}-{amount}",
            **billing._stripe_options(),
        )
        record = Refund.objects.create(
            transaction=locked,
            stripe_refund_id=created["id"],
            amount=created["amount"],
            status=created["status"],
            reason=reason,
            requested_by=by if getattr(by, "is_authenticated", False) else None,
        )
        _apply(locked, _refund_state(locked))
    purchase.refresh_from_db()
    return record


def _checked_refund(purchase: Transaction, amount: int | None) -> int:
    if purchase.status not in PAID_STATUSES:
        raise RefundRefused(
            f"Only a paid purchase can be refunded; this one is {purchase.get_status_display().lower()}."
        )
    remaining = purchase.refundable
    if remaining <= 0:
        raise RefundRefused("This purchase is refunded in full already.")
    if amount is None:
        return remaining
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise RefundRefused("The amount to refund must be more than zero.")
    if amount > remaining:
        raise RefundRefused(
            f"At most {format_amount(remaining, purchase.currency)} of this purchase can still be refunded."
        )
    return amount


# --- who sees and refunds what -----------------------------------------------------------------------------


def history(payer: models.Model) -> QuerySet[Transaction]:
    """The purchases of a user or a team, newest first."""
    return Transaction.objects.filter(payer_type=ContentType.objects.get_for_model(payer), payer_id=str(payer.pk))


def visible_to(user) -> QuerySet[Transaction]:
    """The purchases `user` may see: their own, and (with teams) those of every team they belong to."""
    if not getattr(user, "is_authenticated", False):
        return Transaction.objects.none()
    mine = Q(payer_type=ContentType.objects.get_for_model(user), payer_id=str(user.pk))
    if apps.is_installed("quickscale_modules.teams"):
        from quickscale_modules.teams.models import Team
        from quickscale_modules.teams.services import teams_for

        team_ids = [str(pk) for pk in teams_for(user).values_list("pk", flat=True)]
        mine |= Q(payer_type=ContentType.objects.get_for_model(Team), payer_id__in=team_ids)
    return Transaction.objects.filter(mine)


def can_refund(user, purchase: Transaction) -> bool:
    """Whether `user` may refund `purchase` themself: the user who paid, or an owner of the team that paid
    (the teams module's manage_billing right). The time allowed is QUICKSCALE_PAYMENTS_SELF_REFUND_DAYS."""
    payer = purchase.payer
    if payer is None or not getattr(user, "is_authenticated", False):
        return False
    if payer._meta.label == "quickscale_teams.Team":
        from quickscale_modules.teams.services import can, get_membership

        return can(get_membership(user, payer), "manage_billing")
    return payer == user


# --- Stripe's state ----------------------------------------------------------------------------------------


@dataclass
class StripeState:
    """What Stripe says of a purchase now."""

    status: str = Status.PENDING
    payment_intent: str = ""
    charge: str = ""
    refunds: list[dict[str, Any]] = field(default_factory=list)
    dispute_status: str = ""


def find(*, payment_intent: str | None = None, session: str | None = None, public_id: str | None = None):
    """The transaction a Stripe object names (by PaymentIntent, Checkout Session or our metadata), or None."""
    lookups = [
        Q(stripe_payment_intent_id=payment_intent) if payment_intent else None,
        Q(stripe_checkout_session_id=session) if session else None,
        Q(public_id=public_id) if public_id and _is_uuid(public_id) else None,
    ]
    for lookup in filter(None, lookups):
        found = Transaction.objects.filter(lookup).first()
        if found is not None:
            return found
    return None


def sync(purchase: Transaction) -> Transaction:
    """Bring a transaction to Stripe's current state (with its row locked); what changed sends its signals."""
    _require_configuration()
    with transaction.atomic():
        locked = Transaction.objects.select_for_update().get(pk=purchase.pk)
        _apply(locked, _state_at_stripe(locked))
    return locked


def _state_at_stripe(purchase: Transaction) -> StripeState:
    options = billing._stripe_options()
    payment_intent = purchase.stripe_payment_intent_id
    if not payment_intent and purchase.stripe_checkout_session_id:
        session = stripe.checkout.Session.retrieve(purchase.stripe_checkout_session_id, **options)
        payment_intent = billing._id(session["payment_intent"]) if session.get("payment_intent") else ""
        if not payment_intent:
            return StripeState(status=Status.CANCELED if session["status"] == "expired" else Status.PENDING)
    if not payment_intent:
        return StripeState()
    intent = stripe.PaymentIntent.retrieve(payment_intent, **options)
    refunds = stripe.Refund.list(payment_intent=payment_intent, limit=100, **options)
    disputes = stripe.Dispute.list(payment_intent=payment_intent, limit=1, **options)
    return StripeState(
        status=_intent_status(intent),
        payment_intent=payment_intent,
        charge=billing._id(intent["latest_charge"]) if intent.get("latest_charge") else "",
        refunds=[dict(r) for r in refunds["data"]],
        dispute_status=disputes["data"][0]["status"] if disputes["data"] else "",
    )


def _intent_status(intent: dict[str, Any]) -> str:
    if intent["status"] == "succeeded":
        return Status.SUCCEEDED
    if intent["status"] == "canceled":
        return Status.CANCELED
    if intent.get("last_payment_error"):
        return Status.FAILED
    return Status.PENDING


def _refund_state(purchase: Transaction) -> StripeState:
    """The state after a refund of ours, from what is known here (the webhooks confirm it from Stripe)."""
    return StripeState(
        status=Status.SUCCEEDED,
        payment_intent=purchase.stripe_payment_intent_id,
        charge=purchase.stripe_charge_id,
        dispute_status=purchase.dispute_status,
    )


def _apply(purchase: Transaction, state: StripeState) -> None:
    """Move the locked `purchase` to `state`, never back, and send the signals of what changed once committed."""
    was_paid, refunded, disputed = purchase.status in PAID_STATUSES, purchase.amount_refunded, purchase.dispute_status
    for stripe_refund in state.refunds:
        Refund.objects.update_or_create(
            stripe_refund_id=stripe_refund["id"],
            defaults={"transaction": purchase, "amount": stripe_refund["amount"], "status": stripe_refund["status"]},
        )
    payment = state.status if STATUS_RANK[state.status] > STATUS_RANK[_payment_phase(purchase)] else None
    paid = was_paid or payment == Status.SUCCEEDED
    purchase.amount_refunded = min(purchase.amount, _counted_refunds(purchase))
    purchase.status = _status(purchase, paid, payment)
    purchase.stripe_payment_intent_id = state.payment_intent or purchase.stripe_payment_intent_id
    purchase.stripe_charge_id = state.charge or purchase.stripe_charge_id
    purchase.dispute_status = state.dispute_status or purchase.dispute_status
    if paid and purchase.paid_at is None:
        purchase.paid_at = timezone.now()
    purchase.save()
    _announce(purchase, became_paid=paid and not was_paid, refunded=purchase.amount_refunded - refunded)
    if purchase.dispute_status and not disputed:
        transaction.on_commit(lambda: signals.dispute_opened.send(Transaction, transaction=purchase))


def _payment_phase(purchase: Transaction) -> str:
    return Status.SUCCEEDED if purchase.status in PAID_STATUSES else purchase.status


def _status(purchase: Transaction, paid: bool, payment: str | None) -> str:
    if not paid:
        return payment or purchase.status
    if purchase.amount_refunded >= purchase.amount:
        return Status.REFUNDED
    return Status.PARTIALLY_REFUNDED if purchase.amount_refunded else Status.SUCCEEDED


def _counted_refunds(purchase: Transaction) -> int:
    counted = purchase.refunds.filter(status__in=COUNTED_REFUNDS).aggregate(total=models.Sum("amount"))["total"]
    return counted or 0


def _announce(purchase: Transaction, became_paid: bool, refunded: int) -> None:
    if became_paid:
        _send_receipt(purchase)
        transaction.on_commit(lambda: signals.payment_succeeded.send(Transaction, transaction=purchase))
    if refunded > 0:
        transaction.on_commit(lambda: signals.payment_refunded.send(Transaction, transaction=purchase, amount=refunded))


def _send_receipt(purchase: Transaction) -> None:
    """The receipt email, through the notifications module when it is installed (queued once committed)."""
    if not apps.is_installed("quickscale_modules.notifications"):
        return
    from quickscale_modules.notifications.services import notify

    for recipient in _receipt_recipients(purchase):
        notify(
            recipient,
            "quickscale_payments_receipt",
            {"transaction": purchase},
            category="billing",
            idempotency_key=f"quickscale-payments-receipt-{purchase.public_id}-{recipient.pk}",
        )


def _receipt_recipients(purchase: Transaction) -> list:
    """The user who paid, or the owners of the team that paid."""
    payer = purchase.payer
    if payer is None:
        return []
    if payer._meta.label == "quickscale_teams.Team":
        from quickscale_modules.teams.roles import OWNER

        return [membership.user for membership in payer.memberships.filter(role=OWNER).select_related("user")]
    return [payer]


# --- deleting a payer --------------------------------------------------------------------------------------


def forget_payer(payer: models.Model) -> int:
    """Keep a deleted payer's purchases (they are accounting records) without its name; how many."""
    return history(payer).update(payer_id="", payer_type=None, payer_label="", updated_at=timezone.now())


def _require_configuration() -> None:
    if not billing_settings.configured:
        raise PaymentsNotConfigured()


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
