from django.core.management.base import BaseCommand

from quickscale_modules.billing import services


class Command(BaseCommand):
    help = "Send usage records that Stripe has not accepted yet (for metered prices) to Stripe again."

    def handle(self, *args, **options):
        sent = 0
        for record in services.unreported_usage():
            services.report_usage(record)
            sent += 1
        self.stdout.write(f"Reported {sent} usage record(s) to Stripe.")
