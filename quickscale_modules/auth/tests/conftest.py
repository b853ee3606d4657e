from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def make_user(email: str = "ada@example.com", *, verified: bool = True, password: str = PASSWORD):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def unverified_user(db):
    return make_user("grace@example.com", verified=False)


def log_in(client, email: str = "ada@example.com", password: str = PASSWORD):
    """Log in through the real login form, so allauth records the authentication like for a person."""
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()
    return response


def reauthenticate(client, password: str = PASSWORD):
    """Confirm the password again, as allauth asks before two-factor changes."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()


@pytest.fixture
def signed_in(client, user):
    log_in(client)
    return client


@pytest.fixture
def reauthenticated(signed_in):
    reauthenticate(signed_in)
    return signed_in
