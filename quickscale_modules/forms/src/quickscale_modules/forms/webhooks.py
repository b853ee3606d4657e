"""Webhooks out: each submission POSTed as JSON to its form's URL, signed, retried with growing waits.

The signature follows Stripe's scheme. The header

    QuickScale-Signature: t=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd

carries the time of sending (Unix seconds) and the hex HMAC-SHA256, keyed with the form's webhook secret, of
"<t>.<raw body>". A receiver recomputes it, compares in constant time and refuses a time more than five
minutes off (verify_signature below does all of it). QuickScale-Delivery names the delivery: the same one sent
twice (a retry after a lost answer) carries the same id.

Where it goes is checked before every attempt, against server-side request forgery: https only, and only to
public addresses (the name is resolved once, every address checked, and the connection made to the checked
address, so a second lookup cannot switch it to an internal one). WEBHOOK_ALLOW_HTTP and
WEBHOOK_ALLOW_PRIVATE_ADDRESSES lift these, by default only while DEBUG is on. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
from datetime import timedelta
from enum import Enum
from urllib.parse import urlsplit

from django.db.models import F, Q
from django.utils import timezone

from quickscale_modules.forms.conf import forms_settings as conf
from quickscale_modules.forms.models import Submission, WebhookDelivery

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "QuickScale-Signature"
DELIVERY_HEADER = "QuickScale-Delivery"
EVENT = "form.submitted"
TOLERANCE = 300
USER_AGENT = "QuickScale-Forms-Webhook/1"


class WebhookURLError(ValueError):
    """The URL may not receive webhooks; the message says why in one sentence."""


class Outcome(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"  # failed, another attempt is due later
    FAILED = "failed"  # failed for the last time
    SKIPPED = "skipped"  # not due, delivered already, or another worker holds it


# --- signing ------------------------------------------------------------------------------------------------


def sign(body: bytes, secret: str, timestamp: int | None = None) -> str:
    moment = int(time.time() if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={digest}"


def verify_signature(
    body: bytes, header: str, secret: str, tolerance: int = TOLERANCE, now: float | None = None
) -> bool:
    """Whether `header` (QuickScale-Signature) signs `body` with `secret`, sent at most `tolerance` seconds ago."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        moment = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - moment) > tolerance:
        return False
    expected = sign(body, secret, moment).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def payload(delivery: WebhookDelivery) -> bytes:
    submission = delivery.submission
    return json.dumps(
        {
            "event": EVENT,
            "delivery": delivery.pk,
            "form": submission.form.slug,
            "submission": {
                "id": submission.pk,
                "created_at": submission.created_at.isoformat(),
                "data": submission.data,
            },
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()


# --- where it may go ----------------------------------------------------------------------------------------


def check_url(url: str, resolve: bool = True) -> list[str]:
    """The addresses `url` may be reached at; WebhookURLError when it may not receive webhooks at all."""
    parts = urlsplit(url)
    allowed = ("https", "http") if conf.allow_http_webhooks else ("https",)
    if parts.scheme not in allowed:
        raise WebhookURLError(f"The webhook URL must start with {' or '.join(f'{s}://' for s in allowed)}.")
    if not parts.hostname or parts.username or parts.password:
        raise WebhookURLError("The webhook URL needs a host name and no user name or password in it.")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None:
        _require_public(literal)
    if not resolve:
        return []
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError) as error:
        raise WebhookURLError(f"The webhook host {parts.hostname} cannot be resolved ({error}).") from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    for address in addresses:
        _require_public(ipaddress.ip_address(address))
    return addresses


def _require_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    if address.is_global or conf.allow_private_webhooks:
        return
    raise WebhookURLError(
        f"The webhook URL points at {address}, a private, loopback or reserved address; use a public one."
    )


# --- sending ------------------------------------------------------------------------------------------------


class _Pinned:
    """A connection to an address checked beforehand, whatever the host name resolves to by now."""

    def __init__(self, host: str, address: str, **options) -> None:
        super().__init__(host, **options)
        self._address = address

    def _open(self) -> socket.socket:
        return socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPConnection(_Pinned, http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = self._open()


class _PinnedHTTPSConnection(_Pinned, http.client.HTTPSConnection):
    """TLS to the checked address, with the URL's host name for SNI and the certificate check."""

    def connect(self) -> None:
        self.sock = self._context.wrap_socket(self._open(), server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to `url` at its checked address; the status code (OSError and WebhookURLError propagate)."""
    address = check_url(url)[0]
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    options = {"port": parts.port, "timeout": conf.WEBHOOK_TIMEOUT}
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(parts.hostname, address, context=ssl.create_default_context(), **options)
    else:
        connection = _PinnedHTTPConnection(parts.hostname, address, **options)
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        return response.status
    finally:
        connection.close()


# --- attempts -----------------------------------------------------------------------------------------------


def create_delivery(submission: Submission) -> WebhookDelivery | None:
    url = submission.form.webhook_url
    if not url:
        return None
    return WebhookDelivery.objects.create(submission=submission, url=url, next_attempt_at=timezone.now())


def claim(delivery_id: int) -> bool:
    """Take a due delivery for one attempt (no other process can until the attempt's lease runs out)."""
    now = timezone.now()
    lease = now + timedelta(seconds=conf.WEBHOOK_TIMEOUT * 4 + 30)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    claimed = WebhookDelivery.objects.filter(due, pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        attempts=F("attempts") + 1, next_attempt_at=lease
    )
    return bool(claimed)


def attempt(delivery_id: int) -> Outcome:
    """One attempt at delivery `delivery_id`, if it is due; records the outcome."""
    if not claim(delivery_id):
        return Outcome.SKIPPED
    delivery = WebhookDelivery.objects.select_related("submission__form").get(pk=delivery_id)
    body = payload(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        SIGNATURE_HEADER: sign(body, delivery.submission.form.webhook_secret),
        DELIVERY_HEADER: str(delivery.pk),
    }
    try:
        status = post(delivery.url, body, headers)
    except (OSError, WebhookURLError, http.client.HTTPException) as error:
        return _failed(delivery, f"{type(error).__name__}: {error}", None)
    if 200 <= status < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.DELIVERED, delivered_at=timezone.now(), response_status=status,
            next_attempt_at=None, last_error="",
        )  # fmt: skip
        return Outcome.DELIVERED
    return _failed(delivery, f"The receiver answered {status}.", status)


def _failed(delivery: WebhookDelivery, error: str, status: int | None) -> Outcome:
    last = delivery.attempts >= conf.WEBHOOK_MAX_ATTEMPTS
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.FAILED if last else WebhookDelivery.Status.PENDING,
        next_attempt_at=None if last else timezone.now() + timedelta(seconds=backoff(delivery.attempts)),
        response_status=status,
        last_error=error[:2000],
    )
    logger.warning(
        "Webhook delivery %s to %s failed (attempt %s): %s", delivery.pk, delivery.url, delivery.attempts, error
    )
    return Outcome.FAILED if last else Outcome.RETRY


def backoff(attempts: int) -> int:
    """Seconds before the next attempt after `attempts` failed ones: WEBHOOK_BACKOFF, doubled each time."""
    return conf.WEBHOOK_BACKOFF * 2 ** max(attempts - 1, 0)


def due_deliveries() -> list[int]:
    """Pending deliveries whose next attempt is due (the retry command and task run them)."""
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:500]
    )
