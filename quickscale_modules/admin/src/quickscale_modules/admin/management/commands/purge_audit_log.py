from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.admin.conf import admin_settings
from quickscale_modules.admin.retention import purge_expired_entries


class Command(BaseCommand):
    help = "Delete the audit entries older than QUICKSCALE_ADMIN_AUDIT_RETENTION_DAYS (or --days)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="Keep this many days instead of the setting.")

    def handle(self, *args, days=None, **options):
        days = admin_settings.AUDIT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(f"--days must be 1 or more, not {days}: the audit log keeps at least a day.")
        deleted = purge_expired_entries(days)
        self.stdout.write(f"Deleted {deleted} audit entries older than {days} days.")
