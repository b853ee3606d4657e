"""The schema and its reference page, served the same way whatever DEBUG is, with no CDN and no inline code."""

from __future__ import annotations

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from quickscale_modules.api.teamkeys import NO_TEAM_DATA


class JsonErrorsMixin:
    """Errors of these views (a 429, say) in the API's JSON error shape, not as YAML or an HTML template."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """The OpenAPI 3 schema: YAML by default, JSON with ?format=json or Accept: application/vnd.oai.openapi+json."""

    permission_classes = [AllowAny]
    team_keys = NO_TEAM_DATA


class DocsView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI from drf-spectacular-sidecar's static files; its start-up script is a separate request (CSP)."""

    permission_classes = [AllowAny]
    team_keys = NO_TEAM_DATA
    template_name = "quickscale_api/swagger_ui.html"
    url_name = "quickscale_api:v1:schema"
