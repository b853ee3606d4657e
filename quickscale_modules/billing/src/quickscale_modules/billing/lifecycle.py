"""What billing does when a user's data is exported and when a user or a team is deleted (the lifecycle hooks
that quickscale_modules.auth.hooks collects; docs/modules/billing.md, "Deleting a payer").

Deleting a payer cancels its subscription at Stripe at once (no payer is left for anyone to manage it) and
keeps its BillingCustomer row, closed, as the record. When Stripe refuses or cannot be reached, the blockers
say so and the delete hooks raise services.SubscriptionNotCancelled: the deletion does not happen.

The pre_delete receivers at the end run the same code for deletions that go around the hooks (the Django
admin, a shell); after the hooks ran they find nothing left to do.
"""

from __future__ import annotations

from typing import Any

import stripe
from django.apps import apps
from django.db import models, transaction
from django.db.models import Sum

from quickscale_modules.billing import seats, services
from quickscale_modules.billing.conf import billing_settings


def export_user_data(user) -> dict[str, Any]:
    """The user's subscription and usage when the user pays (a team's billing belongs to the team); no card data."""
    customer = services.find_customer(user)
    if customer is None:
        return {}
    usage = customer.usage_records.values("feature").annotate(total=Sum("quantity")).order_by("feature")
    return {
        "subscription": {
            "stripe_customer": customer.stripe_customer_id,
            "status": customer.status,
            "plans": list(customer.lookup_keys),
            "seats": customer.quantity,
            "current_period_end": _iso(customer.current_period_end),
            "trial_end": _iso(customer.trial_end),
            "cancel_at_period_end": customer.cancel_at_period_end,
            "had_a_trial": customer.trial_used,
        },
        "usage": {row["feature"]: row["total"] for row in usage},
    }


def user_deletion_blocker(user) -> str | None:
    return _blocker(user)


def team_deletion_blocker(team) -> str | None:
    return _blocker(team)


def delete_user_data(user) -> list[str]:
    return _close(user, f"User {user.pk} deleted")


def delete_team_data(team) -> list[str]:
    return _close(team, f"Team {team.pk} deleted")


def _blocker(payer: models.Model) -> str | None:
    """None, unless the subscription cannot be cancelled now (billing off, Stripe unreachable or refusing)."""
    customer = services.find_customer(payer)
    if customer is None:
        return None
    if not billing_settings.configured:
        return _billing_off(payer) if customer.has_live_subscription() else None
    try:
        services.subscriptions_at_stripe(customer)
    except stripe.StripeError:
        return _stripe_refused(payer)
    return None


def _close(payer: models.Model, event: str) -> list[str]:
    customer = services.find_customer(payer)
    if customer is None:
        return []
    try:
        return services.close_customer(customer, event)
    except services.BillingNotConfigured as error:
        raise services.SubscriptionNotCancelled(_billing_off(payer)) from error
    except stripe.StripeError as error:
        raise services.SubscriptionNotCancelled(_stripe_refused(payer)) from error


def _whose(payer: models.Model) -> str:
    return "The team's" if services.is_team(payer) else "Your"


def _stripe_refused(payer: models.Model) -> str:
    return f"{_whose(payer)} subscription could not be cancelled at Stripe; try again in a moment."


def _billing_off(payer: models.Model) -> str:
    return (
        f"Billing is switched off on this site, so {_whose(payer).lower()} subscription cannot be cancelled; "
        "ask the site's operator to cancel it first."
    )


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


# --- receivers (connected in apps.py) ----------------------------------------------------------------------


def user_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the user model: close the user's billing; a team that pays per seat loses the seat."""
    delete_user_data(instance)
    if billing_settings.CUSTOMER == "team" and apps.is_installed("quickscale_modules.teams"):
        from quickscale_modules.teams.services import teams_for

        # The user's memberships go with the row and no member_removed is sent: count again once it is gone.
        for team in list(teams_for(instance)):
            transaction.on_commit(lambda team=team: seats.on_member_change(sender, team))


def team_deleted(sender, instance, **kwargs) -> None:
    """pre_delete of the teams module's Team."""
    delete_team_data(instance)
