"""What a purchase leaves behind: a Transaction per charge (table quickscale_payments_transaction), and its Refunds.

Amounts are integers in the currency's minor units, as Stripe counts them. The payer is a user or, with the
teams module, a team (generic relation); `item` is whatever the project sold (generic relation, optional).
Stripe's state is the truth: webhooks and refunds read it, and a transaction never moves back in STATUS_RANK.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from quickscale_modules.payments.money import format_amount


class Status(models.TextChoices):
    PENDING = "pending", "Awaiting payment"
    CANCELED = "canceled", "Canceled"
    FAILED = "failed", "Payment failed"
    SUCCEEDED = "succeeded", "Paid"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"


# How far along a purchase is; a late or repeated event never lowers it (a failed attempt may still be paid later).
STATUS_RANK = {
    Status.PENDING: 0,
    Status.CANCELED: 1,
    Status.FAILED: 1,
    Status.SUCCEEDED: 2,
    Status.PARTIALLY_REFUNDED: 3,
    Status.REFUNDED: 4,
}
PAID_STATUSES = frozenset({Status.SUCCEEDED, Status.PARTIALLY_REFUNDED, Status.REFUNDED})


class Transaction(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payer_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    payer_id = models.CharField(max_length=64, blank=True)
    payer = GenericForeignKey("payer_type", "payer_id")
    payer_label = models.CharField(max_length=255, blank=True, help_text="Who paid, as shown on the receipt.")
    item_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    item_id = models.CharField(max_length=64, blank=True)
    item = GenericForeignKey("item_type", "item_id")
    description = models.CharField(max_length=255)
    amount = models.PositiveBigIntegerField(help_text="In the currency's minor units (cents; yen for JPY).")
    currency = models.CharField(max_length=3)
    amount_refunded = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=32, choices=Status.choices, default=Status.PENDING)
    dispute_status = models.CharField(max_length=32, blank=True, help_text="Stripe's status of a dispute, if any.")
    stripe_customer_id = models.CharField(max_length=255, blank=True)
    stripe_checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "quickscale_payments_transaction"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["payer_type", "payer_id", "-created_at"], name="quickscale_pay_payer")]
        permissions = [("refund_transaction", "Can refund transaction")]

    def __str__(self) -> str:
        return f"{self.description} ({self.display_amount})"

    @property
    def display_amount(self) -> str:
        return format_amount(self.amount, self.currency)

    @property
    def display_refunded(self) -> str:
        return format_amount(self.amount_refunded, self.currency)

    @property
    def refundable(self) -> int:
        """What may still be refunded, in minor units (nothing before the payment succeeded)."""
        return self.amount - self.amount_refunded if self.status in PAID_STATUSES else 0

    @property
    def display_refundable(self) -> str:
        return format_amount(self.refundable, self.currency)


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    REQUIRES_ACTION = "requires_action", "Requires action"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"


# Refunds that count against what remains refundable.
COUNTED_REFUNDS = frozenset({RefundStatus.PENDING, RefundStatus.REQUIRES_ACTION, RefundStatus.SUCCEEDED})


class Refund(models.Model):
    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="refunds")
    stripe_refund_id = models.CharField(max_length=255, unique=True)
    amount = models.PositiveBigIntegerField()
    status = models.CharField(max_length=32, choices=RefundStatus.choices)
    reason = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "quickscale_payments_refund"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{format_amount(self.amount, self.transaction.currency)} {self.status} ({self.stripe_refund_id})"

    @property
    def display_amount(self) -> str:
        return format_amount(self.amount, self.transaction.currency)
