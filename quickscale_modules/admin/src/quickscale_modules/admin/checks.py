"""System checks: the settings the admin module needs, each with the one line that fixes it."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

ENTRY_MODEL = "quickscale_admin.AuditEntry"
FLAG_MODEL = "quickscale_admin.Flag"


def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problems = []
    if getattr(settings, "AUDITLOG_LOGENTRY_MODEL", None) != ENTRY_MODEL:
        problems.append(
            checks.Error(
                f'The audit log needs AUDITLOG_LOGENTRY_MODEL = "{ENTRY_MODEL}" in the settings.',
                id="quickscale_admin.E001",
            )
        )
    if getattr(settings, "WAFFLE_FLAG_MODEL", None) != FLAG_MODEL:
        problems.append(
            checks.Error(
                f'Feature flags need WAFFLE_FLAG_MODEL = "{FLAG_MODEL}" in the settings.', id="quickscale_admin.E002"
            )
        )
    apps = list(settings.INSTALLED_APPS)
    if "django.contrib.admin" in apps and apps.index("quickscale_modules.admin") > apps.index("django.contrib.admin"):
        problems.append(
            checks.Error(
                '"quickscale_modules.admin" must come before "django.contrib.admin" in INSTALLED_APPS, so that its '
                "admin pages (look, dashboard) are used.",
                id="quickscale_admin.E003",
            )
        )
    return problems


def register() -> None:
    checks.register(check_settings)
