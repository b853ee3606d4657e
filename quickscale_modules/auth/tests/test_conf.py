"""conf.py, the settings block's choices, and the deployment check on the cache that holds the rate limits."""

from __future__ import annotations

import pytest
from allauth.account import app_settings as account_settings
from django.core.checks import run_checks
from django.test import override_settings

from quickscale_modules.auth.conf import DEFAULTS, auth_settings


def test_sign_up_is_open_unless_the_project_closes_it():
    assert auth_settings.ALLOW_SIGNUP is DEFAULTS["ALLOW_SIGNUP"] is True


@override_settings(QUICKSCALE_AUTH_ALLOW_SIGNUP=False)
def test_a_project_setting_wins_over_the_default():
    assert auth_settings.ALLOW_SIGNUP is False


def test_an_unknown_name_is_an_error_not_a_silent_none():
    with pytest.raises(AttributeError, match="QUICKSCALE_AUTH_SIGNUP is not a setting"):
        _ = auth_settings.SIGNUP


def test_allauth_reads_the_rate_limits_of_the_settings_block():
    limits = account_settings.RATE_LIMITS
    assert limits["login_failed"] == "10/m/ip,5/5m/key"
    assert limits["reset_password"] == "20/m/ip,5/m/key"
    # The actions the block does not list keep allauth's own limits.
    assert limits["change_password"] == "5/m/user"
    assert limits["manage_email"] == "10/m/user"


def shared_cache_warnings() -> list:
    return [message for message in run_checks(include_deployment_checks=True) if message.id == "quickscale_auth.W001"]


@pytest.mark.parametrize(
    "backend", ["django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"]
)
def test_the_deploy_check_warns_when_rate_limits_live_in_one_process(backend):
    with override_settings(CACHES={"default": {"BACKEND": backend}}):
        (warning,) = shared_cache_warnings()
    assert "each worker counts login attempts on its own" in warning.msg
    assert "REDIS_URL" in warning.hint


def test_the_deploy_check_is_quiet_with_a_shared_cache():
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/0"}
    with override_settings(CACHES={"default": redis}):
        assert shared_cache_warnings() == []


def test_the_cache_check_runs_only_with_deploy():
    assert [message for message in run_checks() if message.id == "quickscale_auth.W001"] == []
