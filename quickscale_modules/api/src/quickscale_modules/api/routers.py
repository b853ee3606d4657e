"""The /api/v1/ router: the api module's resources, those of the installed modules, and the project's own.

A project adds its endpoints in an `api_routes.py` of any installed app (found when the URLs load):

    from quickscale_modules.api.routers import router
    from projects.views import ProjectViewSet
    router.register("projects", ProjectViewSet, basename="project")
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import autodiscover_modules
from rest_framework.routers import SimpleRouter

from quickscale_modules.api.resources import keys

# Installed app -> the module of this package that holds its endpoints (a `register(router)` function).
MODULE_RESOURCES: dict[str, str] = {
    "quickscale_modules.teams": "quickscale_modules.api.resources.teams",
    "quickscale_modules.billing": "quickscale_modules.api.resources.billing",
    "quickscale_modules.notifications": "quickscale_modules.api.resources.notifications",
    "quickscale_modules.payments": "quickscale_modules.api.resources.payments",
    "quickscale_modules.blog": "quickscale_modules.api.resources.blog",
    "quickscale_modules.forms": "quickscale_modules.api.resources.forms",
}

router = SimpleRouter(trailing_slash=False)
keys.register(router)


def register_module_resources(target: SimpleRouter, resources: dict[str, str] = MODULE_RESOURCES) -> list[str]:
    """Register the endpoints of every installed module in `resources`; returns the apps registered."""
    registered = [app for app in resources if apps.is_installed(app)]
    for app in registered:
        import_module(resources[app]).register(target)
    return registered


def discover_project_routes() -> None:
    """Import `api_routes` of every installed app, as the admin does with `admin`."""
    autodiscover_modules("api_routes")
