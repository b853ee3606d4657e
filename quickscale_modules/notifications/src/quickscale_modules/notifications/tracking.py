"""anymail's tracking webhooks update each Delivery; hard bounces and complaints suppress the address, soft
bounces pause it for a while once they repeat.

The module mounts the configured provider's webhook only, and only while it is authenticated (webhooks.py):
anymail then verifies each request (WEBHOOK_SECRET basic auth, and the provider's signature where the
provider signs them) before it sends the `tracking` signal, so a forged request never reaches this code.
"""

from __future__ import annotations

from datetime import timedelta

from anymail.signals import tracking
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Delivery, DeliveryEvent, OptOut, Suppression

SOFT_BOUNCED = "soft_bounced"

# anymail's normalized event types (and soft_bounced, a "bounced" that may pass) → the status they give a Delivery.
EVENT_STATUS: dict[str, str] = {
    "queued": Delivery.Status.SENT,
    "sent": Delivery.Status.SENT,
    "delivered": Delivery.Status.DELIVERED,
    "opened": Delivery.Status.OPENED,
    "clicked": Delivery.Status.OPENED,
    SOFT_BOUNCED: Delivery.Status.BOUNCED,
    "bounced": Delivery.Status.BOUNCED,
    "rejected": Delivery.Status.FAILED,
    "failed": Delivery.Status.FAILED,
    "complained": Delivery.Status.COMPLAINED,
}

# Later states win over earlier ones, so events arriving out of order never move a delivery back.
RANK: dict[str, int] = {
    Delivery.Status.QUEUED: 0,
    Delivery.Status.SENDING: 1,
    Delivery.Status.SENT: 2,
    Delivery.Status.DELIVERED: 3,
    Delivery.Status.OPENED: 4,
    Delivery.Status.FAILED: 5,
    Delivery.Status.BOUNCED: 6,
    Delivery.Status.COMPLAINED: 7,
}

SUPPRESSING_EVENTS = {"bounced", "complained"}


@receiver(tracking, dispatch_uid="quickscale_notifications.tracking")
def record_tracking_event(sender, event, esp_name, **kwargs) -> None:
    kind = event.event_type
    if kind == "bounced" and not is_hard_bounce(esp_name, event.esp_event):
        kind = SOFT_BOUNCED
    with transaction.atomic():
        delivery = find_delivery(event.message_id)
        if delivery is not None:
            record_event(delivery, event, kind)
        address = (event.recipient or (delivery.to if delivery else "")).strip().lower()
        if kind in SUPPRESSING_EVENTS and address:
            suppress(address, kind)
        if kind == SOFT_BOUNCED and delivery is not None:
            pause_after_soft_bounces(delivery.to)
        if kind == "unsubscribed" and delivery and not conf.is_essential(delivery.category):
            OptOut.objects.get_or_create(email=delivery.to, category=delivery.category)


def is_hard_bounce(esp_name: str, esp_event) -> bool:
    """Whether a "bounced" event says the address does not work for good. anymail reports full mailboxes, virus
    notices and other passing refusals as "bounced" too; the provider's own payload tells them apart."""
    try:
        if esp_name == "Postmark":
            return esp_event["Type"] == "HardBounce"
        if esp_name == "Amazon SES":
            return esp_event["bounce"]["bounceType"] == "Permanent"
        if esp_name == "Resend":
            return esp_event["data"]["bounce"]["type"] == "Permanent"
        if esp_name == "SendGrid":
            return esp_event.get("type") != "blocked"
        if esp_name == "Brevo":
            return esp_event["event"] != "soft_bounce"
    except (KeyError, TypeError, AttributeError):
        return True
    # Mailgun reports passing failures as "deferred", never as "bounced".
    return True


def find_delivery(message_id: str | None) -> Delivery | None:
    if not message_id:
        return None
    return Delivery.objects.select_for_update().filter(provider_message_id=message_id).first()


def record_event(delivery: Delivery, event, kind: str) -> None:
    DeliveryEvent.objects.create(
        delivery=delivery,
        event_type=kind,
        description=event.description or event.reject_reason or "",
        occurred_at=event.timestamp,
    )
    status = EVENT_STATUS.get(kind)
    if status and RANK[status] > RANK.get(delivery.status, 0):
        delivery.status = status
        delivery.save(update_fields=["status", "updated_at"])


def suppress(address: str, reason: str) -> None:
    """Stop non-essential mail to `address` until its owner lifts the suppression (a pause becomes permanent)."""
    Suppression.objects.update_or_create(email=address, defaults={"reason": reason, "expires_at": None})


def pause_after_soft_bounces(address: str) -> None:
    """Pause non-essential mail to `address` for SOFT_BOUNCE_DAYS once SOFT_BOUNCE_LIMIT of its deliveries
    soft-bounced within as many days. The bounces that caused a pause are out of the count when it ends."""
    now = timezone.now()
    period = timedelta(days=conf.SOFT_BOUNCE_DAYS)
    bounced = (
        DeliveryEvent.objects.filter(event_type=SOFT_BOUNCED, delivery__to=address, created_at__gte=now - period)
        .values("delivery")
        .distinct()
        .count()
    )
    if bounced < conf.SOFT_BOUNCE_LIMIT:
        return
    if Suppression.objects.filter(email=address, expires_at__isnull=True).exists():
        return  # suppressed for good already
    Suppression.objects.update_or_create(
        email=address, defaults={"reason": Suppression.Reason.SOFT_BOUNCED, "expires_at": now + period}
    )
