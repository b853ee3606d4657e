"""`team_switcher` for TEMPLATES' context_processors: what quickscale_teams/_switcher.html shows."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from quickscale_modules.teams.models import Membership


def team_switcher(request) -> dict:
    """`team_memberships`: the user's memberships with their teams, in one query, run only if a page shows them."""

    def memberships() -> list[Membership]:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return []
        return list(Membership.objects.filter(user=user).select_related("team").order_by("team__name", "team__pk"))

    return {
        "team_memberships": SimpleLazyObject(memberships),
        "current_team": getattr(request, "team", None),
    }
