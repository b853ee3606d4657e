"""The auth module's settings, each read from Django settings as QUICKSCALE_AUTH_<NAME>, with a default.

    from quickscale_modules.auth.conf import auth_settings
    auth_settings.LOGIN_FAILED_RATE_LIMIT  # "10/m/ip,5/5m/key" unless the project sets its own

Rate limits use allauth's syntax: comma-separated "<count>/<period>/<per>" rates, where period is s, m, h
or d with an optional number before it (5m = five minutes) and per is ip, key (the email typed in) or user.
They cannot be switched off here: `manage.py check` reports an empty or malformed value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from django.conf import settings

PREFIX = "QUICKSCALE_AUTH_"

DEFAULTS: dict[str, str] = {
    # Every login attempt, per client IP.
    "LOGIN_RATE_LIMIT": "30/m/ip",
    # Failed logins: per client IP, and per email address (5 wrong passwords lock that email for 5 minutes).
    "LOGIN_FAILED_RATE_LIMIT": "10/m/ip,5/5m/key",
    # Password-reset requests: per client IP, and per email address.
    "PASSWORD_RESET_RATE_LIMIT": "20/m/ip,5/m/key",
    # Opening password-reset links (guessing keys), per client IP.
    "PASSWORD_RESET_FROM_KEY_RATE_LIMIT": "20/m/ip",
    # Sign-ups, per client IP.
    "SIGNUP_RATE_LIMIT": "20/m/ip",
}

# Which allauth rate-limit action each setting controls.
RATE_LIMIT_ACTIONS: dict[str, str] = {
    "login": "LOGIN_RATE_LIMIT",
    "login_failed": "LOGIN_FAILED_RATE_LIMIT",
    "reset_password": "PASSWORD_RESET_RATE_LIMIT",
    "reset_password_from_key": "PASSWORD_RESET_FROM_KEY_RATE_LIMIT",
    "signup": "SIGNUP_RATE_LIMIT",
}


class AuthSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> str:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the auth module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    def setting_name(self, name: str) -> str:
        return PREFIX + name


auth_settings = AuthSettings()


class AccountRateLimits(Mapping[str, str]):
    """allauth's ACCOUNT_RATE_LIMITS, filled from the QUICKSCALE_AUTH_*_RATE_LIMIT settings when read.

    allauth reads ACCOUNT_RATE_LIMITS on every request and merges it over its own defaults, so the
    actions not listed here (change_password, manage_email ...) keep allauth's limits.
    """

    def __getitem__(self, action: str) -> str:
        return getattr(auth_settings, RATE_LIMIT_ACTIONS[action])

    def __iter__(self) -> Iterator[str]:
        return iter(RATE_LIMIT_ACTIONS)

    def __len__(self) -> int:
        return len(RATE_LIMIT_ACTIONS)

    def __repr__(self) -> str:
        return f"AccountRateLimits({dict(self)!r})"
