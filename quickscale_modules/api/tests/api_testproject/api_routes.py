"""A project's own endpoints under /api/v1/, added with the documented three lines (and a bare view for the bench)."""

from django.apps import apps

from api_testproject.views import ForgetfulTeamViewSet, NoteViewSet
from quickscale_modules.api.routers import router

router.register("notes", NoteViewSet, basename="note")
if apps.is_installed("quickscale_modules.teams"):
    router.register("forgetful-teams", ForgetfulTeamViewSet, basename="forgetful-team")
