"""Stripe events as Stripe sends them: documented event JSON, signed with the t=...,v1=HMAC-SHA256 scheme
through stripe-python's own signing helper."""

from __future__ import annotations

import itertools
import json
import time

from stripe import WebhookSignature

SECRET = "whsec_quickscale_test"
_ids = itertools.count(1)


def event(event_type: str, obj: dict, event_id: str | None = None, created: int | None = None) -> dict:
    return {
        "id": event_id or f"evt_test{next(_ids):08d}",
        "object": "event",
        "api_version": "2026-05-27.dahlia",
        "created": created or int(time.time()),
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def sign(payload: bytes, secret: str = SECRET, timestamp: int | None = None) -> str:
    """The Stripe-Signature header value for `payload`."""
    timestamp = timestamp or int(time.time())
    signature = WebhookSignature._compute_signature(f"{timestamp}.{payload.decode()}", secret)
    return f"t={timestamp},v1={signature}"


def signed(evt: dict, secret: str = SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    payload = json.dumps(evt).encode()
    return payload, sign(payload, secret, timestamp)
