from django.contrib import admin
from django.urls import include, path
from notes import views

from teams_testproject.settings import MANIFESTS

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    # The sample team-scoped model, written the way docs/modules/teams.md shows.
    path("t/<slug:team_slug>/notes/", views.NoteList.as_view(), name="note_list"),
    path("t/<slug:team_slug>/notes/<int:pk>/", views.NoteDetail.as_view(), name="note_detail"),
    path("t/<slug:team_slug>/notes/<int:pk>/edit/", views.edit_note, name="note_edit"),
    *(path(m["url_prefix"], include(m["urls"])) for m in MANIFESTS.values()),
]
