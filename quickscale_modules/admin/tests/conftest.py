from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Waffle, allauth's rate limits and constance read the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()
