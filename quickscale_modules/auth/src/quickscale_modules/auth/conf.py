"""The auth module's own settings, each read from Django settings as QUICKSCALE_AUTH_<NAME>, with a default.

    from quickscale_modules.auth.conf import auth_settings
    auth_settings.ALLOW_SIGNUP  # True unless the project closes public sign-up

Rate limits are allauth's own ACCOUNT_RATE_LIMITS setting (the module's settings block sets it).
"""

from __future__ import annotations

from django.conf import settings

PREFIX = "QUICKSCALE_AUTH_"

DEFAULTS: dict[str, object] = {
    # False closes public sign-up (invited or admin-created accounts only); login stays open.
    "ALLOW_SIGNUP": True,
}


class AuthSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> object:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the auth module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    def setting_name(self, name: str) -> str:
        return PREFIX + name


auth_settings = AuthSettings()
