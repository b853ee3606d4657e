"""Run by test_postgres.py in a process of its own, against a fresh PostgreSQL database (DATABASE_URL): migrate,
then try what the append-only guard must refuse and what it must let through. Prints one JSON line."""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admin_testproject.settings")


def attempt(sql: str, params=()) -> str:
    from django.db import DatabaseError, connection, transaction

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            return f"done {cursor.rowcount}"
    except DatabaseError as error:
        return f"refused: {str(error).splitlines()[0]}"


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from adminflows import make_user

    from quickscale_modules.admin import services
    from quickscale_modules.admin.models import AuditEntry
    from quickscale_modules.admin.retention import purge_expired_entries

    ada = make_user("ada@example.com")
    entry = services.record_event("export_downloaded", obj=ada, actor=ada)
    table = AuditEntry._meta.db_table
    results = {
        "update": attempt(f"UPDATE {table} SET event = 'nothing' WHERE id = %s", [entry.pk]),
        "delete": attempt(f"DELETE FROM {table} WHERE id = %s", [entry.pk]),
        "orm_delete": attempt(f"DELETE FROM {table}"),
    }
    old = services.record_event("export_downloaded", object_repr="long ago")
    # Ageing a row is an UPDATE the guard refuses too: the table's owner turns the trigger off for it.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER quickscale_admin_audit_append_only")
        cursor.execute(
            f"UPDATE {table} SET timestamp = %s WHERE id = %s", [timezone.now() - timedelta(days=900), old.pk]
        )
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER quickscale_admin_audit_append_only")
    results["purged"] = purge_expired_entries()
    ada.delete()
    results["after_user_deleted"] = sorted(
        (e.event, e.actor_email or "", e.object_repr) for e in AuditEntry.objects.all()
    )
    results["count"] = AuditEntry.objects.count()
    print(json.dumps(results))


if __name__ == "__main__":
    sys.exit(main())
