"""Mounted under the project's url_prefix (forms/)."""

from django.urls import path

from quickscale_modules.forms import views

app_name = "quickscale_forms"
urlpatterns = [
    path("<slug:slug>/", views.form_page, name="form"),
    path("<slug:slug>/thanks/", views.thanks, name="thanks"),
]
