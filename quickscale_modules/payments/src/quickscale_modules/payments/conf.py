"""The payments module's settings, each read from Django settings as QUICKSCALE_PAYMENTS_<NAME>, with a default.

    from quickscale_modules.payments.conf import payments_settings
    payments_settings.SELF_REFUND_DAYS  # 0

Stripe's keys and webhook secret are the billing module's (STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_PAYMENTS_"

DEFAULTS: dict[str, Any] = {
    # Days after payment in which the payer (for a team: its owners) may refund a purchase from the receipt
    # page; 0 leaves refunds to staff with the "refund_transaction" permission, in the admin.
    "SELF_REFUND_DAYS": 0,
    # Purchases listed per page of the history.
    "PAGE_SIZE": 25,
}


class PaymentsSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the payments module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])


payments_settings = PaymentsSettings()
