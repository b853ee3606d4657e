"""The lifecycle hooks (quickscale_modules.auth.hooks): what the module holds about a user, exported without
bodies or secrets, and deleted (in-app notifications, opt-outs, suppressions) or anonymised (the email log),
idempotently, whether the account is deleted through the hooks or the user row by any other path."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from quickscale_modules.notifications import lifecycle, services
from quickscale_modules.notifications.models import Delivery, DeliveryEvent, Notification, OptOut, Suppression

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def history(user, other_user):
    """Ada's notifications, preferences, a suppression and emails (one still waiting), and Grace's."""
    services.create_notification(user, "Welcome", "Your account is ready.", link="/start/")
    services.create_notification(other_user, "Grace's")
    services.opt_out("ada@example.com", "news")
    services.opt_out("grace@example.com", "news")
    services.send_email("ada@example.com", "Reset your password", "https://acme.example/r/secret/", category="security")
    receipt = services.send_email("ada@example.com", "Receipt 7", "You paid 10 EUR.", category="billing")
    DeliveryEvent.objects.create(delivery=receipt, event_type="delivered", description="250 OK <ada@example.com>")
    Delivery.objects.create(to="ada@example.com", category="activity", subject="Waiting", text="Hi", key="digest-ada")
    services.send_email("grace@example.com", "Grace's receipt", "Paid", category="billing")
    Suppression.objects.create(email="ada@example.com", reason="complained")
    return user


def test_export_holds_notifications_preferences_suppression_and_the_email_log_without_bodies(history):
    exported = lifecycle.export_user_data(history)
    text = json.dumps(exported)  # JSON-serialisable
    assert [n["title"] for n in exported["notifications"]] == ["Welcome"]
    assert exported["notifications"][0]["link"] == "/start/" and exported["notifications"][0]["read_at"] is None
    assert exported["email_preferences"] == {
        "ada@example.com": {"security": True, "billing": True, "activity": True, "news": False}
    }
    assert [(s["email"], s["reason"], s["expires_at"]) for s in exported["suppressions"]] == [
        ("ada@example.com", "complained", None)
    ]
    assert [(e["subject"], e["status"]) for e in exported["emails"]] == [
        ("Reset your password", "sent"),
        ("Receipt 7", "sent"),
        ("Waiting", "queued"),
    ]
    assert "secret" not in text and "10 EUR" not in text and "Grace" not in text


def test_delete_removes_or_anonymises_everything_and_cancels_waiting_mail(history):
    done = lifecycle.delete_user_data(history)
    assert done == [
        "deleted 1 in-app notifications, 1 email opt-outs and 1 suppressions",
        "anonymised 3 emails sent to the account's addresses (1 not yet sent were cancelled)",
    ]
    assert not Notification.objects.filter(user=history).exists()
    assert not OptOut.objects.filter(email="ada@example.com").exists()
    assert not Suppression.objects.exists()
    left = json.dumps(list(Delivery.objects.exclude(to="grace@example.com").values()), default=str)
    assert "ada" not in left.lower() and "Receipt" not in left and "secret" not in left
    assert sorted(Delivery.objects.exclude(to="grace@example.com").values_list("category", "status")) == [
        ("activity", "failed"),
        ("billing", "sent"),
        ("security", "sent"),
    ]
    assert DeliveryEvent.objects.get().description == ""
    # Grace's data is untouched, and a second run finds nothing to do.
    assert OptOut.objects.filter(email="grace@example.com").exists()
    assert Notification.objects.filter(title="Grace's").exists()
    assert Delivery.objects.filter(to="grace@example.com", subject="Grace's receipt").exists()
    assert lifecycle.delete_user_data(history) == [
        "deleted 0 in-app notifications, 0 email opt-outs and 0 suppressions",
        "anonymised 0 emails sent to the account's addresses (0 not yet sent were cancelled)",
    ]


def test_deleting_the_user_row_any_other_way_anonymises_too(history):
    mail.outbox.clear()
    history.delete()  # the admin's delete, a script ...
    assert not Delivery.objects.filter(to="ada@example.com").exists()
    assert not OptOut.objects.filter(email="ada@example.com").exists()
    assert Delivery.objects.filter(to=lifecycle.ERASED_ADDRESS).count() == 3
    assert mail.outbox == []  # the cancelled one is never sent
