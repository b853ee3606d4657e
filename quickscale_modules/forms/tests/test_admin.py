"""Forms built in the admin, their submissions read-only and exported as CSV, webhook deliveries sent again."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django import forms as django_forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from quickscale_modules.forms import background, registry
from quickscale_modules.forms.models import Form, Submission, WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_superuser("root", "root@example.com", "pw-12345-long")
    client.force_login(user)
    return user


def test_a_form_is_built_in_the_admin_without_code(client, staff, fill):
    fields = {
        "fields-TOTAL_FORMS": "2", "fields-INITIAL_FORMS": "0",
        "fields-0-order": "1", "fields-0-name": "email", "fields-0-label": "Email", "fields-0-kind": "email",
        "fields-0-required": "on",
        "fields-1-order": "2", "fields-1-name": "plan", "fields-1-label": "Plan", "fields-1-kind": "radio",
        "fields-1-choices": "Basic\nPro", "fields-1-help_text": "Pick one",
    }  # fmt: skip
    form = {"title": "Leads", "slug": "leads", "is_active": "on", "submit_label": "Send", "success_message": "Thanks!",
            "retention_days": "30", **fields}  # fmt: skip
    response = client.post("/admin/quickscale_forms/form/add/", form)
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = client.get("/forms/leads/").content.decode()
    assert 'type="email"' in page and 'type="radio"' in page and "Pick one" in page


def test_the_admin_refuses_bad_field_names_and_choiceless_lists(client, staff):
    bad = {
        "title": "X", "slug": "x", "submit_label": "Send", "success_message": "ok", "retention_days": "1",
        "fields-TOTAL_FORMS": "2", "fields-INITIAL_FORMS": "0",
        "fields-0-order": "1", "fields-0-name": "qs_token", "fields-0-label": "T", "fields-0-kind": "text",
        "fields-1-order": "2", "fields-1-name": "pick", "fields-1-label": "P", "fields-1-kind": "select",
    }  # fmt: skip
    page = client.post("/admin/quickscale_forms/form/add/", bad).content.decode()
    assert "not with qs_" in page and "Give at least one choice" in page
    assert not Form.objects.exists()


def test_a_form_defined_in_code_shows_where_and_has_no_field_rows(client, staff, db):
    @registry.register("quote")
    class QuoteForm(django_forms.Form):
        email = django_forms.EmailField()

    try:
        form = Form.objects.create(slug="quote", title="Quote")
        page = client.get(f"/admin/quickscale_forms/form/{form.pk}/change/").content.decode()
        assert "In code: " in page and "QuoteForm" in page and "fields-TOTAL_FORMS" not in page
    finally:
        registry.unregister("quote")


def test_submissions_are_listed_read_only(client, staff, contact, fill):
    client.post("/forms/contact/", fill())
    submission = Submission.objects.get()
    listing = client.get("/admin/quickscale_forms/submission/").content.decode()
    assert "Ada · Ada@Example.com · Hello there · Sales" in listing
    page = client.get(f"/admin/quickscale_forms/submission/{submission.pk}/change/").content.decode()
    assert "<dt>Your email</dt><dd>Ada@Example.com</dd>" in page
    assert client.get("/admin/quickscale_forms/submission/add/").status_code == 403
    assert client.post(f"/admin/quickscale_forms/submission/{submission.pk}/change/", {}).status_code == 403


def test_submissions_export_as_csv_without_formulas(client, staff, contact, fill):
    client.post("/forms/contact/", fill(name='=HYPERLINK("http://evil.example")', message="line one\nline two"))
    client.post("/forms/contact/", fill(name="Grace", message="-2+3"))
    ids = [str(pk) for pk in Submission.objects.values_list("pk", flat=True)]
    response = client.post("/admin/quickscale_forms/submission/", {"action": "export_csv", "_selected_action": ids})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="submissions-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["submitted_at", "form", "name", "email", "message", "topic"]
    assert rows[1][2:] == ['\'=HYPERLINK("http://evil.example")', "Ada@Example.com", "line one\nline two", "Sales"]
    assert rows[2][2:] == ["Grace", "Ada@Example.com", "'-2+3", "Sales"]


def test_the_forms_list_counts_submissions_and_links_them(client, staff, contact, fill):
    client.post("/forms/contact/", fill())
    page = client.get("/admin/quickscale_forms/form/").content.decode()
    assert f'href="/admin/quickscale_forms/submission/?form__id__exact={contact.pk}"' in page
    assert '<td class="field-submission_count">1</td>' in page


def test_rotating_the_webhook_secret(client, staff, contact):
    old = contact.webhook_secret
    client.post("/admin/quickscale_forms/form/", {"action": "rotate_webhook_secret", "_selected_action": [contact.pk]})
    contact.refresh_from_db()
    assert contact.webhook_secret != old and len(contact.webhook_secret) >= 40


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_sent_again_from_the_admin(client, staff, contact, receiver):
    contact.webhook_url = receiver.url
    contact.save()
    submission = Submission.objects.create(form=contact, data={"name": "Ada"})
    delivery = WebhookDelivery.objects.create(submission=submission, url=receiver.url, status="failed", attempts=6,
                                              next_attempt_at=timezone.now() + timedelta(days=1))  # fmt: skip
    client.post("/admin/quickscale_forms/webhookdelivery/", {"action": "retry_now", "_selected_action": [delivery.pk]})
    background.wait()
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.received) == 1
    assert client.get("/admin/quickscale_forms/webhookdelivery/").status_code == 200
