from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_key() -> str:
    return uuid.uuid4().hex


class Delivery(models.Model):
    """One email: what was sent, to whom, and where it stands (queued, sent, then what the provider reports)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        OPENED = "opened", "Opened"
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Complained"
        FAILED = "failed", "Failed"
        SUPPRESSED = "suppressed", "Not sent (opted out or suppressed)"

    # Unique: a retried task, or a caller repeating the same idempotency key, never sends twice.
    key = models.CharField(max_length=255, unique=True, default=new_key)
    to = models.EmailField(max_length=254)
    category = models.CharField(max_length=50)
    subject = models.TextField()
    text = models.TextField()
    html = models.TextField(blank=True)
    # It carries a secret (a reset, verification or invitation link): text and html are emptied once it is sent
    # or given up, and the admin never shows them.
    sensitive = models.BooleanField(default=False)
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # When its task should run next; the sweeper hands a queued delivery over again once this is long past.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Who holds the claim: only that worker may record the outcome.
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["to", "created_at"]), models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to} ({self.status})"


class DeliveryEvent(models.Model):
    """A tracking event the provider reported through its webhook."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=30)
    description = models.TextField(blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.event_type} for delivery {self.delivery_id}"


class SuppressionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


class Suppression(models.Model):
    """An address that gets essential mail only: for good after a hard bounce or a complaint (until its owner
    lifts it), until `expires_at` after repeated soft bounces."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", "Bounced"
        COMPLAINED = "complained", "Marked as spam"
        SOFT_BOUNCED = "soft_bounced", "Soft bounces"

    email = models.EmailField(max_length=254, unique=True)
    reason = models.CharField(max_length=30, choices=Reason.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = SuppressionQuerySet.as_manager()

    def __str__(self) -> str:
        return f"{self.email} ({self.reason})"


class OptOut(models.Model):
    """An address that does not want one category of non-essential mail."""

    email = models.EmailField(max_length=254)
    category = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "category"], name="quickscale_notifications_optout_once")
        ]

    def __str__(self) -> str:
        return f"{self.email} opted out of {self.category}"


class Notification(models.Model):
    """An in-app notification for one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
