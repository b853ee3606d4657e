"""Pages: pricing (monthly/yearly), checkout start, success, cancel, the customer portal, cancel/resume at
period end; and the Stripe webhook endpoint. Every form works without JavaScript.

Whoever may see the payer's billing sees it; only those services.can_manage_billing allows (the user
themself, a team's owners) get the buttons, and anyone else's POST is answered 403."""

from __future__ import annotations

import logging

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from quickscale_modules.billing import services, webhooks
from quickscale_modules.billing.conf import billing_settings
from quickscale_modules.billing.models import BillingCustomer, EventStatus

logger = logging.getLogger(__name__)

INTERVALS = services.INTERVALS


def _billing(request: HttpRequest) -> dict:
    """What the pricing and manage pages show of the request's payer, and whether this person may change it."""
    payer = services.payer_for_request(request)
    customer = services.find_customer(payer)
    # Without a payer (a visitor, someone without a team) the buttons lead to the login or to a message.
    can_manage = payer is None or services.can_manage_billing(request.user, payer)
    return {
        "configured": billing_settings.configured,
        "customer": customer,
        "can_manage": can_manage,
        "managers": "" if can_manage else services.billing_managers(payer),
    }


def _require_manager(request: HttpRequest, payer: models.Model) -> None:
    if not services.can_manage_billing(request.user, payer):
        raise PermissionDenied(services.billing_managers(payer))


@require_safe
def pricing(request: HttpRequest) -> HttpResponse:
    interval = request.GET.get("interval", "month")
    if interval not in INTERVALS:
        interval = "month"
    context = _billing(request)
    customer = context["customer"]
    context |= {
        "interval": interval,
        "interval_label": INTERVALS[interval],
        "intervals": INTERVALS.items(),
        "plans": services.plans_for_sale(interval, customer) if billing_settings.configured else [],
        "subscribed": customer is not None and customer.has_live_subscription(),
    }
    return render(request, "quickscale_billing/pricing.html", context)


@login_required
@require_POST
def checkout(request: HttpRequest) -> HttpResponse:
    if not billing_settings.configured:
        messages.error(request, "Billing is not configured yet.")
        return redirect("quickscale_billing:pricing")
    payer = services.payer_for_request(request)
    if payer is None:
        messages.error(request, "Create or join a team first: the team pays for the subscription.")
        return redirect("quickscale_billing:pricing")
    _require_manager(request, payer)
    try:
        url = services.start_checkout(
            payer,
            request.POST.get("price", ""),
            success_url=request.build_absolute_uri(reverse("quickscale_billing:success"))
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=request.build_absolute_uri(reverse("quickscale_billing:cancel")),
        )
    except services.PlanNotForSale as refusal:
        messages.error(request, str(refusal))
        return redirect("quickscale_billing:pricing")
    except services.AlreadySubscribed as refusal:
        messages.info(request, str(refusal))
        return redirect("quickscale_billing:manage")
    except stripe.StripeError:
        logger.exception("Stripe refused to start a checkout")
        messages.error(request, "Payment could not be started. Please try again in a moment.")
        return redirect("quickscale_billing:pricing")
    return redirect(url)


@login_required
@require_safe
def success(request: HttpRequest) -> HttpResponse:
    customer = services.find_customer(services.payer_for_request(request))
    return render(request, "quickscale_billing/success.html", {"customer": customer})


@login_required
@require_safe
def cancel(request: HttpRequest) -> HttpResponse:
    return render(request, "quickscale_billing/cancel.html")


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    """The payer's subscription: status, period end; cancel or resume and the portal for those who manage it."""
    return render(request, "quickscale_billing/manage.html", _billing(request))


def _managed_customer(request: HttpRequest) -> BillingCustomer | None:
    """The customer of the request's payer, once this person is known to manage its billing (else 403)."""
    payer = services.payer_for_request(request)
    if payer is not None:
        _require_manager(request, payer)
    return services.find_customer(payer)


@login_required
@require_POST
def portal(request: HttpRequest) -> HttpResponse:
    customer = _managed_customer(request)
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
    customer = _managed_customer(request)
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
