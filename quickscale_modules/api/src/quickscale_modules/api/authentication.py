"""API-key authentication: `Authorization: Api-Key <key>`, read as djangorestframework-api-key reads it."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied
from rest_framework_api_key.permissions import KeyParser

from quickscale_modules.api import services
from quickscale_modules.api.teamkeys import REFUSED, accepts_team_keys


class APIKeyAuthentication(BaseAuthentication):
    """Authenticates as the key's user; request.auth is the UserAPIKey. A bad, revoked or expired key gets 401;
    a team key, 403 from a view that does not declare it takes team keys (teamkeys.py)."""

    keyword = KeyParser.keyword
    key_parser = KeyParser()

    def authenticate(self, request):
        raw_key = self.key_parser.get(request)
        if raw_key is None:
            return None
        key = services.authenticate_key(raw_key)
        if key is None:
            raise AuthenticationFailed("The API key is not valid: it is unknown, revoked or expired.")
        if key.team_id is not None and not accepts_team_keys(request.parser_context.get("view")):
            raise PermissionDenied(REFUSED)
        return key.user, key

    def authenticate_header(self, request) -> str:
        return self.keyword


class APIKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the schema documents API keys, so clients generated from it send them."""

    target_class = APIKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'The header "Authorization: Api-Key <key>", with a key made on the API keys page.',
        }
