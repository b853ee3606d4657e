"""System checks: a mistyped rate limit is reported by `manage.py check`, not found out under attack."""

from __future__ import annotations

from allauth.core.internal.ratelimit import parse_rates
from django.core import checks

from quickscale_modules.auth.conf import RATE_LIMIT_ACTIONS, auth_settings

RATE_KEYS = {"ip", "key", "user"}


def check_rate_limits(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for name in RATE_LIMIT_ACTIONS.values():
        value = getattr(auth_settings, name)
        if not _is_valid_rate(value):
            errors.append(
                checks.Error(
                    f'{auth_settings.setting_name(name)} = "{value}" is not a valid rate limit.',
                    hint='Use comma-separated "<count>/<period>/<per>" rates such as "5/5m/key" '
                    "(period: s, m, h or d with an optional number before it; per: ip, key or user).",
                    id="quickscale_auth.E001",
                )
            )
    return errors


def _is_valid_rate(value: object) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    try:
        rates = parse_rates(value)
    except ValueError:
        return False
    return all(rate.per in RATE_KEYS and rate.amount > 0 and rate.duration > 0 for rate in rates)
