from django.contrib import admin
from django.urls import include, path

from auth_testproject.settings import MANIFEST
from auth_testproject.views import MembersOnlyView, home, members_only

urlpatterns = [
    path("", home, name="home"),
    path("members/", members_only, name="members"),
    path("members-cbv/", MembersOnlyView.as_view(), name="members_cbv"),
    path("admin/", admin.site.urls),
    path(MANIFEST["url_prefix"], include(MANIFEST["urls"])),
]
