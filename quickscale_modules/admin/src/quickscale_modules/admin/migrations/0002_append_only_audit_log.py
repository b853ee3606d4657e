"""On PostgreSQL the database itself keeps the audit log append-only: a trigger refuses UPDATE and DELETE.

Two writes get through, each only in a transaction that asked for it with a transaction-local setting
(quickscale_modules.admin.audit): the retention purge deletes rows older than `quickscale_admin.purge_before`,
and the anonymisation of a deleted user (`quickscale_admin.anonymise` = on) rewrites the personal fields
(actor, actor email, text, values) but never when, what, from where or which request. Other databases
(SQLite in development and tests) rely on the application, which never changes or deletes an entry.
"""

from django.db import migrations

TABLE = "quickscale_admin_auditentry"

CREATE = f"""
CREATE OR REPLACE FUNCTION quickscale_admin_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF coalesce(current_setting('quickscale_admin.purge_before', true), '') <> ''
           AND OLD."timestamp" < current_setting('quickscale_admin.purge_before', true)::timestamptz THEN
            RETURN OLD;
        END IF;
    ELSIF coalesce(current_setting('quickscale_admin.anonymise', true), '') = 'on'
          AND NEW.id = OLD.id
          AND NEW."timestamp" = OLD."timestamp"
          AND NEW.event = OLD.event
          AND NEW.action = OLD.action
          AND NEW.content_type_id IS NOT DISTINCT FROM OLD.content_type_id
          AND NEW.object_pk = OLD.object_pk
          AND NEW.object_id IS NOT DISTINCT FROM OLD.object_id
          AND NEW.remote_addr IS NOT DISTINCT FROM OLD.remote_addr
          AND NEW.cid IS NOT DISTINCT FROM OLD.cid
          AND (NEW.actor_id IS NULL OR NEW.actor_id = OLD.actor_id) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'The audit log is append-only: % of an entry is refused.', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER quickscale_admin_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION quickscale_admin_audit_append_only();
"""

DROP = f"""
DROP TRIGGER IF EXISTS quickscale_admin_audit_append_only ON {TABLE};
DROP FUNCTION IF EXISTS quickscale_admin_audit_append_only();
"""


def create_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("quickscale_admin", "0001_initial")]

    operations = [migrations.RunPython(create_guard, drop_guard)]
