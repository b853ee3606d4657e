from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from notifications_testproject.settings import MANIFEST

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="login.html"), name="login"),
    path("admin/", admin.site.urls),
    path(MANIFEST["url_prefix"], include(MANIFEST["urls"])),
]
