"""What the notifications module holds about a user, for "download my data" and "delete my account"
(the lifecycle protocol of quickscale_modules.auth.hooks).

Most of it is keyed by email address, not by user: deliveries, opt-outs and suppressions. On deletion the
user's in-app notifications, opt-outs and suppressions are deleted; deliveries are anonymised, not deleted, so
the operator's delivery statistics (how many emails of each category went out, bounced or failed, and when)
stay true, with nothing left that names the person: no address, subject, body, headers or idempotency key.
The same happens when the user row is deleted some other way (the admin, a script): a pre_delete receiver.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import (
    Delivery,
    DeliveryEvent,
    Notification,
    OptOut,
    Suppression,
)

ERASED_ADDRESS = "erased@invalid.invalid"
WAITING = (Delivery.Status.QUEUED, Delivery.Status.SENDING)


def addresses_of(user: Any) -> list[str]:
    """The user's email address, and every address allauth knows for the user when it is installed."""
    addresses = {services.recipient(user)[0]}
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        known = EmailAddress.objects.filter(user=user).values_list("email", flat=True)
        addresses.update(services.normalize_email(email) for email in known)
    return sorted(address for address in addresses if address)


# What the export holds of each row: never a body (those of sensitive emails are gone anyway) nor a token.
EXPORTED_FIELDS = {
    "notifications": ("title", "body", "link", "created_at", "read_at"),
    "suppressions": ("email", "reason", "created_at", "expires_at"),
    "emails": ("to", "subject", "category", "status", "created_at", "sent_at"),
}


def export_user_data(user: Any) -> dict[str, Any]:
    addresses = addresses_of(user)
    rows = {
        "notifications": Notification.objects.filter(user=user).order_by("created_at", "id"),
        "suppressions": Suppression.objects.filter(email__in=addresses).order_by("created_at"),
        "emails": Delivery.objects.filter(to__in=addresses).order_by("created_at", "id"),
    }
    return {
        **{name: exported(queryset, EXPORTED_FIELDS[name]) for name, queryset in rows.items()},
        "email_preferences": {
            address: {category["name"]: category["enabled"] for category in services.preferences(address)}
            for address in addresses
        },
    }


def exported(rows: QuerySet, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rows' `fields`, dates as ISO 8601 text."""
    return [
        {name: value.isoformat() if isinstance(value, datetime) else value for name, value in row.items()}
        for row in rows.values(*fields)
    ]


def delete_user_data(user: Any) -> list[str]:
    addresses = addresses_of(user)
    notifications, _ = Notification.objects.filter(user=user).delete()
    opt_outs, _ = OptOut.objects.filter(email__in=addresses).delete()
    suppressions, _ = Suppression.objects.filter(email__in=addresses).delete()
    deliveries = Delivery.objects.filter(to__in=addresses)
    # Mail still waiting would go to an address nobody may keep: it is not sent.
    cancelled = deliveries.filter(status__in=WAITING).update(
        status=Delivery.Status.FAILED, last_error="Not sent: the account was deleted."
    )
    DeliveryEvent.objects.filter(delivery__in=deliveries).update(description="")
    erased = deliveries.update(
        to=ERASED_ADDRESS,
        subject="",
        text="",
        html="",
        headers={},
        provider_message_id="",
        # Keys are unique and may name the user (a caller's idempotency key): "erased-<id>" instead.
        key=Concat(Value("erased-"), Cast(F("pk"), output_field=CharField())),
    )
    return [
        f"deleted {notifications} in-app notifications, {opt_outs} email opt-outs and {suppressions} suppressions",
        f"anonymised {erased} emails sent to the account's addresses ({cancelled} not yet sent were cancelled)",
    ]


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="quickscale_notifications.delete_user_data")
def delete_data_of_deleted_user(sender, instance, **kwargs) -> None:
    delete_user_data(instance)
