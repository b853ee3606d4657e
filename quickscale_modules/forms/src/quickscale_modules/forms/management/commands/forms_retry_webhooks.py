from django.core.management.base import BaseCommand

from quickscale_modules.forms import webhooks


class Command(BaseCommand):
    help = "Attempt every webhook delivery that is due again (run it every minute when no Celery worker does)."

    def handle(self, *args, **options):
        outcomes = [webhooks.attempt(delivery_id) for delivery_id in webhooks.due_deliveries()]
        delivered = sum(outcome is webhooks.Outcome.DELIVERED for outcome in outcomes)
        self.stdout.write(f"{len(outcomes)} webhook deliveries attempted, {delivered} delivered.")
