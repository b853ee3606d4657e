"""A product page of the project's own, as a project using the module writes one: buying a report."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from quickscale_modules.payments import services as payments


def home(request):
    return HttpResponse("home", content_type="text/plain")


@login_required
def report(request, number):
    return render(request, "report.html", {"number": number})


@login_required
@require_POST
def buy_report(request, number):
    url = payments.charge(
        request.user,
        1500,
        "usd",
        f"Report {number}",
        idempotency_key=request.POST.get("key") or None,
        success_url=request.build_absolute_uri(reverse("quickscale_payments:history")),
        cancel_url=request.build_absolute_uri(reverse("home")),
    )
    return redirect(url)
