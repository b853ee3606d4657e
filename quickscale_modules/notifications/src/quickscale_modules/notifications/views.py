from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quickscale_modules.notifications import services
from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.models import Notification
from quickscale_modules.notifications.tokens import RESUME_LINK_MAX_AGE, read_resume_token, read_unsubscribe_token


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications, conf.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "quickscale_notifications/list.html", {"page_obj": page})


@require_GET
def badge(request: HttpRequest) -> HttpResponse:
    """The nav badge alone, for HTMX to refresh (hx-get) without reloading the page."""
    return render(request, "quickscale_notifications/_badge.html", badge_context(request))


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read; someone else's (or none) is a 404, as everywhere."""
    get_object_or_404(services.notifications_of(request.user), pk=pk)
    services.mark_read(request.user, pk)
    return after_marking(request)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return after_marking(request)


def after_marking(request: HttpRequest) -> HttpResponse:
    """The updated badge for an HTMX request; otherwise back to `next` (a local URL) or the list."""
    if request.headers.get("HX-Request"):
        return render(request, "quickscale_notifications/_badge.html", badge_context(request))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "quickscale_notifications:list"
    return redirect(target)


def badge_context(request: HttpRequest) -> dict[str, object]:
    return {"notifications_unread_count": services.unread_count(request.user)}


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    email = services.recipient(request.user)[0]
    if request.method == "POST":
        wanted = set(request.POST.getlist("categories"))
        for category in services.preferences(email):
            if category["essential"]:
                continue
            if category["name"] in wanted:
                services.opt_in(email, category["name"])
            else:
                services.opt_out(email, category["name"])
        messages.success(request, "Your email preferences are saved.")
        return redirect("quickscale_notifications:preferences")
    context = {
        "categories": services.preferences(email),
        "email": email,
        "suppression": services.suppression_of(email),
    }
    return render(request, "quickscale_notifications/preferences.html", context)


@login_required
@require_POST
def request_resume(request: HttpRequest) -> HttpResponse:
    """Email the signed-in user's address a link that lifts its suppression: following it proves the mailbox."""
    email = services.recipient(request.user)[0]
    suppression = services.suppression_of(email)
    if suppression is None:
        messages.info(request, f"Emails to {email} are not paused.")
    else:
        services.send_resume_link(email, suppression)
        hours = RESUME_LINK_MAX_AGE // 3600
        messages.success(request, f"We sent a link to {email}: open it within {hours} hours to confirm the address.")
    return redirect("quickscale_notifications:preferences")


@login_required
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must lift nothing); POST lifts the suppression. The link must
    name the signed-in user's address and its current suppression."""
    email = services.recipient(request.user)[0]
    target = read_resume_token(token)
    suppression = services.suppression_of(email)
    if target is None or target[0] != email or suppression is None or suppression.pk != target[1]:
        return render(request, "quickscale_notifications/resume_invalid.html", {"email": email}, status=400)
    if request.method == "POST":
        services.lift_suppression(email)
        messages.success(request, f"Emails to {email} are no longer paused.")
        return redirect("quickscale_notifications:preferences")
    return render(request, "quickscale_notifications/resume.html", {"email": email})


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the signed token is the authority.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for confirmation (link scanners must not unsubscribe anyone); POST unsubscribes, no login needed."""
    target = read_unsubscribe_token(token)
    if target is None or target[1] not in conf.CATEGORIES or conf.is_essential(target[1]):
        return render(request, "quickscale_notifications/unsubscribe_invalid.html", status=400)
    email, category = target
    context = {"email": email, "category": conf.category(category)["label"]}
    if request.method == "POST":
        services.opt_out(email, category)
        return render(request, "quickscale_notifications/unsubscribed.html", context)
    return render(request, "quickscale_notifications/unsubscribe.html", context)
