"""Pages: the purchase history (the user's own and their teams'), a receipt, and a refund for those allowed
(the payer, a team's owners, within QUICKSCALE_PAYMENTS_SELF_REFUND_DAYS). A purchase the user may not see is
a 404, whoever paid it. Every form works without JavaScript."""

from __future__ import annotations

import logging
from datetime import timedelta

import stripe
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from quickscale_modules.payments import services
from quickscale_modules.payments.conf import payments_settings
from quickscale_modules.payments.models import Transaction
from quickscale_modules.payments.money import parse_amount

logger = logging.getLogger(__name__)


@login_required
@require_safe
def history(request: HttpRequest) -> HttpResponse:
    purchases = services.visible_to(request.user).select_related("payer_type")
    page = Paginator(purchases, payments_settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quickscale_payments/history.html", {"page": page, "transactions": page.object_list})


@login_required
@require_safe
def receipt(request: HttpRequest, public_id) -> HttpResponse:
    purchase = _visible(request, public_id)
    context = {
        "transaction": purchase,
        "refunds": purchase.refunds.all(),
        "can_refund": _self_refund_open(request.user, purchase),
    }
    return render(request, "quickscale_payments/receipt.html", context)


@login_required
@require_POST
def refund(request: HttpRequest, public_id) -> HttpResponse:
    purchase = _visible(request, public_id)
    if not services.can_refund(request.user, purchase):
        raise PermissionDenied("Only the payer (for a team: its owners) can refund this purchase.")
    if not _self_refund_open(request.user, purchase):
        messages.error(request, "This purchase cannot be refunded here; contact us to ask for a refund.")
        return redirect("quickscale_payments:receipt", public_id=purchase.public_id)
    try:
        amount = parse_amount(request.POST["amount"], purchase.currency) if request.POST.get("amount") else None
        services.refund(purchase, amount, by=request.user)
    except (ValueError, services.PaymentsNotConfigured) as refusal:
        messages.error(request, str(refusal))
    except stripe.StripeError:
        logger.exception("Stripe refused a refund")
        messages.error(request, "The refund could not be made. Please try again in a moment.")
    else:
        messages.success(request, "The refund is on its way: it reaches the card in 5 to 10 business days.")
    return redirect("quickscale_payments:receipt", public_id=purchase.public_id)


def _visible(request: HttpRequest, public_id) -> Transaction:
    return get_object_or_404(services.visible_to(request.user).select_related("payer_type"), public_id=public_id)


def _self_refund_open(user, purchase: Transaction) -> bool:
    """Whether `user` may refund `purchase` from its receipt now (allowed, and within the days allowed)."""
    days = payments_settings.SELF_REFUND_DAYS
    return (
        days > 0
        and purchase.refundable > 0
        and purchase.paid_at is not None
        and timezone.now() < purchase.paid_at + timedelta(days=days)
        and services.can_refund(user, purchase)
    )
