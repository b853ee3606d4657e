from django.core.management.base import BaseCommand

from quickscale_modules.forms import retention


class Command(BaseCommand):
    help = "Delete the form submissions older than their form's retention (run it daily, e.g. from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only say how many would be deleted.")

    def handle(self, *args, dry_run: bool = False, **options):
        deleted = retention.purge(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for slug, count in deleted.items():
            self.stdout.write(f"{verb} {count} submission{'s' if count != 1 else ''} of the form {slug}.")
        if not deleted:
            self.stdout.write("No submission is past its form's retention.")
