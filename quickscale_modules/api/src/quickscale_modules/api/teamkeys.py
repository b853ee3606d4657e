"""Team keys fail closed: every endpoint says how it handles a team key (docs/modules/api.md, "Keys per team"),
and one that does not refuses it (403), so an endpoint that forgets teams_of(request) cannot hand a team key
every team of its user. The check is in the key authentication, which every key request passes through
whatever the view's permissions and throttles.

    class ProjectViewSet(viewsets.ModelViewSet):
        team_keys = "scoped"  # its team data comes through teams_of(request): a team key reaches its team alone
"""

from __future__ import annotations

from quickscale_modules.api.models import UserAPIKey

# The endpoint reaches team data only through teams_of(request) (quickscale_modules.api.resources.teams).
SCOPED = "scoped"
# The endpoint reaches no team's data at all: only the key's user themselves (GET /me) or nothing (the schema).
NO_TEAM_DATA = "no_team_data"
# The default, and any other value: a request with a team key gets 403.
REFUSE = "refuse"

REFUSED = "This endpoint does not take team keys: use a personal API key (one without a team)."


def accepts_team_keys(view) -> bool:
    """Whether `view` (a REST framework view instance, or None) declared that it takes team keys."""
    return getattr(view, "team_keys", REFUSE) in (SCOPED, NO_TEAM_DATA)


def key_team_id(request) -> int | None:
    """The team of the request's API key, when it is a team key (request.auth is the UserAPIKey of a key request)."""
    key = request.auth
    return key.team_id if isinstance(key, UserAPIKey) else None
