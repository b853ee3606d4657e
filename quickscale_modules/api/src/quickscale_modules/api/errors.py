"""One error shape for every error under /api/, from REST framework views and from Django alike:

    {"error": {"code": "not_found", "message": "Not found.", "details": {}}}

`code` is stable and machine-readable, `message` is one sentence for people, `details` holds the fields of a
400 (field name -> list of messages) and `retry_after` (seconds) of a 429.
"""

from __future__ import annotations

import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import NoReverseMatch, reverse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as rest_framework_exception_handler

# The codes of errors that Django answers before or instead of a REST framework view.
DJANGO_ERROR_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}


def error_body(code: str, message: str, details: dict | None = None) -> dict:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def exception_handler(exc, context) -> Response | None:
    """REST framework's EXCEPTION_HANDLER: its own handling (status, WWW-Authenticate), then the shape above."""
    response = rest_framework_exception_handler(exc, context)
    if response is None:
        return None
    # Django's own exceptions carry messages meant for developers ("No UserAPIKey matches ..."): say less.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response.data = error_body(*describe(exc))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
    return response


def describe(exc: exceptions.APIException) -> tuple[str, str, dict]:
    if isinstance(exc, exceptions.ValidationError):
        details = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return "invalid", "The request is not valid: see details for each field.", details
    if isinstance(exc, exceptions.Throttled):
        retry_after = max(1, math.ceil(exc.wait)) if exc.wait is not None else None
        return exc.default_code, "Too many requests: wait retry_after seconds.", {"retry_after": retry_after}
    code = exc.get_codes() if isinstance(exc.get_codes(), str) else exc.default_code
    return code, str(exc.detail), {}


def api_root_path() -> str | None:
    try:
        return reverse("quickscale_api:v1:me").removesuffix("v1/me")
    except NoReverseMatch:
        return None


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class JsonErrorsMiddleware:
    """Django's own error pages (404 for an unknown URL, 500, CSRF failures ...) as JSON under the API's URLs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or getattr(response, "streaming", False) or is_json(response):
            return response
        root = api_root_path()
        if root is None or not request.path.startswith(root):
            return response
        return json_error_response(response)


def json_error_response(response: HttpResponse) -> JsonResponse:
    status = response.status_code
    code = DJANGO_ERROR_CODES.get(status, "server_error" if status >= 500 else "error")
    try:
        message = f"{HTTPStatus(status).phrase}."
    except ValueError:  # a status code the HTTP standard does not name
        message = "Error."
    replacement = JsonResponse(error_body(code, message), status=status)
    for header in ("Allow", "Retry-After", "WWW-Authenticate", "Vary"):
        if header in response:
            replacement[header] = response[header]
    return replacement
