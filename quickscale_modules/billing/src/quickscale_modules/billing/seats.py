"""Per-seat billing with the teams module: its member_added / member_removed signals resize the team's
subscription (connected in apps.py only when quickscale_modules.teams is installed)."""

from __future__ import annotations

import logging

import stripe

from quickscale_modules.billing import services
from quickscale_modules.billing.conf import billing_settings

logger = logging.getLogger(__name__)


def current_team(request):
    """The team a request bills: the team of a /t/<team>/ URL, else the team the user worked in last."""
    from quickscale_modules.teams.services import last_used_team

    return getattr(request, "team", None) or last_used_team(request.user)


def on_member_change(sender, team, **kwargs) -> None:
    if billing_settings.CUSTOMER != "team" or not billing_settings.configured:
        return
    try:
        services.sync_seats(team)
    except stripe.StripeError:
        # The membership change stands; the next member change or subscription event corrects the seats.
        logger.exception("Could not update the seats of team %s in Stripe", team.pk)
