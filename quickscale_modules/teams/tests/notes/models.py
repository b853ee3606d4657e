"""A project's own team-scoped model, as docs/modules/teams.md shows it."""

from django.db import models

from quickscale_modules.teams.models import TeamScopedModel


class Note(TeamScopedModel):
    title = models.CharField(max_length=100)

    def __str__(self):
        return self.title
