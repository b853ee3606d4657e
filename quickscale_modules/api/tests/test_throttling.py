"""The (N+1)th request in the window gets 429 with Retry-After, per key, per user and per anonymous client.

Every test runs twice: on the local-memory cache (development, tests) and on a real Redis server (production,
REDIS_URL), where the counters take another code path (one script per request).
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from apiflows import error_of, with_key
from django.test import override_settings

from quickscale_modules.api import services, throttling
from testsupport.services import redis_cli


def redis_cache(url: str) -> dict:
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


@pytest.fixture(autouse=True, params=["locmem", "redis"])
def cache_backend(request):
    if request.param == "locmem":
        yield None
        return
    url = request.getfixturevalue("redis_database")
    with override_settings(CACHES=redis_cache(url)):
        yield url


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """Every request of a test in the middle of one window: the counters are per fixed minute, and a slow run
    crossing a minute's end would start them again."""
    instant = time.time() // 60 * 60 + 30
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: instant))


def assert_throttled(response) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = error_of(response)
    assert error["code"] == "throttled" and error["details"] == {"retry_after": int(response["Retry-After"])}


@override_settings(QUICKSCALE_API_KEY_RATE="3/min")
def test_each_key_has_its_own_limit(client, user, api_key):
    for _ in range(3):
        assert client.get("/api/v1/me", **with_key(api_key)).status_code == 200
    assert_throttled(client.get("/api/v1/me", **with_key(api_key)))
    second_key = services.create_key(user, "second")[1]
    assert client.get("/api/v1/me", **with_key(second_key)).status_code == 200


@override_settings(QUICKSCALE_API_USER_RATE="4/min")
def test_a_users_keys_share_the_users_limit(client, user, api_key):
    second_key = services.create_key(user, "second")[1]
    for key in (api_key, second_key, api_key, second_key):
        assert client.get("/api/v1/me", **with_key(key)).status_code == 200
    assert_throttled(client.get("/api/v1/me", **with_key(second_key)))


@override_settings(QUICKSCALE_API_ANON_RATE="2/min")
def test_anonymous_clients_are_limited_by_ip(client, db):
    for _ in range(2):
        assert client.get("/api/v1/schema/").status_code == 200
    assert_throttled(client.get("/api/v1/schema/"))
    assert client.get("/api/v1/schema/", REMOTE_ADDR="10.0.0.2").status_code == 200


@override_settings(QUICKSCALE_API_ANON_RATE="1/min")
def test_x_forwarded_for_is_not_trusted_without_proxies(client, db):
    assert client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 200
    assert_throttled(client.get("/api/v1/schema/", HTTP_X_FORWARDED_FOR="2.2.2.2"))


@override_settings(QUICKSCALE_API_USER_RATE="2/min")
def test_a_signed_in_browser_has_its_users_limit(client, user):
    client.force_login(user)
    for _ in range(2):
        assert client.get("/api/v1/me").status_code == 200
    assert_throttled(client.get("/api/v1/me"))


@pytest.mark.parametrize("setting", ["QUICKSCALE_API_KEY_RATE", "QUICKSCALE_API_USER_RATE"])
def test_rates_change_without_a_restart(client, api_key, setting):
    with override_settings(**{setting: "1/min"}):
        client.get("/api/v1/me", **with_key(api_key))
        assert client.get("/api/v1/me", **with_key(api_key)).status_code == 429


@pytest.mark.parametrize("cache_backend", ["redis"], indirect=True)
def test_redis_counters_are_plain_integers_that_expire_with_their_window(client, api_key, cache_backend):
    for _ in range(2):
        assert client.get("/api/v1/me", **with_key(api_key)).status_code == 200
    counters = redis_cli(cache_backend, "KEYS", "*throttle_quickscale_api_*").split()
    assert len(counters) == 2  # the key's and the user's
    for counter in counters:
        assert redis_cli(cache_backend, "GET", counter) == "2"
        assert 0 < int(redis_cli(cache_backend, "TTL", counter)) <= 61


@pytest.mark.parametrize("cache_backend", ["locmem"], indirect=True)
def test_a_counter_that_expires_between_add_and_incr_starts_again_at_one(client, api_key, monkeypatch):
    from django.core.cache import caches

    monkeypatch.setattr(caches["default"], "add", lambda *args, **kwargs: True)  # as if it expired at once
    with override_settings(QUICKSCALE_API_KEY_RATE="1/min"):
        assert client.get("/api/v1/me", **with_key(api_key)).status_code == 200
        assert_throttled(client.get("/api/v1/me", **with_key(api_key)))
