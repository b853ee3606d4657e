"""Emails that carry secrets (password reset, verification, invitation links) are never kept once sent and never
shown in the admin, not even while they wait; retries still send them whole; bodies stored before are redacted."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quickscale_modules.notifications import services, tasks
from quickscale_modules.notifications.models import Delivery, Suppression

pytestmark = pytest.mark.django_db(transaction=True)

RESET_LINK = "https://acme.example/accounts/password/reset/key/7-set-password/"
RESET_TEXT = f"Someone asked to reset your password. Choose a new one: {RESET_LINK}\n"
RESET_HTML = f'<p>Choose a new password: <a href="{RESET_LINK}">reset</a></p>'


def reset_email(**options) -> Delivery:
    return services.send_email("ada@example.com", "Reset your password", RESET_TEXT, RESET_HTML, **options)


def stored(delivery: Delivery) -> str:
    delivery.refresh_from_db()
    return delivery.text + delivery.html


@pytest.fixture
def staff_viewer(client):
    """A staff member who may only view deliveries: what the admin shows them must not take an account over."""
    viewer = get_user_model().objects.create_user("eve", "eve@example.com", "pw-12345-long", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_delivery"))
    client.force_login(viewer)
    return client


def test_a_security_email_is_sent_whole_and_kept_without_its_body(db):
    delivery = reset_email(category="security")
    (message,) = mail.outbox
    assert RESET_LINK in message.body and RESET_LINK in message.alternatives[0][0]
    assert delivery.sensitive and stored(delivery) == ""
    delivery.refresh_from_db()
    assert (delivery.status, delivery.subject) == ("sent", "Reset your password")


def test_an_invitation_marked_sensitive_is_not_kept_either(db):
    delivery = reset_email(category="activity", sensitive=True)
    assert RESET_LINK in mail.outbox[0].body
    assert stored(delivery) == ""


def test_other_emails_keep_their_body(db):
    delivery = services.send_email("ada@example.com", "Receipt", "You paid 10 EUR.", category="billing")
    assert not delivery.sensitive and stored(delivery) == "You paid 10 EUR."


def test_the_admin_never_shows_a_waiting_secret_and_shows_ordinary_bodies(staff_viewer):
    # As send_email records it, before a worker sends it.
    waiting = Delivery.objects.create(
        to="ada@example.com",
        category="security",
        subject="Reset your password",
        text=RESET_TEXT,
        html=RESET_HTML,
        sensitive=True,
    )
    receipt = services.send_email("ada@example.com", "Receipt", "You paid 10 EUR.", category="billing")
    page = staff_viewer.get(f"/admin/quickscale_notifications/delivery/{waiting.pk}/change/")
    assert page.status_code == 200
    assert "Reset your password" in page.content.decode()
    assert "set-password" not in page.content.decode() and "Choose a new" not in page.content.decode()
    assert "Not shown: this email carries a secret link" in page.content.decode()
    assert "set-password" not in staff_viewer.get("/admin/quickscale_notifications/delivery/").content.decode()
    ordinary = staff_viewer.get(f"/admin/quickscale_notifications/delivery/{receipt.pk}/change/").content.decode()
    assert "You paid 10 EUR." in ordinary


def test_retries_send_the_whole_secret_then_drop_it(via_smtp):
    via_smtp.refuse_next = 2
    delivery = reset_email(category="security")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 3)
    (message,) = via_smtp.messages
    assert RESET_LINK in message.get_body(("plain",)).get_content()
    assert stored(delivery) == ""


def test_a_secret_that_is_given_up_is_dropped_too(via_smtp, settings):
    settings.QUICKSCALE_NOTIFICATIONS_MAX_RETRIES = 1
    via_smtp.refuse_next = 5
    delivery = reset_email(category="activity", sensitive=True)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and stored(delivery) == ""


def test_a_secret_that_is_not_sent_is_not_stored(db):
    Suppression.objects.create(email="ada@example.com", reason="complained")
    delivery = reset_email(category="activity", sensitive=True)
    assert delivery.status == "suppressed" and stored(delivery) == ""


def test_a_task_run_again_after_the_send_has_no_body_to_send(db):
    delivery = reset_email(category="security")
    assert tasks.deliver.apply((delivery.pk,)).get() == "done"
    assert len(mail.outbox) == 1


def test_the_data_migration_redacts_the_secrets_stored_before(db):
    before = [("quickscale_notifications", "0002_claims_sensitive_bodies_soft_bounces")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("quickscale_notifications", "Delivery")
    rows = {
        name: old.objects.create(
            key=name,
            to="ada@example.com",
            category=category,
            subject=name,
            text=RESET_TEXT,
            html=RESET_HTML,
            status=status,
        )
        for name, category, status in [
            ("sent-reset", "security", "sent"),
            ("failed-reset", "security", "failed"),
            ("queued-reset", "security", "queued"),
            ("sent-receipt", "billing", "sent"),
        ]
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("quickscale_notifications"))

    after = {row.key: row for row in Delivery.objects.filter(key__in=rows)}
    assert (after["sent-reset"].text, after["sent-reset"].html, after["sent-reset"].sensitive) == ("", "", True)
    assert (after["failed-reset"].text, after["failed-reset"].html) == ("", "")
    # Still to be sent: it keeps its body until then (and loses it after).
    assert after["queued-reset"].sensitive and RESET_LINK in after["queued-reset"].text
    assert not after["sent-receipt"].sensitive and after["sent-receipt"].text == RESET_TEXT
