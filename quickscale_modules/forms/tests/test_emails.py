"""The email to a form's recipients: through the notifications module when installed, else Django's mail."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core import mail

from quickscale_modules.forms import background

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/forms/contact/"


def test_through_notifications_each_recipient_gets_a_delivery(client, contact, fill):
    from quickscale_modules.notifications.models import Delivery

    assert client.post(URL, fill()).status_code == 302
    deliveries = Delivery.objects.order_by("to")
    assert [d.to for d in deliveries] == ["ops@acme.example", "sales@acme.example"]
    first = deliveries[0]
    assert first.subject == "New submission: Contact us" and first.category == "activity"
    assert first.headers["Reply-To"] == "ada@example.com"
    # Without a broker the notifications module sends at once: the emails left through the email backend ...
    assert sorted(message.to[0] for message in mail.outbox) == ["ops@acme.example", "sales@acme.example"]
    assert mail.outbox[0].extra_headers["Reply-To"] == "ada@example.com"
    body = mail.outbox[0].body
    assert "Your email:\nAda@Example.com" in body and "Topic:\nSales" in body
    # ... and, the visitor's words being personal data, no copy of the body stays in the notifications' records.
    assert first.sensitive and first.status == "sent" and first.text == "" and first.html == ""


def test_without_notifications_django_sends_the_email_after_the_response(client, contact, fill, settings):
    apps_without = [
        app for app in django_settings.INSTALLED_APPS if app not in ("quickscale_modules.notifications", "anymail")
    ]
    settings.INSTALLED_APPS = apps_without
    assert client.post(URL, fill()).status_code == 302
    background.wait()
    (message,) = mail.outbox
    assert message.to == ["sales@acme.example", "ops@acme.example"]
    assert message.subject == "New submission: Contact us"
    assert message.extra_headers == {"Reply-To": "ada@example.com"}
    assert "Message:\nHello there" in message.body
    assert "deleted after 180 days" in message.body


def test_a_form_without_recipients_sends_no_email(client, contact, fill):
    contact.recipients = ""
    contact.save()
    client.post(URL, fill())
    background.wait()
    assert mail.outbox == []


def test_recipients_must_be_addresses(contact):
    from django.core.exceptions import ValidationError

    contact.recipients = "sales@acme.example\nnot-an-address"
    with pytest.raises(ValidationError, match="not-an-address is not an email address"):
        contact.full_clean()
