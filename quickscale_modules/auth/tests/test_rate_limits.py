"""allauth's rate limits on login and password reset are on, with the limits of the settings block."""

from __future__ import annotations

import pytest
from authflows import PASSWORD, make_user
from django.core import mail

pytestmark = pytest.mark.django_db

LOCKED_OUT = "Too many failed login attempts. Try again later."


def attempt(client, email="ada@example.com", password="not-my-password"):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_five_wrong_passwords_lock_the_email_even_against_the_right_one(client, user):
    for _ in range(5):
        assert LOCKED_OUT not in attempt(client).content.decode()
    response = attempt(client, password=PASSWORD)
    assert response.status_code == 200, "the right password must not log in while locked"
    assert LOCKED_OUT in response.content.decode()


def test_the_lock_is_per_email(client, user):
    make_user("bob@example.com")
    for _ in range(5):
        attempt(client)
    assert attempt(client, "bob@example.com", PASSWORD).status_code == 302


def test_the_failed_login_limit_is_allauths_own_setting(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "2/5m/key"}
    attempt(client)
    attempt(client)
    assert LOCKED_OUT in attempt(client, password=PASSWORD).content.decode()


def request_reset(client, email="ada@example.com"):
    return client.post("/accounts/password/reset/", {"email": email})


def test_password_reset_requests_are_limited_per_email(client, user):
    for _ in range(5):
        assert request_reset(client).status_code == 302
    response = request_reset(client)
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert "base.html" in [template.name for template in response.templates]
    assert len(mail.outbox) == 5, "no sixth email"


def test_the_password_reset_limit_is_allauths_own_setting(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "2/m/key"}
    request_reset(client)
    request_reset(client)
    assert request_reset(client).status_code == 429
    assert request_reset(client, "someone-else@example.com").status_code == 302
