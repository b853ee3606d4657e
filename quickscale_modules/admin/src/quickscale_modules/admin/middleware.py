"""Request middleware of the admin module, in the order the manifest lists them (after AuthenticationMiddleware).

- AuditContextMiddleware: the actor, client IP and request id every audit entry of the request records;
  the request id is also sent back in X-Request-ID.
- ImpersonationLimitsMiddleware: an impersonating superuser cannot open password, MFA or API-key pages.
- MaintenanceModeMiddleware: in maintenance mode everyone but staff gets a 503 page with Retry-After.
"""

from __future__ import annotations

import re
import uuid

from django.contrib.auth import get_user_model
from django.http import JsonResponse
from django.shortcuts import render

from quickscale_modules.admin.audit import RequestInfo, request_context
from quickscale_modules.admin.conf import admin_settings

IMPERSONATION_REFUSED = (
    "Passwords, two-factor authentication, API keys and the account itself cannot be changed while you work on "
    "behalf of another user; stop impersonating first."
)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or the X-Forwarded-For entry the trusted proxies added."""
    trusted = int(admin_settings.TRUSTED_PROXY_COUNT or 0)
    forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()]
    if trusted > 0 and len(forwarded) >= trusted:
        return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR") or None


def request_id(request) -> str:
    """The proxy's X-Request-ID when it looks like one, else a new one."""
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex


def is_impersonating(request) -> bool:
    return bool(getattr(request, "session", {}).get("hijack_history"))


def impersonator(request):
    """The superuser working on behalf of request.user, or None."""
    if not is_impersonating(request):
        return None
    return get_user_model()._default_manager.filter(pk=request.session["hijack_history"][-1]).first()


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        real = impersonator(request) if actor is not None else None
        info = RequestInfo(
            actor=real or actor,
            remote_addr=client_ip(request),
            request_id=request_id(request),
            on_behalf_of=actor if real is not None else None,
        )
        request.request_id = info.request_id
        with request_context(info):
            response = self.get_response(request)
        response["X-Request-ID"] = info.request_id
        return response


class ImpersonationLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_impersonating(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in admin_settings.IMPERSONATION_FORBIDDEN_URLS:
            return None
        if match.namespace.startswith("quickscale_api"):  # the api module's pages and endpoints answer in JSON
            body = {"error": {"code": "impersonating", "message": IMPERSONATION_REFUSED, "details": {}}}
            return JsonResponse(body, status=403)
        return render(
            request, "quickscale_admin/impersonation_refused.html", {"message": IMPERSONATION_REFUSED}, status=403
        )


class MaintenanceModeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._closed_to(request):
            response = render(request, "quickscale_admin/maintenance.html", status=503)
            response["Retry-After"] = str(admin_settings.MAINTENANCE_RETRY_AFTER)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)

    @staticmethod
    def _closed_to(request) -> bool:
        if request.path.startswith(tuple(admin_settings.MAINTENANCE_OPEN_PATHS)):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            return False
        from quickscale_modules.admin.services import runtime_setting

        return bool(runtime_setting("MAINTENANCE_MODE"))
