"""Gating views on a subscription: `subscription_required` (a decorator) and `SubscriptionRequiredMixin`.

    @subscription_required                      # any subscription that gives access now
    @subscription_required(feature="export")    # one whose plan grants "export"

Anonymous visitors go to the login page; signed-in ones without access go to the pricing page.
Access follows BillingCustomer.has_access: active, trialing (until the trial ends, plus the grace period),
past_due within QUICKSCALE_BILLING_GRACE_PERIOD_DAYS; never unpaid, canceled or incomplete.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, resolve_url

from quickscale_modules.billing import services
from quickscale_modules.billing.conf import billing_settings


def allows(request, feature: str | None = None) -> bool:
    payer = services.payer_for_request(request)
    return services.has_feature(payer, feature) if feature else services.has_subscription(payer)


def refuse(request, feature: str | None = None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if feature:
        messages.info(request, "Your plan does not include this. Choose a plan that does.")
    else:
        messages.info(request, "This page needs an active subscription.")
    return redirect(resolve_url(billing_settings.PRICING_URL))


def subscription_required(view=None, *, feature: str | None = None):
    """Let the view run only for a payer whose subscription gives access (and grants `feature`, if given)."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapped(request, *args, **kwargs):
            if not allows(request, feature):
                return refuse(request, feature)
            return view_func(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator


class SubscriptionRequiredMixin:
    """Class-based views: set `subscription_feature = "export"` to require a feature, else any subscription."""

    subscription_feature: str | None = None

    def dispatch(self, request, *args, **kwargs):
        if not allows(request, self.subscription_feature):
            return refuse(request, self.subscription_feature)
        return super().dispatch(request, *args, **kwargs)
