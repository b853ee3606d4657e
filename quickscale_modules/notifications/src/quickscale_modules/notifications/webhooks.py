"""The delivery-tracking webhook of the configured provider (EMAIL_PROVIDER), and only that one.

<prefix>anymail/<provider>/tracking/ runs anymail's view for the configured provider; any other provider's
address is a 404. While the webhook is not authenticated (no ANYMAIL_WEBHOOK_SECRET and no provider signing key),
anymail would accept anyone's request, so every request is refused with 400 instead; `check --deploy` reports
that as an error (checks.py).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt

from quickscale_modules.notifications.providers import TRACKING_VIEWS, webhook_is_authenticated


def tracking_provider() -> str:
    """The configured provider when it has a tracking webhook; empty otherwise (console, smtp, none)."""
    provider = getattr(settings, "EMAIL_PROVIDER", "")
    return provider if provider in TRACKING_VIEWS else ""


def tracking_is_authenticated() -> bool:
    return webhook_is_authenticated(tracking_provider(), getattr(settings, "ANYMAIL", {}))


@cache
def tracking_view(provider: str):
    return import_string(TRACKING_VIEWS[provider]).as_view()


# Providers post without a CSRF token or a session; anymail authenticates them (basic auth, signatures).
@csrf_exempt
@login_not_required
def tracking_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if not provider or provider != tracking_provider():
        raise Http404("This site takes no tracking webhook from that provider.")
    if not tracking_is_authenticated():
        return HttpResponseBadRequest(
            "Tracking webhooks are refused until ANYMAIL_WEBHOOK_SECRET (or the provider's signing key) is set.",
            content_type="text/plain",
        )
    return tracking_view(provider)(request)
