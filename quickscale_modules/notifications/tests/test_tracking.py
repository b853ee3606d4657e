"""anymail's tracking webhooks: verified ones update the delivery, forged ones are refused and change nothing."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Delivery, Suppression

pytestmark = pytest.mark.django_db

SECRET = "tracker:s3cret-webhook-pass"
MAILGUN_KEY = "mailgun-signing-key-for-tests"
POSTMARK_URL = "/notifications/anymail/postmark/tracking/"
MAILGUN_URL = "/notifications/anymail/mailgun/tracking/"


@pytest.fixture(autouse=True)
def _webhook_secrets(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}


@pytest.fixture
def sent(db) -> Delivery:
    delivery = services.send_email("ada@example.com", "Hello", "Hi", category="activity")
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.SENT, provider_message_id="pm-0001")
    return delivery


def basic_auth(credentials: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(credentials.encode()).decode()}


def postmark(client, record: dict, credentials: str = SECRET):
    return client.post(POSTMARK_URL, json.dumps(record), content_type="application/json", **basic_auth(credentials))


def postmark_event(record_type: str, **fields) -> dict:
    return {"RecordType": record_type, "MessageID": "pm-0001", "Recipient": "ada@example.com", **fields}


def mailgun_event(event: str, key: str = MAILGUN_KEY, **fields) -> dict:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    data = {
        "event": event,
        "timestamp": float(timestamp),
        "recipient": "ada@example.com",
        # Mailgun reports its id without the angle brackets its send API returned it with.
        "message": {"headers": {"message-id": "mg-0001@mg.acme.example"}},
        **fields,
    }
    return {"signature": {"timestamp": timestamp, "token": token, "signature": signature}, "event-data": data}


def status_of(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.status


def test_delivered_then_opened_updates_the_status_and_keeps_the_history(client, sent):
    assert postmark(client, postmark_event("Delivery", DeliveredAt="2026-12-01T10:00:00Z")).status_code == 200
    assert status_of(sent) == "delivered"
    assert postmark(client, postmark_event("Open", ReceivedAt="2026-12-01T10:05:00Z")).status_code == 200
    assert status_of(sent) == "opened"
    # A late "delivered" does not move it back.
    postmark(client, postmark_event("Delivery", DeliveredAt="2026-12-01T10:00:00Z"))
    assert status_of(sent) == "opened"
    assert list(sent.events.values_list("event_type", flat=True)) == ["delivered", "opened", "delivered"]


def test_a_webhook_with_wrong_or_missing_credentials_is_refused_and_changes_nothing(client, sent):
    forged = postmark_event("Bounce", Type="HardBounce", TypeCode=1, Email="ada@example.com")
    assert postmark(client, forged, credentials="tracker:guessed").status_code == 400
    assert client.post(POSTMARK_URL, json.dumps(forged), content_type="application/json").status_code == 400
    assert status_of(sent) == "sent"
    assert not sent.events.exists() and not Suppression.objects.exists()


def test_a_hard_bounce_suppresses_non_essential_mail_to_the_address(client, sent, mailoutbox):
    bounce = postmark_event("Bounce", Type="HardBounce", TypeCode=1, Email="ada@example.com", ID=42)
    assert postmark(client, bounce).status_code == 200
    assert status_of(sent) == "bounced"
    assert Suppression.objects.get(email="ada@example.com").reason == "bounced"
    mailoutbox.clear()
    assert services.send_email("ada@example.com", "News", "Hi", category="news").status == "suppressed"
    assert services.send_email("ada@example.com", "Reset", "Link", category="security").status == "queued"


def test_a_complaint_suppresses_too(client, sent):
    complaint = postmark_event("SpamComplaint", Type="SpamComplaint", Email="ada@example.com", ID=43)
    assert postmark(client, complaint).status_code == 200
    assert status_of(sent) == "complained"
    assert Suppression.objects.get(email="ada@example.com").reason == "complained"


def test_a_provider_signed_webhook_is_accepted_only_with_a_valid_signature(client, sent):
    Delivery.objects.filter(pk=sent.pk).update(provider_message_id="<mg-0001@mg.acme.example>")
    auth = basic_auth(SECRET)
    forged = mailgun_event("failed", key="not-the-signing-key", severity="permanent")
    response = client.post(MAILGUN_URL, json.dumps(forged), content_type="application/json", **auth)
    assert response.status_code == 400
    assert status_of(sent) == "sent" and not Suppression.objects.exists()

    valid = mailgun_event("delivered")
    assert client.post(MAILGUN_URL, json.dumps(valid), content_type="application/json", **auth).status_code == 200
    assert status_of(sent) == "delivered"


def test_an_unsubscribe_reported_by_the_provider_opts_the_address_out(client, sent):
    change = postmark_event("SubscriptionChange", SuppressSending=True, SuppressionReason="ManualSuppression")
    assert postmark(client, change).status_code == 200
    assert services.is_blocked("ada@example.com", "activity")


def test_events_for_unknown_messages_are_accepted_and_ignored(client, sent):
    assert postmark(client, {**postmark_event("Delivery"), "MessageID": "someone-elses"}).status_code == 200
    assert status_of(sent) == "sent" and not sent.events.exists()
