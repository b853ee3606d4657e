"""Rate limits per API key, per user and per anonymous client IP, with rates from QUICKSCALE_API_*_RATE.

Over the limit, a request gets 429 with Retry-After (seconds). Counters live in the default cache: use Redis
(REDIS_URL) in production so every worker shares them.

Each counter is one integer per fixed window (cache.incr, atomic in Redis), not REST framework's list of
every request's time: a request costs the same whatever the rate, and a burst at a window's edge can reach
twice the rate, which suits abuse limits.
"""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from quickscale_modules.api.conf import api_settings
from quickscale_modules.api.models import UserAPIKey


class SettingRateThrottle(SimpleRateThrottle):
    """A fixed-window throttle whose rate is the api module's setting `rate_setting`, read per request."""

    rate_setting = ""
    retry_after = None

    def get_rate(self) -> str:
        return getattr(api_settings, self.rate_setting)

    def allow_request(self, request, view) -> bool:
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        key = f"{ident}:{window}"
        self.cache.add(key, 0, timeout=self.duration + 1)
        try:
            count = self.cache.incr(key)
        except ValueError:  # the counter expired between add and incr
            self.cache.set(key, count := 1, timeout=self.duration + 1)
        self.retry_after = (window + 1) * self.duration - now
        return count <= self.num_requests

    def wait(self) -> float | None:
        return self.retry_after

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
