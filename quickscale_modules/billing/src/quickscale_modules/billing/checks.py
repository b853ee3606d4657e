"""System checks: Stripe keys that do not fit the environment, and billing settings that cannot work."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core import checks

from quickscale_modules.billing.conf import CUSTOMER_KINDS, billing_settings


def check_stripe_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    key = billing_settings.secret_key
    if not key:
        return []
    if settings.DEBUG and billing_settings.live_mode:
        return [
            checks.Warning(
                "A live Stripe key (sk_live_...) is used with DEBUG on: real cards are charged from a debug site.",
                hint="Use test keys (sk_test_...) in development, or set DEBUG = False.",
                id="quickscale_billing.W001",
            )
        ]
    if not settings.DEBUG and not billing_settings.live_mode:
        return [
            checks.Warning(
                "A Stripe test key is used with DEBUG off: this production site cannot take real payments.",
                hint="Set STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY and STRIPE_WEBHOOK_SECRET to live-mode values.",
                id="quickscale_billing.W002",
            )
        ]
    return []


def check_settings(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    if billing_settings.CUSTOMER not in CUSTOMER_KINDS:
        errors.append(
            checks.Error(
                f'QUICKSCALE_BILLING_CUSTOMER = "{billing_settings.CUSTOMER}" is not "user" or "team".',
                hint='Set it to "user" (each user pays) or "team" (the teams module\'s team pays, per seat).',
                id="quickscale_billing.E001",
            )
        )
    elif billing_settings.CUSTOMER == "team" and not apps.is_installed("quickscale_modules.teams"):
        errors.append(
            checks.Error(
                'QUICKSCALE_BILLING_CUSTOMER = "team" needs the teams module.',
                hint='Create the project with --modules auth,teams,billing, or set it to "user".',
                id="quickscale_billing.E002",
            )
        )
    for lookup_key, grants in billing_settings.ENTITLEMENTS.items():
        if not isinstance(grants, dict):
            errors.append(
                checks.Error(
                    f'QUICKSCALE_BILLING_ENTITLEMENTS["{lookup_key}"] is not a dict of features and limits.',
                    hint='Write it as {"export": True, "projects": 10}.',
                    id="quickscale_billing.E003",
                )
            )
    return errors
