from __future__ import annotations

import pytest
from django.core.cache import cache
from teamflows import make_team, make_user


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate-limit counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def owner(db):
    return make_user("owner@example.com")


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.com")


@pytest.fixture
def member_user(db):
    return make_user("member@example.com")


@pytest.fixture
def outsider(db):
    return make_user("outsider@example.com")


@pytest.fixture
def team(owner, admin_user, member_user):
    """Acme: one owner, one admin, one member."""
    return make_team("Acme", owner, admin=[admin_user], member=[member_user])


@pytest.fixture
def as_owner(client, owner):
    client.force_login(owner)
    return client
