from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.billing import services


class Command(BaseCommand):
    help = "Sync Stripe Products and Prices into the database (dj-stripe); webhooks keep them current after."

    def handle(self, *args, **options):
        try:
            products, prices = services.sync_catalog()
        except services.BillingNotConfigured as error:
            raise CommandError(f"{error} Add it to .env, then run billing_sync again.") from error
        self.stdout.write(f"Synced {products} products and {prices} prices from Stripe.")
