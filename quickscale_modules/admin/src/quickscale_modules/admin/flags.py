"""Who a feature flag is on for: waffle's rules, the flag's teams, and a percentage that is stable per user.

Waffle draws a percentage flag at random per browser (a cookie). For a signed-in user this module decides
it from a hash of the flag name and the user id instead, so the same user gets the same answer in every
browser, in the API and in Python code; anonymous visitors keep waffle's cookie.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.apps import apps


def bucket(flag_name: str, user_pk) -> Decimal:
    """The user's place, 0.0 to 99.9, in the flag's rollout order."""
    digest = hashlib.sha256(f"{flag_name}:{user_pk}".encode()).hexdigest()
    return Decimal(int(digest[:8], 16) % 1000) / 10


def team_ids_of(user) -> set[int]:
    """Ids of the teams the user belongs to (empty without the teams module)."""
    if not apps.is_installed("quickscale_modules.teams") or not getattr(user, "is_authenticated", False):
        return set()
    from quickscale_modules.teams.services import teams_for

    return set(teams_for(user).values_list("pk", flat=True))


def active_for_teams(flag, user) -> bool:
    wanted = {int(team) for team in flag.teams or []}
    return bool(wanted) and bool(wanted & team_ids_of(user))


def active_for_percent(flag, user) -> bool | None:
    """For a signed-in user, whether the flag's percentage takes them; None when it has no percentage."""
    if not flag.percent or not getattr(user, "is_authenticated", False):
        return None
    return bucket(flag.name, user.pk) < flag.percent
