"""Landing and pricing pages; pricing shows the billing module's plans when it is installed."""

from importlib import import_module

from django.apps import apps
from django.shortcuts import render
from django.views.decorators.http import require_safe

BILLING_APP = "quickscale_modules.billing"


@require_safe
def home(request):
    return render(request, "index.html")


@require_safe
def pricing(request):
    """The billing module's pricing page (its plans from Stripe) when installed, else a placeholder to edit."""
    if apps.is_installed(BILLING_APP):
        # Imported here: the module is optional, and importing it without the app installed would fail.
        return import_module(f"{BILLING_APP}.views").pricing(request)
    return render(request, "pages/pricing.html")
