"""conf.py: QUICKSCALE_AUTH_* settings with defaults, fed into allauth's rate limits and checked by `check`."""

from __future__ import annotations

import pytest
from allauth.account import app_settings as account_settings
from django.core.checks import run_checks
from django.test import override_settings

from quickscale_modules.auth.conf import DEFAULTS, auth_settings


def test_defaults_apply_when_the_project_sets_nothing():
    assert auth_settings.LOGIN_FAILED_RATE_LIMIT == DEFAULTS["LOGIN_FAILED_RATE_LIMIT"] == "10/m/ip,5/5m/key"
    assert auth_settings.PASSWORD_RESET_RATE_LIMIT == "20/m/ip,5/m/key"


@override_settings(QUICKSCALE_AUTH_LOGIN_FAILED_RATE_LIMIT="3/10m/key")
def test_a_project_setting_wins_over_the_default():
    assert auth_settings.LOGIN_FAILED_RATE_LIMIT == "3/10m/key"


def test_an_unknown_name_is_an_error_not_a_silent_none():
    with pytest.raises(AttributeError, match="QUICKSCALE_AUTH_LOGIN_LIMIT is not a setting"):
        _ = auth_settings.LOGIN_LIMIT


@override_settings(
    QUICKSCALE_AUTH_LOGIN_RATE_LIMIT="7/m/ip",
    QUICKSCALE_AUTH_LOGIN_FAILED_RATE_LIMIT="2/m/key",
    QUICKSCALE_AUTH_PASSWORD_RESET_RATE_LIMIT="4/h/key",
    QUICKSCALE_AUTH_PASSWORD_RESET_FROM_KEY_RATE_LIMIT="9/m/ip",
    QUICKSCALE_AUTH_SIGNUP_RATE_LIMIT="6/m/ip",
)
def test_allauth_uses_the_modules_rate_limits():
    limits = account_settings.RATE_LIMITS
    assert limits["login"] == "7/m/ip"
    assert limits["login_failed"] == "2/m/key"
    assert limits["reset_password"] == "4/h/key"
    assert limits["reset_password_from_key"] == "9/m/ip"
    assert limits["signup"] == "6/m/ip"


def test_allauths_other_rate_limits_stay_on():
    limits = account_settings.RATE_LIMITS
    assert limits["change_password"] == "5/m/user"
    assert limits["manage_email"] == "10/m/user"


def check_errors():
    return [message for message in run_checks() if message.id == "quickscale_auth.E001"]


def test_the_default_rate_limits_pass_the_system_check():
    assert check_errors() == []


@pytest.mark.parametrize("bad", ["", "   ", "five/m/ip", "5/5x/key", "5/m/host", "0/m/ip", "5/m/ip/x", None])
def test_a_malformed_or_empty_rate_limit_fails_the_system_check(bad):
    with override_settings(QUICKSCALE_AUTH_LOGIN_FAILED_RATE_LIMIT=bad):
        (error,) = check_errors()
    assert "QUICKSCALE_AUTH_LOGIN_FAILED_RATE_LIMIT" in error.msg
    assert error.hint


def test_every_module_setting_is_checked():
    with override_settings(**{f"QUICKSCALE_AUTH_{name}": "nonsense" for name in DEFAULTS}):
        errors = check_errors()
    assert sorted(error.msg.split(" = ")[0] for error in errors) == sorted(f"QUICKSCALE_AUTH_{n}" for n in DEFAULTS)


def test_diffsettings_shows_the_rate_limits_in_force(settings):
    from io import StringIO

    from django.core.management import call_command

    settings.QUICKSCALE_AUTH_SIGNUP_RATE_LIMIT = "3/h/ip"
    out = StringIO()
    call_command("diffsettings", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith("ACCOUNT_RATE_LIMITS"))
    assert "'signup': '3/h/ip'" in line
    assert "'login_failed': '10/m/ip,5/5m/key'" in line
    assert len(settings.ACCOUNT_RATE_LIMITS) == 5
