"""Who may reach the payments module's URLs, for the project's authorization test (tests/urlaccess.py in a
generated project explains the format). With the teams module the rows are about a purchase of the world's
team (its members see it, its owners refund it); without, about the acting user's own purchase. Anyone else's
purchase is a 404."""

import uuid

from django.apps import apps
from django.utils import timezone

from quickscale_modules.payments.models import Status, Transaction

TEAMS = apps.is_installed("quickscale_modules.teams")


def purchase(target) -> dict:
    """A paid purchase of the target's team (with teams) or user, made inside the request's rolled-back transaction."""
    payer = target.team if TEAMS else target.user
    made = Transaction.objects.create(
        payer=payer,
        payer_label=str(payer),
        description="Authorization report",
        amount=1500,
        currency="usd",
        status=Status.SUCCEEDED,
        paid_at=timezone.now(),
        idempotency_key=f"authorization-{uuid.uuid4().hex}",
    )
    return {"public_id": made.public_id}


ROWS = {
    "quickscale_payments:history": {"GET": "signed in"},
    "quickscale_payments:receipt": {"GET": "member" if TEAMS else "signed in", "kwargs": purchase},
    "quickscale_payments:refund": {"POST": "owner" if TEAMS else "signed in", "kwargs": purchase},
}
