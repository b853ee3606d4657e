"""What the module keeps beside dj-stripe's copies of Stripe objects.

- BillingCustomer: who pays (a user or a team) and the Stripe customer that bills them, with a summary of
  their current subscription so that gating reads one row. When the payer is deleted the row stays, closed
  (closed_at, closed_reason), as the record of the subscription's cancellation.
- WebhookEvent: every Stripe event received, claimed once by its id, with its processing status.
- UsageRecord: the local ledger of metered usage; its idempotency key (per customer and feature) makes a
  retried record a no-op.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from quickscale_modules.billing.conf import billing_settings


class SubscriptionStatus(models.TextChoices):
    NONE = "", "No subscription"
    TRIALING = "trialing", "Trialing"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    UNPAID = "unpaid", "Unpaid"
    CANCELED = "canceled", "Canceled"
    INCOMPLETE = "incomplete", "Incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete, expired"
    PAUSED = "paused", "Paused"


# Statuses in which a subscription still belongs to the customer: the one the summary follows, the one that
# stops a second Checkout, the one deleting the payer cancels.
LIVE_STATUSES = frozenset({"trialing", "active", "past_due", "unpaid", "paused", "incomplete"})


class BillingCustomer(models.Model):
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    owner_id = models.CharField(max_length=64)
    owner = GenericForeignKey("owner_type", "owner_id")
    stripe_customer_id = models.CharField(max_length=255, unique=True)
    subscription_id = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=32, choices=SubscriptionStatus.choices, blank=True)
    status_since = models.DateTimeField(null=True, blank=True)
    lookup_keys = models.JSONField(default=list, blank=True, help_text="Lookup keys of the subscribed prices.")
    quantity = models.PositiveIntegerField(default=1)
    current_period_end = models.DateTimeField(null=True, blank=True)
    trial_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    trial_used = models.BooleanField(default=False, help_text="Whether the customer has had a trial (one each).")
    closed_at = models.DateTimeField(null=True, blank=True, help_text="When the payer was deleted.")
    closed_reason = models.CharField(max_length=255, blank=True, help_text="What deleting the payer did.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            # One open customer per payer; closed ones stay as records of what deleting a payer did.
            models.UniqueConstraint(
                fields=["owner_type", "owner_id"],
                condition=Q(closed_at__isnull=True),
                name="quickscale_billing_one_owner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner_type.model} {self.owner_id} ({self.stripe_customer_id})"

    def has_live_subscription(self) -> bool:
        """Whether the subscription the summary follows still belongs to the customer (see LIVE_STATUSES)."""
        return bool(self.subscription_id) and self.status in LIVE_STATUSES

    def has_access(self, now=None) -> bool:
        """Whether the subscription grants its entitlements now (statuses, period end and grace period)."""
        now = now or timezone.now()
        grace = timedelta(days=billing_settings.GRACE_PERIOD_DAYS)
        if self.status == SubscriptionStatus.ACTIVE:
            if self.current_period_end is None:
                return True
            # A subscription canceled at period end stops then; a renewal whose webhook is late gets the grace.
            return now < self.current_period_end + (timedelta() if self.cancel_at_period_end else grace)
        if self.status == SubscriptionStatus.TRIALING:
            return self.trial_end is None or now < self.trial_end + grace
        if self.status == SubscriptionStatus.PAST_DUE:
            return self.status_since is not None and now < self.status_since + grace
        return False


class EventStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"


class WebhookEvent(models.Model):
    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=255)
    livemode = models.BooleanField(default=False)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=EventStatus.choices, default=EventStatus.RECEIVED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        indexes = [models.Index(fields=["status", "created"], name="quickscale_billing_evt_status")]

    def __str__(self) -> str:
        return f"{self.type} {self.stripe_id}"


class UsageRecord(models.Model):
    customer = models.ForeignKey(BillingCustomer, on_delete=models.CASCADE, related_name="usage_records")
    feature = models.CharField(max_length=100)
    quantity = models.PositiveBigIntegerField()
    idempotency_key = models.CharField(max_length=255)
    created = models.DateTimeField(auto_now_add=True)
    reported_at = models.DateTimeField(null=True, blank=True, help_text="When Stripe accepted it (metered prices).")

    class Meta:
        ordering = ["-created"]
        constraints = [
            # A key counts once per customer and feature: another customer's or feature's key is another record.
            models.UniqueConstraint(
                fields=["customer", "feature", "idempotency_key"], name="quickscale_billing_usage_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feature} +{self.quantity} ({self.idempotency_key})"

    @property
    def meter_event_identifier(self) -> str:
        """The Stripe meter event's identifier: unique per record (Stripe allows 100 characters)."""
        return f"{self.customer.stripe_customer_id}-{self.pk}"
