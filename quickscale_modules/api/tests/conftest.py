from __future__ import annotations

import pytest
from apiflows import make_user
from django.core.cache import cache

from quickscale_modules.api import services


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def api_key(user) -> str:
    """A usable key of `user`, as the person copied it from the page."""
    return services.create_key(user, "laptop")[1]
