"""anymail's tracking webhooks update each Delivery; hard bounces and complaints suppress the address.

anymail verifies every webhook (its WEBHOOK_SECRET basic auth, and the provider's signature where the
provider signs them) before it sends the `tracking` signal, so a forged request never reaches this code.
"""

from __future__ import annotations

from anymail.signals import tracking
from django.db import transaction
from django.dispatch import receiver

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Delivery, DeliveryEvent, OptOut, Suppression

# anymail's normalized event types → the status they give a Delivery.
EVENT_STATUS: dict[str, str] = {
    "queued": Delivery.Status.SENT,
    "sent": Delivery.Status.SENT,
    "delivered": Delivery.Status.DELIVERED,
    "opened": Delivery.Status.OPENED,
    "clicked": Delivery.Status.OPENED,
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
    with transaction.atomic():
        delivery = find_delivery(event.message_id)
        if delivery is not None:
            record_event(delivery, event)
        address = event.recipient or (delivery.to if delivery else "")
        if event.event_type in SUPPRESSING_EVENTS and address:
            Suppression.objects.get_or_create(email=address.strip().lower(), defaults={"reason": event.event_type})
        if event.event_type == "unsubscribed" and delivery and not conf.is_essential(delivery.category):
            OptOut.objects.get_or_create(email=delivery.to, category=delivery.category)


def find_delivery(message_id: str | None) -> Delivery | None:
    if not message_id:
        return None
    return Delivery.objects.select_for_update().filter(provider_message_id=message_id).first()


def record_event(delivery: Delivery, event) -> None:
    DeliveryEvent.objects.create(
        delivery=delivery,
        event_type=event.event_type,
        description=event.description or event.reject_reason or "",
        occurred_at=event.timestamp,
    )
    status = EVENT_STATUS.get(event.event_type)
    if status and RANK[status] > RANK.get(delivery.status, 0):
        delivery.status = status
        delivery.save(update_fields=["status", "updated_at"])
