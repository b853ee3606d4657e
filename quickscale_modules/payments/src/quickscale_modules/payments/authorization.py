"""Who may reach the payments module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). With the teams module the rows are about a purchase of the world's
team (its members see it, its owners refund it); without, about the acting user's own purchase. Anyone else's
purchase is a 404."""

import uuid

from django.apps import apps
from django.utils import timezone

from quickscale_modules.payments.models import Status, Transaction

TEAMS = apps.is_installed("quickscale_modules.teams")


def paid_purchase(payer, amount=1500, currency="usd", description="Annual report") -> Transaction:
    """A paid purchase as the webhooks leave it (no Stripe needed to show it); the api module's rows use it too."""
    return Transaction.objects.create(
        payer=payer,
        payer_label=str(payer),
        description=description,
        amount=amount,
        currency=currency,
        status=Status.SUCCEEDED,
        paid_at=timezone.now(),
        idempotency_key=uuid.uuid4().hex,
    )


def purchase(target) -> dict:
    """A purchase of the target's team (with teams) or user, made inside the request's rolled-back transaction."""
    return {"public_id": paid_purchase(target.team if TEAMS else target.user).public_id}


ROWS = {
    "quickscale_payments:history": {"GET": "signed in"},
    "quickscale_payments:receipt": {"GET": "member" if TEAMS else "signed in", "kwargs": purchase},
    "quickscale_payments:refund": {"POST": "owner" if TEAMS else "signed in", "kwargs": purchase},
}
