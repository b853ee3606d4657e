"""The theme's public pages, mounted at the site root by the project's urls.py."""

from django.urls import path

from pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("pricing/", views.pricing, name="pricing"),
]
