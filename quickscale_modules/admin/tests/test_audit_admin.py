"""The audit log in the admin: read-only (no add, change or delete), filtered by actor, object, event and date,
searched, and exported as CSV with the same filters."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from adminflows import make_superuser, make_user
from django.utils import timezone

from quickscale_modules.admin import services
from quickscale_modules.admin.models import AuditEntry

pytestmark = pytest.mark.django_db
URL = "/admin/quickscale_admin/auditentry/"


@pytest.fixture
def admin_client(client):
    client.force_login(make_superuser())
    return client


def rows(response) -> list[str]:
    """The event of each row the changelist shows."""
    import re

    return re.findall(r'<td class="field-event">([^<]*)</td>', response.content.decode())


def test_entries_can_be_read_but_never_added_changed_or_deleted(admin_client):
    user = make_user()
    entry = AuditEntry.objects.get(event="user_created", object_repr=user.email)
    assert admin_client.get(URL).status_code == 200
    page = admin_client.get(f"{URL}{entry.pk}/change/")
    assert page.status_code == 200 and 'type="submit"' not in page.content.decode().split('id="content"')[1]
    assert admin_client.post(f"{URL}{entry.pk}/change/", {"event": "nothing"}).status_code == 403
    assert admin_client.get(f"{URL}add/").status_code == 403
    assert admin_client.post(f"{URL}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = admin_client.post(URL, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"})
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert response.status_code in (200, 302)
    assert user.email == entry.object_repr


def test_filters_by_event_actor_object_and_date(admin_client):
    ada = make_user("ada@example.com")
    bob = make_user("bob@example.com")
    services.record_event("export_downloaded", obj=ada, actor=ada)
    services.record_event("export_downloaded", obj=bob, actor=bob)
    old = services.record_event("sign_in", obj=bob, actor=bob)
    AuditEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=400))

    assert len(rows(admin_client.get(URL, {"event": "export_downloaded"}))) == 2
    assert len(rows(admin_client.get(URL, {"event": "export_downloaded", "actor": "bob@example.com"}))) == 1
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(ada)
    by_object = rows(admin_client.get(URL, {"object_type": user_type.pk, "q": "ada@example.com"}))
    assert len(by_object) == 2  # her account's creation and her export
    year = (timezone.now() - timedelta(days=400)).year
    assert len(rows(admin_client.get(URL, {"timestamp__year": year}))) == 1
    page = admin_client.get(URL).content.decode()
    assert "By event" in page and "By actor" in page and "By object type" in page


def test_csv_export_holds_the_filtered_entries_with_before_and_after(admin_client):
    ada = make_user("ada@example.com")
    ada.first_name = "Ada"
    ada.save()
    make_user("bob@example.com")
    response = admin_client.get(f"{URL}export.csv", {"q": "ada@example.com", "event": "updated"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="audit-log.csv"'
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(row["event"], row["object_repr"]) for row in table] == [("updated", "ada@example.com")]
    assert table[0]["changes"] == '{"first_name": ["", "Ada"]}'
    assert table[0]["object_type"] == "users.user"


def test_the_changelist_links_the_export_with_its_filters(admin_client):
    page = admin_client.get(URL, {"event": "sign_in"}).content.decode()
    assert 'href="/admin/quickscale_admin/auditentry/export.csv?event=sign_in"' in page


def test_staff_without_the_view_permission_cannot_export(client):
    client.force_login(make_user("staff@example.com", is_staff=True))
    assert client.get(f"{URL}export.csv").status_code == 403


def test_passwords_are_masked_and_api_key_hashes_never_recorded():
    from quickscale_modules.api import services as api

    user = make_user()
    user.set_password("a-new-long-password-42")
    user.save()
    changed = AuditEntry.objects.get(event="password_changed")
    before, after = changed.changes["password"]
    assert "a-new-long-password-42" not in str(changed.changes) and before != user.password != after
    key, secret = api.create_key(user, "ci")
    created = AuditEntry.objects.get(event="api_key_created")
    assert "hashed_key" not in created.changes and secret not in str(created.changes)
    assert created.object_repr == str(key)
    assert api.revoke_key(user, key.prefix)
    revoked = AuditEntry.objects.get(event="api_key_revoked")
    assert (revoked.object_pk, revoked.changes) == (str(key.pk), {"revoked": ["False", "True"]})
