"""The daily retention purge as a Celery task (with the notifications module's workers and beat schedule)."""

from celery import shared_task

from quickscale_modules.admin.retention import purge_expired_entries


@shared_task(name="quickscale_admin.purge_audit_log")
def purge_audit_log() -> int:
    return purge_expired_entries()
