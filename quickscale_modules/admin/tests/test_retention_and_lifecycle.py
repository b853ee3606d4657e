"""The retention period (purge_audit_log, its Celery task) and a deleted user's entries: kept, anonymised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from adminflows import PASSWORD, make_superuser, make_user, sign_in
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from quickscale_modules.admin import lifecycle, services
from quickscale_modules.admin.models import AuditEntry
from quickscale_modules.admin.tasks import purge_audit_log

pytestmark = pytest.mark.django_db


def aged(days: int) -> AuditEntry:
    entry = services.record_event("export_downloaded", object_repr=f"{days} days ago")
    AuditEntry.objects.filter(pk=entry.pk).update(timestamp=timezone.now() - timedelta(days=days))
    return entry


def test_the_purge_deletes_only_entries_past_the_retention_period(capsys):
    kept, gone = aged(10), aged(400)
    call_command("purge_audit_log")
    assert "Deleted 1 audit entries older than 365 days." in capsys.readouterr().out
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AuditEntry.objects.filter(pk=gone.pk).exists()


@override_settings(QUICKSCALE_ADMIN_AUDIT_RETENTION_DAYS=7)
def test_the_setting_and_the_task_use_the_same_period():
    aged(10)
    aged(3)
    assert purge_audit_log() == 1
    assert AuditEntry.objects.count() == 1


def test_a_retention_below_a_day_is_refused_with_a_sentence():
    with pytest.raises(CommandError, match="--days must be 1 or more, not 0"):
        call_command("purge_audit_log", "--days", "0")


def test_a_deleted_users_entries_are_kept_with_a_pseudonym(client):
    ada = make_user("ada@example.com")
    sign_in(client, "ada@example.com", "wrong-password")
    sign_in(client, "ada@example.com")
    services.record_event("export_downloaded", actor=ada, object_repr="report.pdf")
    pk = ada.pk
    before = AuditEntry.objects.count()
    lines = lifecycle.delete_user_data(ada)
    assert len(lines) == 1 and lines[0].endswith(f"audit log entries now name the user deleted user #{pk}")
    ada.delete()
    assert AuditEntry.objects.count() == before + 1  # nothing removed; the deletion itself recorded
    text = " ".join(
        f"{e.actor_email} {e.object_repr} {e.changes} {e.additional_data}" for e in AuditEntry.objects.all()
    )
    assert "ada@example.com" not in text
    deleted = AuditEntry.objects.get(event="user_deleted")
    assert deleted.object_repr == f"deleted user #{pk}"
    assert all(value == ["(erased)", "(erased)"] for value in deleted.changes.values())
    assert AuditEntry.objects.filter(actor_email=f"deleted user #{pk}").count() == 2  # her sign-in and export
    assert lifecycle.delete_user_data(ada) == []  # idempotent


def test_deleting_a_user_in_the_admin_anonymises_too(client):
    root = make_superuser()
    bob = make_user("bob@example.com")
    services.record_event("export_downloaded", actor=bob, object_repr="bob@example.com's report")
    client.force_login(root)
    response = client.post(f"/admin/users/user/{bob.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(actor_email="bob@example.com").exists()
    assert AuditEntry.objects.get(event="export_downloaded").object_repr == f"deleted user #{bob.pk}'s report"


def test_the_export_lists_what_the_user_did():
    ada = make_user("ada@example.com")
    services.record_event("export_downloaded", actor=ada, object_repr="report.pdf")
    exported = lifecycle.export_user_data(ada)["audit_log"]
    assert [(row["event"], row["object"]) for row in exported] == [("export_downloaded", "report.pdf")]


def test_the_auth_modules_deletion_finds_the_admin_modules_hooks():
    from quickscale_modules.auth.hooks import delete_data, deletion_blockers, lifecycle_hooks

    ada = make_user("ada@example.com")
    services.record_event("export_downloaded", actor=ada, object_repr="report.pdf")
    assert ("quickscale_admin", lifecycle.export_user_data) in lifecycle_hooks("export_user_data")
    assert deletion_blockers("user_deletion_blocker", ada) == []
    done = [line for line in delete_data("delete_user_data", ada) if line.startswith("quickscale_admin: ")]
    # her export, and the creation of her account
    assert done == [f"quickscale_admin: 2 audit log entries now name the user deleted user #{ada.pk}"]


def test_deleting_an_account_on_its_page_keeps_the_entries_anonymised_and_exports_them(client):
    ada = make_user("ada@example.com")
    sign_in(client, "ada@example.com")
    services.record_event("export_downloaded", actor=ada, object_repr="report.pdf")
    exported = client.get("/accounts/data/")
    assert b"export_downloaded" in b"".join(exported.streaming_content if exported.streaming else [exported.content])
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302
    assert client.post("/accounts/delete/", {"confirm": "on"}).status_code == 302
    pk = ada.pk
    assert not AuditEntry.objects.filter(actor_email="ada@example.com").exists()
    assert AuditEntry.objects.filter(actor_email=f"deleted user #{pk}", event="sign_in").exists()
    assert AuditEntry.objects.get(event="user_deleted").object_repr == f"deleted user #{pk}"
