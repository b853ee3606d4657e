from __future__ import annotations

import pytest
from authflows import log_in, make_user, reauthenticate
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and used TOTP codes live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def unverified_user(db):
    return make_user("grace@example.com", verified=False)


@pytest.fixture
def signed_in(client, user):
    log_in(client)
    return client


@pytest.fixture
def reauthenticated(signed_in):
    reauthenticate(signed_in)
    return signed_in
