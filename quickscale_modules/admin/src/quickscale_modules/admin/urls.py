"""Mounted at the project's root (url_prefix ""): the readiness endpoint and impersonation (django-hijack)."""

from django.urls import include, path

from quickscale_modules.admin import views

urlpatterns = [
    path("healthz/ready", views.ready, name="quickscale_admin_ready"),
    path("hijack/", include("hijack.urls")),
]
