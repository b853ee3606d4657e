from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from forms_testproject.settings import MANIFESTS

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    *[path(manifest["url_prefix"], include(manifest["urls"])) for manifest in MANIFESTS if manifest.get("urls")],
]
