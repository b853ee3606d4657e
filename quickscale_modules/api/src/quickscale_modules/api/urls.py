"""Mounted under the project's url_prefix (api/): the API keys page, then version 1 of the API."""

from django.urls import include, path

from quickscale_modules.api import docs, pages
from quickscale_modules.api.resources.me import MeView
from quickscale_modules.api.routers import discover_project_routes, register_module_resources, router

register_module_resources(router)
discover_project_routes()

v1_patterns = [
    path("me", MeView.as_view(), name="me"),
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.DocsView.as_view(), name="docs"),
    *router.urls,
]

app_name = "quickscale_api"
urlpatterns = [
    path("keys/", pages.keys, name="keys"),
    path("keys/<str:prefix>/revoke/", pages.revoke, name="revoke_key"),
    path("v1/", include((v1_patterns, "v1"))),
]
