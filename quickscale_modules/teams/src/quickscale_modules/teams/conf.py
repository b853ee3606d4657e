"""The teams module's settings, each read from Django settings as QUICKSCALE_TEAMS_<NAME>, with a default.

from quickscale_modules.teams.conf import teams_settings
teams_settings.INVITATION_DAYS  # 7 unless the project sets QUICKSCALE_TEAMS_INVITATION_DAYS
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_TEAMS_"

DEFAULTS: dict[str, Any] = {
    # Give every new user a team of their own when they sign up (auth module).
    "PERSONAL_TEAM": True,
    # How many days an invitation link stays valid; resending starts the period again.
    "INVITATION_DAYS": 7,
    # Slugs a team may not take because the module's own URLs use them (/t/new/, /t/invitations/ ...).
    "RESERVED_SLUGS": ("new", "invitations", "current"),
    # Scheme and host of links in emails sent outside a request (a request gives its own): https://example.com
    "BASE_URL": "",
}


class TeamsSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the teams module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


teams_settings = TeamsSettings()
