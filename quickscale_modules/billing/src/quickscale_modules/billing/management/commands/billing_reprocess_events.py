from django.core.management.base import BaseCommand, CommandError

from quickscale_modules.billing import webhooks
from quickscale_modules.billing.models import EventStatus, WebhookEvent


class Command(BaseCommand):
    help = "Process stored Stripe webhook events again: the failed ones, or the given event ids."

    def add_arguments(self, parser):
        parser.add_argument("event_ids", nargs="*", help="Stripe event ids (evt_...); default: every failed event")

    def handle(self, *args, event_ids, **options):
        events = WebhookEvent.objects.order_by("created")
        if event_ids:
            events = events.filter(stripe_id__in=event_ids)
            missing = set(event_ids) - set(events.values_list("stripe_id", flat=True))
            if missing:
                raise CommandError(f"No stored event with id {', '.join(sorted(missing))}; check the ids in the admin.")
        else:
            events = events.filter(status=EventStatus.FAILED)
        failed = 0
        for event in events:
            outcome = webhooks.reprocess(event)
            failed += outcome.status == EventStatus.FAILED
            self.stdout.write(f"{outcome.stripe_id} {outcome.type}: {outcome.status}")
        if failed:
            raise CommandError(f"{failed} event(s) failed again; their errors are in the admin (Webhook events).")
