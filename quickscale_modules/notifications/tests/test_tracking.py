"""anymail's tracking webhooks: only the configured provider's is mounted, verified events update the delivery,
forged ones (and every one while the webhook is not authenticated) are refused and change nothing; hard bounces
and complaints suppress the address, soft bounces pause it only when they repeat, and for a while."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from quickscale_modules.notifications import services
from quickscale_modules.notifications.models import Delivery, DeliveryEvent, Suppression
from quickscale_modules.notifications.tracking import is_hard_bounce

pytestmark = pytest.mark.django_db

SECRET = "tracker:s3cret-webhook-pass"
MAILGUN_KEY = "mailgun-signing-key-for-tests"
POSTMARK_URL = "/notifications/anymail/postmark/tracking/"
MAILGUN_URL = "/notifications/anymail/mailgun/tracking/"


@pytest.fixture(autouse=True)
def _postmark_with_a_webhook_secret(settings):
    settings.EMAIL_PROVIDER = "postmark"
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


def test_a_provider_signed_webhook_is_accepted_only_with_a_valid_signature(client, sent, settings):
    settings.EMAIL_PROVIDER = "mailgun"
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


FORGED_BOUNCE = postmark_event("Bounce", Type="HardBounce", TypeCode=1, Email="ada@example.com", ID=44)


@pytest.mark.parametrize(
    "url",
    [
        "/notifications/anymail/sendgrid/tracking/",
        "/notifications/anymail/mailgun/tracking/",
        "/notifications/anymail/brevo/tracking/",
        "/notifications/anymail/mailjet/tracking/",
        "/notifications/anymail/postmark/inbound/",
        "/notifications/anymail/mandrill/",
    ],
)
def test_only_the_configured_providers_tracking_webhook_is_mounted(client, sent, settings, url):
    settings.ANYMAIL = {}  # other providers' endpoints would accept anything without a secret
    response = client.post(url, json.dumps(FORGED_BOUNCE), content_type="application/json")
    assert response.status_code == 404
    assert status_of(sent) == "sent" and not Suppression.objects.exists()


def test_without_a_provider_no_webhook_is_mounted(client, sent, settings):
    settings.EMAIL_PROVIDER = ""
    assert postmark(client, FORGED_BOUNCE).status_code == 404


def test_without_a_webhook_secret_every_request_is_refused(client, sent, settings):
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token"}
    response = client.post(POSTMARK_URL, json.dumps(FORGED_BOUNCE), content_type="application/json")
    assert response.status_code == 400
    assert "ANYMAIL_WEBHOOK_SECRET" in response.content.decode()
    assert status_of(sent) == "sent" and not Suppression.objects.exists()


def test_check_deploy_fails_while_tracking_is_not_authenticated(settings):
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token"}
    with pytest.raises(SystemCheckError, match=r"quickscale_notifications\.E001.*postmark delivery-tracking webhook"):
        call_command("check", deploy=True)
    # A webhook secret, or the provider's own signing key, authenticates it; no provider means no webhook.
    for provider, anymail in [
        ("postmark", {"WEBHOOK_SECRET": SECRET}),
        ("mailgun", {"MAILGUN_WEBHOOK_SIGNING_KEY": MAILGUN_KEY}),
        ("", {}),
        ("smtp", {}),
    ]:
        settings.EMAIL_PROVIDER, settings.ANYMAIL = provider, anymail
        call_command("check", deploy=True)


def soft_bounce(client, message_id: str, bounce_type: str = "SoftBounce"):
    event = postmark_event("Bounce", Type=bounce_type, Email="ada@example.com", ID=45, MessageID=message_id)
    assert postmark(client, event).status_code == 200


def sent_deliveries(count: int) -> list[Delivery]:
    deliveries = []
    for number in range(count):
        delivery = services.send_email("ada@example.com", f"News {number}", "Hi", category="news")
        Delivery.objects.filter(pk=delivery.pk).update(status="sent", provider_message_id=f"pm-soft-{number}")
        deliveries.append(delivery)
    return deliveries


@pytest.mark.parametrize("bounce_type", ["SoftBounce", "VirusNotification"])
def test_a_soft_bounce_does_not_suppress_the_address(client, bounce_type):
    (delivery,) = sent_deliveries(1)
    soft_bounce(client, "pm-soft-0", bounce_type)
    assert status_of(delivery) == "bounced"
    assert list(delivery.events.values_list("event_type", flat=True)) == ["soft_bounced"]
    assert services.send_email("ada@example.com", "More news", "Hi", category="news").status == "queued"


def test_repeated_soft_bounces_pause_non_essential_mail_for_a_week_then_it_resumes(client, settings):
    settings.QUICKSCALE_NOTIFICATIONS_SOFT_BOUNCE_LIMIT = 3
    settings.QUICKSCALE_NOTIFICATIONS_SOFT_BOUNCE_DAYS = 7
    sent_deliveries(3)
    soft_bounce(client, "pm-soft-0")
    soft_bounce(client, "pm-soft-0")  # the same message twice counts once
    soft_bounce(client, "pm-soft-1")
    assert services.send_email("ada@example.com", "News", "Hi", category="news").status == "queued"

    soft_bounce(client, "pm-soft-2")
    pause = Suppression.objects.get(email="ada@example.com")
    assert pause.reason == "soft_bounced"
    assert timedelta(days=6, hours=23) < pause.expires_at - timezone.now() <= timedelta(days=7)
    assert services.send_email("ada@example.com", "News", "Hi", category="news").status == "suppressed"
    assert services.send_email("ada@example.com", "Receipt", "Paid", category="billing").status == "queued"

    # Eight days later: the pause is over, and the bounces that caused it no longer count.
    eight_days_ago = timezone.now() - timedelta(days=8)
    Suppression.objects.update(expires_at=eight_days_ago + timedelta(days=7))
    DeliveryEvent.objects.update(created_at=eight_days_ago)
    assert services.send_email("ada@example.com", "News", "Hi", category="news").status == "queued"
    sent_deliveries(1)  # a new one, pm-soft-0 again
    soft_bounce(client, "pm-soft-0")
    assert not services.is_blocked("ada@example.com", "news")


def test_a_hard_bounce_during_a_pause_suppresses_for_good(client, settings):
    settings.QUICKSCALE_NOTIFICATIONS_SOFT_BOUNCE_LIMIT = 1
    sent_deliveries(2)
    soft_bounce(client, "pm-soft-0")
    assert Suppression.objects.get().expires_at is not None
    soft_bounce(client, "pm-soft-1", "HardBounce")
    suppression = Suppression.objects.get()
    assert (suppression.reason, suppression.expires_at) == ("bounced", None)
    # Soft bounces do not turn it back into a pause.
    soft_bounce(client, "pm-soft-0")
    assert Suppression.objects.get().expires_at is None


# What each provider's webhook payload (anymail's esp_event) says about a bounce anymail reports as "bounced".
BOUNCES = [
    ("Postmark", {"Type": "HardBounce"}, True),
    ("Postmark", {"Type": "SoftBounce"}, False),
    ("Postmark", {"Type": "VirusNotification"}, False),
    ("Amazon SES", {"bounce": {"bounceType": "Permanent", "bounceSubType": "General"}}, True),
    ("Amazon SES", {"bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull"}}, False),
    ("Amazon SES", {"bounce": {"bounceType": "Undetermined"}}, False),
    ("Resend", {"data": {"bounce": {"type": "Permanent", "message": "hard bounce message"}}}, True),
    ("Resend", {"data": {"bounce": {"type": "Transient", "message": "inbox was full"}}}, False),
    ("SendGrid", {"event": "bounce", "type": "bounce"}, True),
    ("SendGrid", {"event": "bounce", "type": "blocked"}, False),
    ("Brevo", {"event": "hard_bounce"}, True),
    ("Brevo", {"event": "soft_bounce"}, False),
    ("Mailgun", {"event": "failed", "severity": "permanent"}, True),
    # Without the detail the provider normally sends, a bounce counts as hard.
    ("Postmark", {}, True),
]


@pytest.mark.parametrize(("esp_name", "esp_event", "hard"), BOUNCES)
def test_each_providers_hard_and_soft_bounces_are_told_apart(esp_name, esp_event, hard):
    assert is_hard_bounce(esp_name, esp_event) is hard
