from billing_testproject.views import ping
from django.contrib import admin
from django.urls import include, path

from payments_testproject import views
from payments_testproject.settings import MANIFESTS

urlpatterns = [
    path("", views.home, name="home"),
    path("ping/", ping, name="ping"),  # the webhook bench's baseline (bench/billing_webhooks.py)
    path("reports/<int:number>/", views.report, name="report"),
    path("reports/<int:number>/buy/", views.buy_report, name="buy_report"),
    path("admin/", admin.site.urls),
    *(path(m["url_prefix"], include(m["urls"])) for m in MANIFESTS.values()),
]
