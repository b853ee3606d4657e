"""The OpenAPI schema: drf-spectacular's AutoSchema plus the error responses every operation can give."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions, serializers

ERROR_DESCRIPTIONS = {
    400: "The request or its query is not valid; details lists the problems of each field or parameter.",
    401: "No credentials, or an API key that is unknown, revoked or expired.",
    403: "Authenticated, but not allowed (or a session request without its CSRF token).",
    404: "No such object for this user, or no such page of the list.",
    429: "Too many requests for this key, user or client; retry after Retry-After seconds.",
}


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable, machine-readable: not_found, throttled, invalid ...")
    message = serializers.CharField(help_text="One sentence for people.")
    details = serializers.DictField(help_text="Per-field messages of a 400; retry_after (seconds) of a 429.")


class ErrorResponseSerializer(serializers.Serializer):
    error = ErrorSerializer()


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            error = OpenApiResponse(ErrorResponseSerializer, description=ERROR_DESCRIPTIONS[status])
            responses.setdefault(str(status), self._get_response_for_code(error, str(status), direction=direction))
        responses["429"]["headers"] = {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}
        }
        return responses

    def error_statuses(self) -> list[int]:
        """The errors this operation can answer with, besides 5xx."""
        statuses = [429]
        if self.method in ("POST", "PUT", "PATCH") or self._is_list_view():
            statuses.append(400)
        if not self.is_public():
            statuses += [401, 403]
        if "{" in self.path or self._is_list_view():
            statuses.append(404)
        return sorted(statuses)

    def is_public(self) -> bool:
        return any(isinstance(permission, permissions.AllowAny) for permission in self.view.get_permissions())
