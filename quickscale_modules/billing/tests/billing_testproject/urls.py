from django.contrib import admin
from django.urls import include, path

from billing_testproject import views
from billing_testproject.settings import MANIFESTS

urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", views.ping, name="ping"),
    path("reports/", views.reports, name="reports"),
    path("export/", views.export, name="export"),
    path("export-cbv/", views.ExportView.as_view(), name="export_cbv"),
    path("admin/", admin.site.urls),
    *(path(m["url_prefix"], include(m["urls"])) for m in MANIFESTS.values()),
]
