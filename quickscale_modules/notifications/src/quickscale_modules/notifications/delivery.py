"""Sending one Delivery exactly once: claim it atomically, send it, record the outcome.

A delivery is claimed by one UPDATE that only matches while it is queued (or while the claim of a worker
that died has outlived SEND_LEASE), and that gives the claim a token: only the holder of the token records the
outcome, so a worker that outlived its lease never overwrites what the worker that took over recorded. Every
backend gets a timeout (SEND_TIMEOUT) and every task a time limit below the lease (tasks.py), so a slow send
ends before another worker may take the delivery over. A provider error releases the claim for the retry.
"""

from __future__ import annotations

import logging
import smtplib
import uuid
from datetime import timedelta
from enum import Enum
from typing import Any

from anymail.exceptions import AnymailAPIError
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import F, Q
from django.utils import timezone

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Delivery

logger = logging.getLogger(__name__)

SES_BACKEND = "anymail.backends.amazon_ses.EmailBackend"


class Outcome(Enum):
    SENT = "sent"
    # Another worker holds a live claim: try again once its lease has run out.
    BUSY = "busy"
    # Sent, failed or suppressed already: nothing to do.
    DONE = "done"
    # Refused for good by the provider, or still failing on the last try.
    FAILED = "failed"


class TransientError(Exception):
    """The provider could not take the message now; retrying later may work."""


def send_delivery(delivery_id: int, retry_in: float | None) -> Outcome:
    """Send the delivery unless it is taken or done. After a provider error that may pass, it is queued again
    for `retry_in` seconds later and TransientError is raised; on the last try (`retry_in` None) it fails."""
    token = claim(delivery_id)
    if token is None:
        status = Delivery.objects.filter(pk=delivery_id).values_list("status", flat=True).first()
        return Outcome.BUSY if status == Delivery.Status.SENDING else Outcome.DONE
    delivery = Delivery.objects.get(pk=delivery_id)
    message = build_message(delivery)
    try:
        message.send()
    except Exception as error:
        if is_transient(error) and retry_in is not None:
            release(delivery, token, error, retry_in)
            raise TransientError(describe(error)) from error
        mark_failed(delivery, token, error)
        return Outcome.FAILED
    status = getattr(message, "anymail_status", None)
    record_sent(delivery, token, (status.message_id if status else None) or delivery.headers.get("Message-ID", ""))
    return Outcome.SENT


def claim(delivery_id: int) -> str | None:
    """The token of a new claim on the delivery; None when it is not claimable (taken, sent or given up)."""
    now = timezone.now()
    expired = now - timedelta(seconds=conf.SEND_LEASE)
    claimable = Q(status=Delivery.Status.QUEUED) | Q(status=Delivery.Status.SENDING, claimed_at__lt=expired)
    token = uuid.uuid4().hex
    claimed = Delivery.objects.filter(claimable, pk=delivery_id).update(
        status=Delivery.Status.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
    )
    return token if claimed else None


def build_message(delivery: Delivery) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=delivery.subject,
        body=delivery.text,
        to=[delivery.to],
        headers=delivery.headers,
        connection=open_connection(),
    )
    if delivery.html:
        message.attach_alternative(delivery.html, "text/html")
    return message


def open_connection():
    """The delivery backend, with SEND_TIMEOUT on each of its network operations."""
    backend = conf.email_backend
    if backend == SES_BACKEND:
        return get_connection(backend, client_params=ses_client_params(conf.SEND_TIMEOUT))
    # Django's SMTP backend and anymail's HTTP backends take `timeout`; the others ignore it.
    return get_connection(backend, timeout=conf.SEND_TIMEOUT)


def ses_client_params(seconds: float) -> dict[str, Any]:
    """The project's AMAZON_SES_CLIENT_PARAMS, with boto3 timeouts of `seconds` and no retries of its own (the
    task retries): boto3 alone waits 60 s per read and retries up to 4 times."""
    from botocore.config import Config

    params = dict(getattr(settings, "ANYMAIL", {}).get("AMAZON_SES_CLIENT_PARAMS", {}))
    own = params.get("config") or {}
    own = own if isinstance(own, Config) else Config(**own)
    limits = Config(connect_timeout=seconds, read_timeout=seconds, retries={"total_max_attempts": 1})
    params["config"] = own.merge(limits)
    return params


def is_transient(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return False
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, smtplib.SMTPException | OSError | AnymailAPIError | SoftTimeLimitExceeded)


def held(delivery: Delivery, token: str):
    """The delivery, as long as the claim of `token` holds."""
    return Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.SENDING, claim_token=token)


def finished(delivery: Delivery) -> dict[str, str]:
    """The fields a sent or abandoned delivery loses: the bodies of a sensitive one, and its claim."""
    bodies = {"text": "", "html": ""} if delivery.sensitive else {}
    return {"claim_token": "", **bodies}


def record_sent(delivery: Delivery, token: str, provider_message_id: str) -> None:
    recorded = held(delivery, token).update(
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        provider_message_id=str(provider_message_id),
        last_error="",
        **finished(delivery),
    )
    if not recorded:
        logger.error(
            "Delivery %s was sent after its claim ran out (SEND_LEASE %s s); another worker may have sent it too.",
            delivery.pk,
            conf.SEND_LEASE,
        )


def release(delivery: Delivery, token: str, error: Exception, retry_in: float) -> None:
    held(delivery, token).update(
        status=Delivery.Status.QUEUED,
        claimed_at=None,
        claim_token="",
        last_error=describe(error),
        next_attempt_at=timezone.now() + timedelta(seconds=retry_in),
    )


def mark_failed(delivery: Delivery, token: str, error: Exception) -> None:
    held(delivery, token).update(
        status=Delivery.Status.FAILED, claimed_at=None, last_error=describe(error), **finished(delivery)
    )


def describe(error: Exception) -> str:
    if isinstance(error, SoftTimeLimitExceeded):
        return f"Timed out: the send took longer than {conf.time_limits['soft_time_limit']:g} s (half of SEND_LEASE)."
    return f"{type(error).__name__}: {error}"[:2000]
