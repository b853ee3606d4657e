"""The api module's settings, each read from Django settings as QUICKSCALE_API_<NAME>, with a default.

    from quickscale_modules.api.conf import api_settings
    api_settings.KEY_RATE  # "600/min" unless the project sets QUICKSCALE_API_KEY_RATE

Rates use Django REST framework's syntax "<count>/<period>", period one of sec, min, hour, day.
They are read on every request, so override_settings and a changed setting apply at once.
"""

from __future__ import annotations

from django.conf import settings

PREFIX = "QUICKSCALE_API_"

DEFAULTS: dict[str, object] = {
    # Requests per API key (every key counts on its own).
    "KEY_RATE": "600/min",
    # Requests per signed-in user, whether through the session or any of their keys.
    "USER_RATE": "1200/min",
    # Requests per client IP without authentication (the schema and the docs page).
    "ANON_RATE": "60/min",
    # Items per page of every list, and the most a client may ask for with ?page_size=.
    "PAGE_SIZE": 50,
    "MAX_PAGE_SIZE": 200,
}

RATE_SETTINGS = ("KEY_RATE", "USER_RATE", "ANON_RATE")


class ApiSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str):
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the api module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    def setting_name(self, name: str) -> str:
        return PREFIX + name


api_settings = ApiSettings()
