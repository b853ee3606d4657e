from django.contrib import admin
from django.urls import include, path

from api_testproject.settings import AUTH_MANIFEST, EMAIL_MODULES, MANIFEST, MODULE_MANIFESTS
from api_testproject.views import BareMeView, BareView, BrokenView

# The modules whose pages the API links to: the emails' links (teams, notifications) and the blog's posts.
LINKED = [*EMAIL_MODULES, *(name for name in ("blog",) if name in MODULE_MANIFESTS)]

urlpatterns = [
    path("bench/bare", BareView.as_view()),
    path("bench/me", BareMeView.as_view()),
    path("api/broken", BrokenView.as_view()),
    path("admin/", admin.site.urls),
    path(AUTH_MANIFEST["url_prefix"], include(AUTH_MANIFEST["urls"])),
    path(MANIFEST["url_prefix"], include(MANIFEST["urls"])),
    *(path(MODULE_MANIFESTS[name]["url_prefix"], include(MODULE_MANIFESTS[name]["urls"])) for name in LINKED),
]
