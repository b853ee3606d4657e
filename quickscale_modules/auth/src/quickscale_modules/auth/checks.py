"""Deployment checks: `manage.py check --deploy` says when rate limits would not be shared by the workers."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def check_shared_cache(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn when allauth's rate-limit counters would live in a per-process (or no) cache."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            f"The default cache ({backend.rsplit('.', 1)[-1]}) is kept per process: each worker counts login "
            "attempts on its own, so the rate limits allow several times their numbers.",
            hint="Set REDIS_URL (or another shared cache) in production.",
            id="quickscale_auth.W001",
        )
    ]
