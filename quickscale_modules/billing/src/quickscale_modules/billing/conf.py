"""The billing module's settings, each read from Django settings as QUICKSCALE_BILLING_<NAME>, with a default.

    from quickscale_modules.billing.conf import billing_settings
    billing_settings.ENTITLEMENTS  # {"pro_monthly": {"export": True, "projects": 10}, ...}

The Stripe keys are Django settings of their own (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY,
STRIPE_WEBHOOK_SECRET), filled from the environment by the module's settings block.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "QUICKSCALE_BILLING_"

DEFAULTS: dict[str, Any] = {
    # What each Stripe price (by lookup key) grants: booleans (features) and numbers (limits).
    "ENTITLEMENTS": {},
    # Who pays: "user", or "team" (the teams module's Team; seats = its member count).
    "CUSTOMER": "user",
    # Days a past_due subscription, or a trial whose end passed without an update, keeps access.
    "GRACE_PERIOD_DAYS": 3,
    # Trials per price lookup key: {"pro_monthly": {"days": 14, "card_required": False}}.
    "TRIALS": {},
    # Metered features reported to Stripe: {"api_calls": "api_calls"} (feature -> Stripe meter event name).
    "METERS": {},
    # Seconds a signed webhook stays acceptable (Stripe's own default is 300).
    "WEBHOOK_TOLERANCE": 300,
    # Where the gating decorator sends people without a subscription (a URL name or path).
    "PRICING_URL": "quickscale_billing:pricing",
    # When CUSTOMER is "team": dotted path of f(request) -> the team that pays (default: the team of a /t/<team>/
    # URL, else the team the user worked in last).
    "TEAM_RESOLVER": "quickscale_modules.billing.seats.current_team",
}

CUSTOMER_KINDS = ("user", "team")


class BillingSettings:
    """Attribute access to the module's settings; read on every access so override_settings works."""

    def __getattr__(self, name: str) -> Any:
        if name not in DEFAULTS:
            raise AttributeError(f"{PREFIX}{name} is not a setting of the billing module")
        return getattr(settings, PREFIX + name, DEFAULTS[name])

    @property
    def secret_key(self) -> str:
        return getattr(settings, "STRIPE_SECRET_KEY", "") or ""

    @property
    def publishable_key(self) -> str:
        return getattr(settings, "STRIPE_PUBLISHABLE_KEY", "") or ""

    @property
    def webhook_secret(self) -> str:
        return getattr(settings, "STRIPE_WEBHOOK_SECRET", "") or ""

    @property
    def configured(self) -> bool:
        """Billing works only with a secret key; without one the pages say so instead of failing."""
        return bool(self.secret_key)

    @property
    def live_mode(self) -> bool:
        return self.secret_key.startswith(("sk_live_", "rk_live_"))


billing_settings = BillingSettings()
