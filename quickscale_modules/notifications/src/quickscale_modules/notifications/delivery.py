"""Sending one Delivery exactly once: claim it atomically, send it, record the outcome.

A delivery is claimed by one UPDATE that only matches while it is queued (or while the claim of a worker
that died has outlived SEND_LEASE), so two workers, or a task that is retried or redelivered, never both
send it. A provider error releases the claim so the retry can claim it again.
"""

from __future__ import annotations

import smtplib
from datetime import timedelta
from enum import Enum

from anymail.exceptions import AnymailAPIError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Delivery


class Outcome(Enum):
    SENT = "sent"
    # Another worker holds a live claim: try again once its lease has run out.
    BUSY = "busy"
    # Sent, failed or suppressed already: nothing to do.
    DONE = "done"


class TransientError(Exception):
    """The provider could not take the message now; retrying later may work."""


def send_delivery(delivery_id: int) -> Outcome:
    now = timezone.now()
    if not claim(delivery_id, now):
        status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return Outcome.BUSY if status == Delivery.Status.SENDING else Outcome.DONE
    delivery = Delivery.objects.get(pk=delivery_id)
    message = build_message(delivery)
    try:
        message.send()
    except Exception as error:
        if is_transient(error):
            release(delivery_id, error)
            raise TransientError(str(error)) from error
        mark_failed(delivery_id, error)
        return Outcome.DONE
    status = getattr(message, "anymail_status", None)
    provider_id = (status.message_id if status else None) or delivery.headers.get("Message-ID", "")
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), provider_message_id=str(provider_id), last_error=""
    )
    return Outcome.SENT


def claim(delivery_id: int, now) -> bool:
    expired = now - timedelta(seconds=conf.SEND_LEASE)
    claimable = Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING, claimed_at__lt=expired)
    return bool(
        Delivery.objects.filter(claimable, pk=delivery_id).update(
            status=Delivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def build_message(delivery: Delivery) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text,
        to=[delivery.to],
        headers=delivery.headers,
        connection=get_connection(conf.email_backend),
    )
    if delivery.html:
        message.attach_alternative(delivery.html, "text/html")
    return message


def is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | OSError | AnymailAPIError)


def release(delivery_id: int, error: Exception) -> None:
    Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.SENDING).update(
        status=Delivery.Status.QUEUED, claimed_at=None, last_error=describe(error)
    )


def mark_failed(delivery_id: int, error: Exception) -> None:
    Delivery.objects.filter(pk=delivery_id).exclude(status=Delivery.Status.SENT).update(
        status=Delivery.Status.FAILED, claimed_at=None, last_error=describe(error)
    )


def describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]
