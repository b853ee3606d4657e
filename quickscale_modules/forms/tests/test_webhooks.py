"""Webhooks to a real HTTP server on 127.0.0.1: signed, never holding up the visitor, retried with growing waits,
and only to addresses that are allowed."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from quickscale_modules.forms import background, tasks, webhooks
from quickscale_modules.forms.models import Submission, WebhookDelivery
from quickscale_modules.forms.webhooks import WebhookURLError, check_url

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/forms/contact/"


@pytest.fixture
def hooked(contact, receiver):
    contact.webhook_url = receiver.url
    contact.save()
    return contact


def test_a_submission_is_posted_signed_to_the_forms_url(client, hooked, receiver, fill):
    assert client.post(URL, fill()).status_code == 302
    background.wait()
    (request,) = receiver.received
    assert request.path == "/hooks/forms?source=qs"
    assert request.headers["Content-Type"] == "application/json"
    assert webhooks.verify_signature(request.body, request.headers["QuickScale-Signature"], hooked.webhook_secret)
    assert not webhooks.verify_signature(
        request.body + b" ", request.headers["QuickScale-Signature"], hooked.webhook_secret
    )
    assert not webhooks.verify_signature(request.body, request.headers["QuickScale-Signature"], "another secret")
    body = json.loads(request.body)
    submission = Submission.objects.get()
    assert body == {
        "event": "form.submitted",
        "delivery": int(request.headers["QuickScale-Delivery"]),
        "form": "contact",
        "submission": {"id": submission.pk, "created_at": submission.created_at.isoformat(), "data": submission.data},
    }
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_the_visitor_is_answered_while_the_receiver_is_still_busy(client, hooked, receiver, fill):
    receiver.hold = True
    response = client.post(URL, fill())
    assert response.status_code == 302
    assert receiver.arrived.wait(10)  # the webhook is in flight ...
    assert WebhookDelivery.objects.get().status == "pending"  # ... and not answered, yet the visitor was
    receiver.release.set()
    background.wait()
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_signature_too_old_or_malformed_is_refused():
    body = b'{"event":"form.submitted"}'
    old = webhooks.sign(body, "s", timestamp=int(time.time()) - 301)
    assert not webhooks.verify_signature(body, old, "s")
    assert webhooks.verify_signature(body, webhooks.sign(body, "s"), "s")
    for header in ("", "t=abc,v1=00", "v1=00", "t=1"):
        assert not webhooks.verify_signature(body, header, "s")


def test_failures_are_retried_with_growing_waits_then_given_up(client, hooked, receiver, fill, settings):
    settings.QUICKSCALE_FORMS_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.statuses = [500, 302, 503]
    client.post(URL, fill())
    background.wait()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("pending", 1, 500)
    assert delivery.last_error == "The receiver answered 500."
    wait = delivery.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < wait <= timedelta(seconds=30)
    assert webhooks.attempt(delivery.pk) is webhooks.Outcome.SKIPPED  # not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert webhooks.attempt(delivery.pk) is webhooks.Outcome.RETRY  # a redirect is not followed
    delivery.refresh_from_db()
    assert delivery.response_status == 302
    assert timedelta(seconds=55) < delivery.next_attempt_at - timezone.now() <= timedelta(seconds=60)
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert webhooks.attempt(delivery.pk) is webhooks.Outcome.FAILED
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 3, None)
    assert len(receiver.received) == 3
    # Every attempt carries the same delivery id, so a receiver can tell a retry from a new submission.
    assert {request.headers["QuickScale-Delivery"] for request in receiver.received} == {str(delivery.pk)}


def test_the_retry_command_sends_what_is_due(client, hooked, receiver, fill):
    receiver.statuses = [500]
    client.post(URL, fill())
    background.wait()
    out = _command("forms_retry_webhooks")
    assert out == "0 webhook deliveries attempted, 0 delivered.\n"  # the next attempt is not due yet
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())
    assert _command("forms_retry_webhooks") == "1 webhook deliveries attempted, 1 delivered.\n"
    assert WebhookDelivery.objects.get().status == "delivered"


def test_the_celery_task_retries_until_delivered(client, hooked, receiver, fill, settings):
    """The task as a worker runs it (apply: in this process, retries at once instead of after their wait)."""
    settings.QUICKSCALE_FORMS_WEBHOOK_BACKOFF = 0
    receiver.statuses = [500, 502]
    submission = _stored(hooked)
    delivery = webhooks.create_delivery(submission)
    tasks.deliver_webhook.apply((delivery.pk,))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert tasks.retry_webhooks.apply().get() == 0


def test_a_closed_connection_or_an_unreachable_receiver_is_a_failure(hooked, receiver):
    hooked.webhook_url = "http://127.0.0.1:9/nothing-listens"
    hooked.save()
    delivery = webhooks.create_delivery(_stored(hooked))
    assert webhooks.attempt(delivery.pk) is webhooks.Outcome.RETRY
    delivery.refresh_from_db()
    assert delivery.last_error.startswith("ConnectionRefusedError")


def test_a_form_without_a_webhook_sends_none(client, contact, receiver, fill):
    client.post(URL, fill())
    background.wait()
    assert WebhookDelivery.objects.count() == 0 and receiver.received == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.com/x", "must start with https://"),
        ("ftp://hooks.example.com/x", "must start with https://"),
        ("https://user:pw@hooks.example.com/x", "no user name or password"),
        ("https://127.0.0.1/x", "127.0.0.1, a private, loopback or reserved address"),
        ("https://10.1.2.3/x", "a private, loopback or reserved address"),
        ("https://169.254.169.254/latest/meta-data", "a private, loopback or reserved address"),
        ("https://[::1]/x", "::1, a private"),
        ("https://localhost/x", "a private, loopback or reserved address"),
        ("https://no-such-host.invalid/x", "cannot be resolved"),
    ],
)
def test_in_production_only_https_at_public_addresses(settings, url, message):
    settings.QUICKSCALE_FORMS_WEBHOOK_ALLOW_HTTP = None  # follow DEBUG, which is off
    settings.QUICKSCALE_FORMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = None
    with pytest.raises(WebhookURLError, match=message.replace("(", r"\(").replace(".", r"\.")):
        check_url(url)


def test_a_public_address_is_allowed(settings):
    settings.QUICKSCALE_FORMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    assert check_url("https://93.184.215.14/hook", resolve=True) == ["93.184.215.14"]


def test_a_refused_address_fails_the_attempt_without_a_request(client, hooked, receiver, fill, settings):
    settings.QUICKSCALE_FORMS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    client.post(URL, fill())
    background.wait()
    assert receiver.received == []
    assert "private, loopback or reserved" in WebhookDelivery.objects.get().last_error


def test_the_admin_refuses_a_webhook_url_it_could_not_send_to(contact, settings):
    from django.core.exceptions import ValidationError

    settings.QUICKSCALE_FORMS_WEBHOOK_ALLOW_HTTP = False
    contact.webhook_url = "http://hooks.example.com/"
    with pytest.raises(ValidationError, match="must start with https://"):
        contact.full_clean()


def _stored(form) -> Submission:
    return Submission.objects.create(form=form, data={"email": "a@b.example"}, email="a@b.example")


def _command(name: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command(name, stdout=out)
    return out.getvalue()
