"""The admin module's Python API for project code: feature flags, runtime settings and audit events.

from quickscale_modules.admin import services
if services.flag_is_active("new-editor", request.user): ...
services.runtime_setting("SUPPORT_EMAIL")
services.record_event("export_downloaded", obj=report)   # the request's actor, IP and request id added
"""

from __future__ import annotations

from waffle import get_waffle_flag_model
from waffle.utils import get_setting

from quickscale_modules.admin.audit import record_event

__all__ = ["active_flags", "flag_is_active", "record_event", "runtime_setting", "runtime_settings"]


def flag_is_active(name: str, user=None) -> bool:
    """Whether the flag `name` is on for `user` (None or AnonymousUser: a visitor), outside a request.

    In views and templates prefer waffle's own `flag_is_active(request, name)` and `{% flag %}`, which also
    apply the cookie-based percentage to anonymous visitors.
    """
    flag = get_waffle_flag_model().get(name)
    if not flag.pk:
        return bool(get_setting("FLAG_DEFAULT"))
    return _evaluate(flag, user)


def active_flags(user=None) -> list[str]:
    """The names of the flags on for `user`, sorted (what /api/v1/flags answers)."""
    return sorted(flag.name for flag in get_waffle_flag_model().get_all() if _evaluate(flag, user))


def _evaluate(flag, user) -> bool:
    if flag.everyone is not None:
        return bool(flag.everyone)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return bool(flag.is_active_for_user(user))


def runtime_setting(name: str):
    """The current value of a runtime setting edited in the admin (CONSTANCE_CONFIG: SITE_NAME, ...)."""
    from constance import config

    return getattr(config, name)


def runtime_settings(*names: str) -> dict:
    """Several runtime settings in one database query: {name: value}."""
    from constance.utils import get_values_for_keys

    return get_values_for_keys(list(names))
