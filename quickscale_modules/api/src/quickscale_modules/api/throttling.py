"""Rate limits per API key, per user and per anonymous client IP, with rates from QUICKSCALE_API_*_RATE.

Over the limit, a request gets 429 with Retry-After (seconds). Counters live in the default cache: use Redis
(REDIS_URL) in production so every worker shares them.
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from quickscale_modules.api.conf import api_settings
from quickscale_modules.api.models import UserAPIKey


class SettingRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is the api module's setting `rate_setting`, read when the request comes in."""

    rate_setting = ""

    def get_rate(self) -> str:
        return getattr(api_settings, self.rate_setting)

    def cache_key(self, ident) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class KeyRateThrottle(SettingRateThrottle):
    scope = "quickscale_api_key"
    rate_setting = "KEY_RATE"

    def get_cache_key(self, request, view) -> str | None:
        key = request.auth
        return self.cache_key(key.prefix) if isinstance(key, UserAPIKey) else None


class UserRateThrottle(SettingRateThrottle):
    scope = "quickscale_api_user"
    rate_setting = "USER_RATE"

    def get_cache_key(self, request, view) -> str | None:
        return self.cache_key(request.user.pk) if request.user.is_authenticated else None


class AnonRateThrottle(SettingRateThrottle):
    scope = "quickscale_api_anon"
    rate_setting = "ANON_RATE"

    def get_cache_key(self, request, view) -> str | None:
        return None if request.user.is_authenticated else self.cache_key(self.get_ident(request))
