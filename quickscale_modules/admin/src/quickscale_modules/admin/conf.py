"""The admin module's settings, each read from Django settings as QUICKSCALE_ADMIN_<NAME>, with a default.

from quickscale_modules.admin.conf import admin_settings
admin_settings.AUDIT_RETENTION_DAYS  # 365 unless the project sets QUICKSCALE_ADMIN_AUDIT_RETENTION_DAYS
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_ADMIN_"

DEFAULTS: dict[str, Any] = {
    # Days an audit entry is kept; the purge_audit_log command (and its daily Celery task) deletes older ones.
    "AUDIT_RETENTION_DAYS": 365,
    # Reverse proxies in front of the app: the client's IP is read from X-Forwarded-For only behind them.
    "TRUSTED_PROXY_COUNT": 0,
    # The running version, shown on the dashboard and by /healthz/ready (a release tag or commit).
    "VERSION": "",
    # /healthz/ready fails when a Celery queue holds more tasks than this.
    "QUEUE_LENGTH_LIMIT": 1000,
    # Hours during which a failed billing webhook or a failed email turns /healthz/ready unhealthy.
    "ALERT_WINDOW_HOURS": 24,
    # Seconds a client is asked to wait (Retry-After) while the site is in maintenance.
    "MAINTENANCE_RETRY_AFTER": 600,
    # Paths served in maintenance mode to everyone (the health checks, sign-in so staff can come in).
    "MAINTENANCE_OPEN_PATHS": (
        "/healthz",
        "/admin/login/",
        "/accounts/login/",
        "/accounts/2fa/authenticate/",
        "/static/",
    ),
    # URL names an impersonating superuser may not open: password, email, two-factor and API-key pages, and the
    # account's data download and deletion.
    "IMPERSONATION_FORBIDDEN_URLS": (
        "quickscale_auth:export_data",
        "quickscale_auth:delete_account",
        "account_change_password",
        "account_set_password",
        "account_reset_password",
        "account_email",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_reauthenticate",
        "quickscale_api:keys",
        "quickscale_api:revoke_key",
        "quickscale_api:v1:key-list",
        "quickscale_api:v1:key-detail",
        "quickscale_api:v1:key-revoke",
    ),
}


class AdminSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the admin module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


admin_settings = AdminSettings()
