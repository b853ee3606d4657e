"""notify / send_email: rendering, headers, categories, idempotency, the transaction boundary, retries."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import transaction

from quickscale_modules.notifications import services, tasks
from quickscale_modules.notifications.models import Delivery, OptOut, Suppression

pytestmark = pytest.mark.django_db(transaction=True)


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_notify_renders_the_three_templates_and_sends_after_commit(user):
    with transaction.atomic():
        delivery = services.notify(user, "welcome", {"plan": "Pro"}, category="activity")
        assert mail.outbox == []
    (message,) = sent_to("ada@example.com")
    assert message.subject == "Welcome to Acme, Ada"
    assert "Your Pro plan is ready." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>Pro</strong>" in html
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 1 and delivery.sent_at


def test_nothing_is_sent_for_a_rolled_back_transaction(user):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user, "welcome", {"plan": "Pro"})
        raise RuntimeError("the request failed")
    assert mail.outbox == []
    assert not Delivery.objects.exists()


def test_a_project_template_overrides_the_modules(user):
    services.notify(user, "message", {"title": "Export ready"})
    (message,) = mail.outbox
    assert message.subject == "Project: Export ready"
    assert message.body.startswith("Project says: Export ready")


def test_non_essential_mail_carries_one_click_unsubscribe_and_essential_mail_does_not(user):
    services.send_email("ada@example.com", "News", "Hello", "<html><body><p>Hi</p></body></html>", category="news")
    services.send_email("ada@example.com", "Your password changed", "It changed.", category="security")
    news, security = mail.outbox
    link = news.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://acme.example/notifications/unsubscribe/")
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in news.body and f'href="{link}"' in news.alternatives[0][0]
    assert news.alternatives[0][0].index(link) < news.alternatives[0][0].index("</body>")
    assert "List-Unsubscribe" not in security.extra_headers and "nsubscribe" not in security.body


def test_a_template_that_places_the_link_itself_gets_no_second_one(user):
    services.notify(user, "welcome", {"plan": "Pro"}, category="news")
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.body.count(link) == 1


def test_the_same_idempotency_key_sends_once(user):
    first = services.send_email("ada@example.com", "Invite", "Join us", category="activity", idempotency_key="inv-7")
    again = services.send_email("ada@example.com", "Invite", "Join us", category="activity", idempotency_key="inv-7")
    assert first.pk == again.pk
    assert len(mail.outbox) == 1


def test_a_task_run_twice_sends_once(user):
    delivery = services.send_email("ada@example.com", "Once", "Only once", category="security")
    assert tasks.deliver.apply((delivery.pk,)).get() == "done"
    assert len(mail.outbox) == 1


def test_opted_out_and_suppressed_addresses_get_essential_mail_only(user):
    OptOut.objects.create(email="ada@example.com", category="news")
    Suppression.objects.create(email="bounced@example.com", reason="bounced")
    skipped = services.send_email("ADA@example.com", "News", "Hello", category="news")
    services.send_email("ada@example.com", "Activity", "Hello", category="activity")
    services.send_email("bounced@example.com", "Activity", "Hello", category="activity")
    services.send_email("bounced@example.com", "Receipt", "Paid", category="billing")
    assert skipped.status == Delivery.Status.SUPPRESSED
    assert [(m.to[0], m.subject) for m in mail.outbox] == [
        ("ada@example.com", "Activity"),
        ("bounced@example.com", "Receipt"),
    ]


def test_an_unknown_category_is_refused_with_the_known_ones(user):
    with pytest.raises(ValueError, match="Unknown notification category 'promo'; use one of: security, billing"):
        services.send_email("ada@example.com", "Hi", "Hi", category="promo")
    with pytest.raises(ValueError, match="essential"):
        services.opt_out("ada@example.com", "security")


def test_in_process_delivery_is_logged_once(user, caplog, monkeypatch):
    monkeypatch.setattr(tasks, "_eager_logged", False)
    with caplog.at_level(logging.WARNING, logger="quickscale_modules.notifications.tasks"):
        services.send_email("ada@example.com", "One", "1", category="security")
        services.send_email("ada@example.com", "Two", "2", category="security")
    warnings = [r for r in caplog.records if "sent in-process" in r.getMessage()]
    assert len(warnings) == 1 and "REDIS_URL" in warnings[0].getMessage()


def test_a_provider_error_is_retried_until_the_provider_accepts(via_smtp):
    via_smtp.refuse_next = 2
    delivery = services.send_email("ada@example.com", "Retry", "Try again", category="security")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT and delivery.attempts == 3
    assert [m["Subject"] for m in via_smtp.messages] == ["Retry"]


def test_a_provider_that_keeps_failing_marks_the_delivery_failed(via_smtp, settings):
    settings.QUICKSCALE_NOTIFICATIONS_MAX_RETRIES = 2
    via_smtp.refuse_next = 10
    delivery = services.send_email("ada@example.com", "Doomed", "No luck", category="security")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 3
    assert "451" in delivery.last_error
    assert via_smtp.messages == []


def test_a_permanent_refusal_is_not_retried(via_smtp):
    via_smtp.refuse_next, via_smtp.refusal = 1, "554 5.7.1 Message rejected"
    delivery = services.send_email("ada@example.com", "Spammy", "No", category="security")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 1
    assert "554" in delivery.last_error


def test_an_unreachable_provider_is_retried_then_failed(settings, db):
    settings.QUICKSCALE_NOTIFICATIONS_EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    settings.QUICKSCALE_NOTIFICATIONS_MAX_RETRIES = 1
    settings.QUICKSCALE_NOTIFICATIONS_RETRY_BACKOFF = 0
    delivery = services.send_email("ada@example.com", "Down", "Server down", category="security")
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.FAILED and delivery.attempts == 2
    assert "Connection refused" in delivery.last_error


def test_backoff_doubles_and_is_capped(settings):
    settings.QUICKSCALE_NOTIFICATIONS_RETRY_BACKOFF = 10
    settings.QUICKSCALE_NOTIFICATIONS_RETRY_BACKOFF_MAX = 60
    assert 9 <= tasks.backoff(0) <= 10
    assert 36 <= tasks.backoff(2) <= 40
    assert 54 <= tasks.backoff(5) <= 60
