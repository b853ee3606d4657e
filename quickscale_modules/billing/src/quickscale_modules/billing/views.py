"""Pages: pricing (monthly/yearly), checkout start, success, cancel, the customer portal, cancel/resume at
period end; and the Stripe webhook endpoint. Every form works without JavaScript."""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from djstripe import models as djstripe_models
from djstripe.settings import djstripe_settings

from quickscale_modules.billing import services, webhooks
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import EventStatus

logger = logging.getLogger(__name__)

ZERO_DECIMAL = djstripe_settings.ZERO_DECIMAL_CURRENCIES

INTERVALS = {"month": "Monthly", "year": "Yearly"}


def _plans(interval: str) -> list[dict]:
    plans = []
    for price in services.prices_for_sale(interval):
        trial = billing_settings.TRIALS.get(price.lookup_key) or {}
        plans.append(
            {
                "price": price,
                "amount": _amount(price),
                "trial_days": trial.get("days"),
                "card_required": trial.get("card_required", True),
            }
        )
    return plans


def _amount(price) -> str:
    if price.currency in ZERO_DECIMAL:
        amount = f"{price.unit_amount or 0:,}"
    else:
        amount = f"{(price.unit_amount or 0) / 100:,.2f}"
    return f"{amount} {price.currency.upper()} / {price.recurring['interval']}"


def pricing(request: HttpRequest) -> HttpResponse:
    interval = request.GET.get("interval", "month")
    if interval not in INTERVALS:
        interval = "month"
    customer = services.find_customer(services.payer_for_request(request))
    context = {
        "configured": billing_settings.configured,
        "interval": interval,
        "interval_label": INTERVALS[interval],
        "intervals": INTERVALS.items(),
        "plans": _plans(interval) if billing_settings.configured else [],
        "customer": customer,
        "subscribed": customer is not None and customer.has_access(),
    }
    return render(request, "quickscale_billing/pricing.html", context)


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    if not billing_settings.configured:
        messages.error(request, "Billing is not configured yet.")
        return redirect("quickscale_billing:pricing")
    lookup_key = request.POST.get("price", "")
    if not djstripe_models.Price.objects.filter(lookup_key=lookup_key, active=True).exists():
        messages.error(request, "That plan is not available. Choose one of the plans below.")
        return redirect("quickscale_billing:pricing")
    payer = services.payer_for_request(request)
    if payer is None:
        messages.error(request, "Create or join a team first: the team pays for the subscription.")
        return redirect("quickscale_billing:pricing")
    try:
        customer = services.customer_for(payer)
        url = services.start_checkout(
            customer,
            lookup_key,
            success_url=request.build_absolute_uri(reverse("quickscale_billing:success"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("quickscale_billing:cancel")),
        )
    except stripe.StripeError:
        logger.exception("Stripe refused to start a checkout")
        messages.error(request, "Payment could not be started. Please try again in a moment.")
        return redirect("quickscale_billing:pricing")
    return redirect(url)


@login_required
def success(request: HttpRequest) -> HttpResponse:
    customer = services.find_customer(services.payer_for_request(request))
    return render(request, "quickscale_billing/success.html", {"customer": customer})


@login_required
def cancel(request: HttpRequest) -> HttpResponse:
    return render(request, "quickscale_billing/cancel.html")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The signed-in payer's subscription: status, period end, cancel or resume, and the portal button."""
    customer = services.find_customer(services.payer_for_request(request))
    return render(
        request,
        "quickscale_billing/manage.html",
        {"customer": customer, "configured": billing_settings.configured},
    )


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    customer = services.find_customer(services.payer_for_request(request))
    if customer is None or not billing_settings.configured:
        messages.info(request, "Choose a plan first.")
        return redirect("quickscale_billing:pricing")
    try:
        return redirect(services.portal_url(customer, request.build_absolute_uri(reverse("quickscale_billing:manage"))))
    except stripe.StripeError:
        logger.exception("Stripe refused to open the customer portal")
        messages.error(request, "The billing portal could not be opened. Please try again in a moment.")
        return redirect("quickscale_billing:manage")


@login_required
@require_POST
def cancel_subscription(request: HttpRequest) -> HttpResponse:
    return _change_cancellation(request, cancel=True)


@login_required
@require_POST
def resume_subscription(request: HttpRequest) -> HttpResponse:
    return _change_cancellation(request, cancel=False)


def _change_cancellation(request: HttpRequest, cancel: bool) -> HttpResponse:
    customer = services.find_customer(services.payer_for_request(request))
    if customer is None or not customer.subscription_id or not billing_settings.configured:
        messages.info(request, "There is no subscription to change.")
        return redirect("quickscale_billing:manage")
    try:
        if cancel:
            services.cancel_at_period_end(customer)
            messages.success(request, "Your subscription ends at the end of the current period.")
        else:
            services.resume(customer)
            messages.success(request, "Your subscription continues.")
    except stripe.StripeError:
        logger.exception("Stripe refused to change the subscription")
        messages.error(request, "The subscription could not be changed. Please try again in a moment.")
    return redirect("quickscale_billing:manage")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's one endpoint: 400 for anything not signed by Stripe, 500 (redelivered) when processing fails."""
    try:
        event = webhooks.verify(request.body, request.headers.get("Stripe-Signature"))
    except webhooks.InvalidWebhook as error:
        logger.warning("Rejected a Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid Stripe webhook.", content_type="text/plain")
    stored = webhooks.receive(event)
    if stored.status == EventStatus.FAILED:
        return HttpResponse("Processing failed; Stripe will retry.", status=500, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
