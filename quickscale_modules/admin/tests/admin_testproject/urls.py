from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from admin_testproject import views
from admin_testproject.settings import AUTH_MANIFEST, MANIFEST, MODULE_MANIFESTS

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("beta/", views.beta, name="beta"),
    path("admin/", admin.site.urls),
    path(AUTH_MANIFEST["url_prefix"], include(AUTH_MANIFEST["urls"])),
    *(path(m["url_prefix"], include(m["urls"])) for m in MODULE_MANIFESTS.values() if m.get("urls")),
    path(MANIFEST["url_prefix"], include(MANIFEST["urls"])),
]
