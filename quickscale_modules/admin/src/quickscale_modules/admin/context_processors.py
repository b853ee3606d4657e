"""The runtime settings pages show: the site's name, the support email and the announcement banner."""

from __future__ import annotations

from quickscale_modules.admin.services import runtime_settings


def site(request) -> dict:
    """SITE_NAME, SUPPORT_EMAIL and ANNOUNCEMENT (one query), as site_name, support_email and announcement."""
    values = runtime_settings("SITE_NAME", "SUPPORT_EMAIL", "ANNOUNCEMENT")
    return {
        "site_name": values["SITE_NAME"],
        "support_email": values["SUPPORT_EMAIL"],
        "announcement": values["ANNOUNCEMENT"],
    }
