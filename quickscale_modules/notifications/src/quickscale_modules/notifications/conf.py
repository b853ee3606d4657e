"""The notifications module's settings, each read from Django settings as QUICKSCALE_NOTIFICATIONS_<NAME>.

from quickscale_modules.notifications.conf import notifications_settings
notifications_settings.CATEGORIES  # the email categories and whether each can be opted out of
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_NOTIFICATIONS_"

DEFAULTS: dict[str, Any] = {
    # Email categories: label shown on the preferences page; essential ones cannot be opted out of.
    # Sensitive ones carry secrets (sign-in, reset, verification links): their bodies are kept only until sent.
    "CATEGORIES": {
        "security": {"label": "Security and account", "essential": True, "sensitive": True},
        "billing": {"label": "Billing and receipts", "essential": True},
        "activity": {"label": "Activity on your account", "essential": False},
        "news": {"label": "News and product updates", "essential": False},
    },
    "DEFAULT_CATEGORY": "activity",
    # The Django email backend deliveries go through; empty means the project's EMAIL_BACKEND.
    "EMAIL_BACKEND": "",
    # Absolute base of links in emails (the unsubscribe link), such as https://www.example.com.
    "SITE_URL": "http://localhost:8000",
    # Provider errors are retried this many times, waiting RETRY_BACKOFF * 2**attempt seconds (capped).
    "MAX_RETRIES": 8,
    "RETRY_BACKOFF": 10,
    "RETRY_BACKOFF_MAX": 3600,
    # A delivery claimed by a worker that then died is taken over by another after this many seconds.
    "SEND_LEASE": 300,
    # Seconds each network operation of a send may take, whatever the backend. A whole send is also stopped after
    # half of SEND_LEASE (a Celery time limit), so it never outlives its claim.
    "SEND_TIMEOUT": 30,
    # Seconds a queued delivery may wait past its due time before the sweeper hands it to the workers again
    # (its task was lost: the broker was down when it was queued, or lost its data).
    "SWEEP_AFTER": 300,
    # Deliveries the sweeper hands over at most in one run.
    "SWEEP_BATCH": 1000,
    # Soft bounces (full mailbox, virus notice ...): this many deliveries to one address soft-bounced within
    # SOFT_BOUNCE_DAYS pause its non-essential mail for SOFT_BOUNCE_DAYS.
    "SOFT_BOUNCE_LIMIT": 3,
    "SOFT_BOUNCE_DAYS": 7,
    # Celery queue the delivery tasks go to.
    "QUEUE": "notifications",
    # In-app notifications per page of the list.
    "PAGE_SIZE": 20,
}


class NotificationsSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the notifications module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    @property
    def email_backend(self) -> str:
        return self.EMAIL_BACKEND or settings.EMAIL_BACKEND

    def is_essential(self, category: str) -> bool:
        return bool(self.category(category).get("essential"))

    def is_sensitive(self, category: str) -> bool:
        """Whether mail of `category` carries secrets; "security" does unless its entry says otherwise."""
        return bool(self.category(category).get("sensitive", category == "security"))

    def sensitive_categories(self) -> list[str]:
        return [name for name in self.CATEGORIES if self.is_sensitive(name)]

    @property
    def time_limits(self) -> dict[str, float]:
        """Celery time limits of one send, both below SEND_LEASE: a worker never sends past its claim."""
        return {"soft_time_limit": self.SEND_LEASE / 2, "time_limit": self.SEND_LEASE * 3 / 4}

    def category(self, category: str) -> dict[str, Any]:
        try:
            return self.CATEGORIES[category]
        except KeyError:
            known = ", ".join(self.CATEGORIES)
            raise ValueError(f"Unknown notification category {category!r}; use one of: {known}.") from None


notifications_settings = NotificationsSettings()
