"""What the operations dashboard on the admin index shows: the readiness checks and the last day's activity."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from quickscale_modules.admin.health import report

RECENT_SECURITY_EVENTS = 8
SECURITY_EVENTS = (
    "sign_in_failed",
    "mfa_added",
    "mfa_removed",
    "password_changed",
    "role_changed",
    "api_key_created",
    "api_key_revoked",
    "impersonation_started",
    "impersonation_ended",
    "setting_changed",
    "flag_changed",
)


def dashboard() -> dict:
    from quickscale_modules.admin.models import AuditEntry, Flag
    from quickscale_modules.admin.services import runtime_setting

    healthy, body = report()
    since = timezone.now() - timedelta(hours=24)
    counts = AuditEntry.objects.filter(timestamp__gte=since).aggregate(
        entries=Count("pk"),
        sign_ins=Count("pk", filter=Q(event="sign_in")),
        failed_sign_ins=Count("pk", filter=Q(event="sign_in_failed")),
    )
    return {
        "healthy": healthy,
        "version": body["version"],
        "checks": [
            {
                "name": name.replace("_", " "),
                "ok": result.pop("ok"),
                "error": result.pop("error", ""),
                "details": result,
            }
            for name, result in body["checks"].items()
        ],
        "activity": counts,
        "flags_on": Flag.objects.filter(everyone=True).count(),
        "maintenance": bool(runtime_setting("MAINTENANCE_MODE")),
        "security_events": list(
            AuditEntry.objects.filter(event__in=SECURITY_EVENTS).order_by("-timestamp")[:RECENT_SECURITY_EVENTS]
        ),
    }
