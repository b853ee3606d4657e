"""A project's own endpoint under /api/v1/, added with the documented three lines (and a bare view for the bench)."""

from api_testproject.views import NoteViewSet
from quickscale_modules.api.routers import router

router.register("notes", NoteViewSet, basename="note")
