"""Rate limits per API key, per user and per anonymous client IP, with rates from QUICKSCALE_API_*_RATE.

Over a limit, a request gets 429 with Retry-After (seconds). Counters live in the default cache: use Redis
(REDIS_URL) in production so every worker shares them.

Each counter is one integer per fixed window, not REST framework's list of every request's time: a request
costs the same whatever the rate, and a burst at a window's edge can reach twice the rate, which suits abuse
limits. One throttle counts every limit that applies to a request, so that on Redis a request costs one
round trip (a pipeline), not two or three per limit.
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass
from functools import cache as memoize

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import BaseThrottle

from quickscale_modules.api.conf import api_settings
from quickscale_modules.api.models import UserAPIKey

SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@memoize
def parse_rate(rate: str) -> tuple[int, int]:
    """REST framework's rate syntax: "600/min" is (600, 60), a count per period of seconds."""
    count, period = rate.split("/")
    return int(count), SECONDS[period[0]]


@dataclass(frozen=True)
class Limit:
    scope: str
    ident: object
    rate: str

    def counter(self, now: float) -> tuple[str, int, float]:
        """The cache key of this window's counter, the most it may count, and when the window ends."""
        count, duration = parse_rate(self.rate)
        window = int(now // duration)
        return f"throttle_{self.scope}_{self.ident}:{window}", count, (window + 1) * duration


class ApiRateThrottle(BaseThrottle):
    """Every limit of the request at once: its API key's, its user's, or its IP's when anonymous."""

    retry_after: float | None = None

    def limits(self, request) -> list[Limit]:
        if not request.user.is_authenticated:
            return [Limit("quickscale_api_anon", self.get_ident(request), api_settings.ANON_RATE)]
        limits = [Limit("quickscale_api_user", request.user.pk, api_settings.USER_RATE)]
        if isinstance(request.auth, UserAPIKey):
            limits.append(Limit("quickscale_api_key", request.auth.prefix, api_settings.KEY_RATE))
        return limits

    def allow_request(self, request, view) -> bool:
        now = time.time()
        counters = [limit.counter(now) for limit in self.limits(request)]
        counts = count_requests({key: int(ends - now) + 1 for key, _, ends in counters})
        exceeded = [ends - now for (_, most, ends), count in zip(counters, counts, strict=True) if count > most]
        self.retry_after = max(exceeded, default=None)
        return not exceeded

    def wait(self) -> float | None:
        return self.retry_after


def count_requests(counters: dict[str, int]) -> list[int]:
    """Add one to each counter (created with its timeout in seconds when missing); returns the new counts."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _count_in_redis(cache, counters)
    counts = []
    for key, timeout in counters.items():
        cache.add(key, 0, timeout=timeout)
        try:
            counts.append(cache.incr(key))
        except ValueError:  # the counter expired between add and incr
            cache.set(key, 1, timeout=timeout)
            counts.append(1)
    return counts


def _count_in_redis(cache: RedisCache, counters: dict[str, int]) -> list[int]:
    # Django's cache API takes three round trips per counter (add, then incr's EXISTS and INCRBY); one script
    # counts them all in one, atomically. The values stay plain integers that cache.get reads.
    keys = [cache.make_key(key) for key in counters]  # made of scope, id and window: nothing to validate
    return _script_of(cache)(keys=keys, args=list(counters.values()))


# INCR each key; a key just created (count 1) gets its timeout. ARGV[i] is KEYS[i]'s timeout in seconds.
COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
  counts[i] = redis.call("INCR", key)
  if counts[i] == 1 then redis.call("EXPIRE", key, ARGV[i]) end
end
return counts
"""

# Django's RedisCache builds a new redis.Redis client, with its table of response callbacks, for every call,
# which costs more than the round trip itself: the throttle keeps one client and script per cache, over the
# cache's own connection pool.
_scripts: weakref.WeakKeyDictionary[RedisCache, object] = weakref.WeakKeyDictionary()


def _script_of(cache: RedisCache):
    if (script := _scripts.get(cache)) is None:
        script = _scripts[cache] = cache._cache.get_client(write=True).register_script(COUNT_SCRIPT)
    return script
