"""Mounted under the project's url_prefix (accounts/): the module's own pages, then all of allauth's."""

from django.urls import include, path

from quickscale_modules.auth import views

# Only the module's own pages are namespaced; allauth's URL names (account_login ...) stay as allauth knows them.
own_patterns = (
    [
        path("", views.account, name="account"),
        path("data/", views.export_data, name="export_data"),
        path("delete/", views.delete_account, name="delete_account"),
    ],
    "quickscale_auth",
)

urlpatterns = [
    path("", include(own_patterns)),
    path("", include("allauth.urls")),
]
