"""The api module's rows of the project's authorization table (authorization.py): one for every URL the module
serves, its resources for the other modules included (the test project installs them all), so the generated
project's walk never meets an API URL without a row."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from quickscale_modules.api import authorization

# The test project's own endpoints (api_routes.py), which a project lists in its own table.
PROJECT_ROUTES = ("quickscale_api:v1:note-", "quickscale_api:v1:forgetful-team-")


def url_names(patterns, namespace: str = "") -> set[str]:
    names = set()
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            names |= url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace.startswith("quickscale_api"):
            names.add(f"{namespace}:{entry.name}")
    return names


def test_every_url_of_the_module_and_its_resources_has_a_row():
    served = {name for name in url_names(get_resolver().url_patterns) if not name.startswith(PROJECT_ROUTES)}
    assert {"quickscale_api:v1:blog-post-list", "quickscale_api:v1:forms-submission-detail"} <= served
    assert sorted(served - set(authorization.ROWS)) == []
