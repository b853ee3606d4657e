"""The runtime settings pages show: the site's name, the support email and the announcement banner."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from quickscale_modules.admin.services import runtime_settings

SHOWN = {"site_name": "SITE_NAME", "support_email": "SUPPORT_EMAIL", "announcement": "ANNOUNCEMENT"}


def site(request) -> dict:
    """site_name, support_email and announcement, read together (one query) when a template first uses one."""
    values = SimpleLazyObject(lambda: runtime_settings(*SHOWN.values()))
    return {name: SimpleLazyObject(lambda key=key: values[key]) for name, key in SHOWN.items()}
