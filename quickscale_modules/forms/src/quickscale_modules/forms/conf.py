"""The forms module's settings, each read from Django settings as QUICKSCALE_FORMS_<NAME>.

from quickscale_modules.forms.conf import forms_settings
forms_settings.RATE_LIMIT
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_FORMS_"

DEFAULTS: dict[str, Any] = {
    # Submission attempts one IP address may make, all forms together ("<count>/<s|m|h|d>").
    "RATE_LIMIT": "20/h",
    # Submissions accepted without the proof of work (visitors without JavaScript), per IP address.
    "NO_JS_RATE_LIMIT": "5/h",
    # Seconds a form must have been on screen before it is sent (bots send at once), and how long it stays valid.
    "MIN_SECONDS": 2,
    "MAX_AGE": 2 * 60 * 60,
    # The proof of work: the browser tries up to this many numbers (half on average) to find the challenge's one.
    "POW_MAX_NUMBER": 50_000,
    # Reverse proxies in front of the app that add the client's address to X-Forwarded-For (0 trusts none).
    "TRUSTED_PROXY_COUNT": 0,
    # Days a submission is kept when its form does not say (the forms_purge command deletes older ones).
    "RETENTION_DAYS": 180,
    # The notifications category of the emails to a form's recipients (with the notifications module).
    "EMAIL_CATEGORY": "activity",
    # Webhooks: seconds to wait for the receiver, attempts before giving up, first wait between attempts (doubled
    # each time). None for the two ALLOW settings follows DEBUG: http and private addresses only while developing.
    "WEBHOOK_TIMEOUT": 5,
    "WEBHOOK_MAX_ATTEMPTS": 6,
    "WEBHOOK_BACKOFF": 30,
    "WEBHOOK_ALLOW_HTTP": None,
    "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": None,
    # Celery queue of the webhook tasks (with the notifications module's Celery app and a broker).
    "QUEUE": "celery",
}


class FormsSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the forms module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    @property
    def allow_http_webhooks(self) -> bool:
        return settings.DEBUG if self.WEBHOOK_ALLOW_HTTP is None else bool(self.WEBHOOK_ALLOW_HTTP)

    @property
    def allow_private_webhooks(self) -> bool:
        allowed = self.WEBHOOK_ALLOW_PRIVATE_ADDRESSES
        return settings.DEBUG if allowed is None else bool(allowed)


forms_settings = FormsSettings()
