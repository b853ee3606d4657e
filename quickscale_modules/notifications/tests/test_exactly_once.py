"""The holes "exactly once" had: a delivery whose task was lost is sent by a retry with its idempotency key and by
the sweeper; a worker that outlived its claim does not overwrite what the worker that took over recorded; and
every backend gives up on a silent provider within SEND_TIMEOUT, well within the lease. (A real worker and a
broker that dies between the commit and the hand-over: test_worker.py.)"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core import mail
from django.db import connection
from django.utils import timezone

from quickscale_modules.notifications import services, tasks
from quickscale_modules.notifications.models import Delivery


@pytest.mark.django_db
def test_a_retry_with_the_same_key_sends_a_delivery_whose_task_was_lost(django_capture_on_commit_callbacks):
    # Recorded in a transaction whose hand-over to the workers never ran (the broker was down).
    invite = {"to": "ada@example.com", "subject": "Invite", "text": "Join us", "idempotency_key": "inv-7"}
    lost = services.send_email(**invite)
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        again = services.send_email(**invite)
    assert again.pk == lost.pk
    assert [message.subject for message in mail.outbox] == ["Invite"]
    lost.refresh_from_db()
    assert lost.status == "sent"


@pytest.mark.django_db
def test_the_sweeper_sends_deliveries_whose_task_was_lost_and_only_those(settings):
    settings.QUICKSCALE_NOTIFICATIONS_SWEEP_AFTER = 60
    lost = services.send_email("ada@example.com", "Lost", "1", category="security")
    recent = services.send_email("ada@example.com", "Recent", "2", category="security")
    abandoned = services.send_email("ada@example.com", "Abandoned", "3", category="security")
    retrying = services.send_email("ada@example.com", "Retrying", "4", category="security")
    long_ago = timezone.now() - timedelta(minutes=10)
    Delivery.objects.filter(pk=lost.pk).update(next_attempt_at=long_ago)
    # Claimed by a worker that died ten minutes ago (the lease is five); one waiting for its retry in an hour.
    Delivery.objects.filter(pk=abandoned.pk).update(status="sending", claimed_at=long_ago, claim_token="dead")
    Delivery.objects.filter(pk=retrying.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    assert tasks.sweep.apply().get() == 2
    assert sorted(message.subject for message in mail.outbox) == ["Abandoned", "Lost"]
    assert Delivery.objects.get(pk=recent.pk).status == "queued"


@pytest.mark.django_db(transaction=True)
def test_a_worker_whose_claim_ran_out_does_not_overwrite_the_outcome(via_smtp, settings, caplog):
    settings.QUICKSCALE_NOTIFICATIONS_SEND_LEASE = 1
    delivery = Delivery.objects.create(
        to="ada@example.com", category="security", subject="Slow", text="Hi", headers={"Message-ID": "<slow@acme>"}
    )
    via_smtp.hold(count=1, accept=True)
    slow = threading.Thread(target=deliver_in_thread, args=(delivery.pk,))
    slow.start()
    try:
        assert wait_until(lambda: via_smtp.held() == 1)
        time.sleep(1.2)  # its lease runs out while the provider keeps it waiting
        assert tasks.deliver.apply((delivery.pk,)).get() == "sent"  # another worker takes it over
        delivery.refresh_from_db()
        # The provider reports the message of the worker that took over as delivered.
        event = AnymailTrackingEvent(event_type="delivered", message_id=delivery.provider_message_id)
        tracking.send(sender=None, event=event, esp_name="Postmark")
    finally:
        with caplog.at_level(logging.ERROR, logger="quickscale_modules.notifications.delivery"):
            via_smtp.release()
            slow.join(timeout=30)
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    assert "was sent after its claim ran out" in caplog.text


def deliver_in_thread(delivery_id: int) -> None:
    try:
        tasks.deliver.apply((delivery_id,))
    finally:
        connection.close()


def wait_until(condition, timeout: float = 10) -> bool:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


@pytest.fixture
def silent_port():
    """A TCP port that takes connections and never answers: a provider that hangs."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


def smtp(settings, port: int) -> None:
    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port


def postmark(settings, port: int) -> None:
    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "server-token", "POSTMARK_API_URL": f"http://127.0.0.1:{port}/"}


def amazon_ses(settings, port: int) -> None:
    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "anymail.backends.amazon_ses.EmailBackend"
    settings.ANYMAIL = {
        "AMAZON_SES_CLIENT_PARAMS": {
            "endpoint_url": f"http://127.0.0.1:{port}",
            "region_name": "eu-west-1",
            "aws_access_key_id": "AKIAEXAMPLEEXAMPLE00",
            "aws_secret_access_key": "example-secret-access-key",
        }
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("provider", [smtp, postmark, amazon_ses], ids=lambda provider: provider.__name__)
def test_every_backend_gives_up_on_a_silent_provider_within_send_timeout(settings, silent_port, provider):
    provider(settings, silent_port)
    settings.EMAIL_TIMEOUT = 60  # the defaults all wait longer than the join below: only SEND_TIMEOUT ends it
    settings.QUICKSCALE_NOTIFICATIONS_SEND_TIMEOUT = 1
    settings.QUICKSCALE_NOTIFICATIONS_MAX_RETRIES = 0
    delivery = Delivery.objects.create(to="ada@example.com", category="security", subject="Hung", text="Hi")
    sending = threading.Thread(target=deliver_in_thread, args=(delivery.pk,), daemon=True)
    sending.start()
    # Far above the 1 s timeout (a busy machine takes seconds to make a boto3 client), below every default:
    # EMAIL_TIMEOUT 60 s here, anymail's 30 s, boto3's 60 s (and retries).
    sending.join(timeout=25)
    assert not sending.is_alive(), f"{provider.__name__} was still sending after 25 s"
    delivery.refresh_from_db()
    assert delivery.status == "failed" and re.search(r"timed? ?out", delivery.last_error), delivery.last_error
