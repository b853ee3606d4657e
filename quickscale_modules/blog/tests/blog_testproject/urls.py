from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from blog_testproject.settings import MANIFEST

urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("admin/", admin.site.urls),
    path(MANIFEST["url_prefix"], include(MANIFEST["urls"])),
]
