"""API keys: djangorestframework-api-key's hashed keys, owned by a user, with the time they were last used."""

from django.apps import apps
from django.conf import settings
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class UserAPIKey(AbstractAPIKey):
    """A key that acts as its user. The key itself is never stored: `hashed_key` is its SHA-512 hash.

    `prefix` (the 8 characters before the dot) identifies the key on the account page and in the admin.

    A team key (`team_id` set, teams module installed) acts as its user within that one team: see
    docs/modules/api.md, "Keys per team". `team_id` is the id of a quickscale_teams Team, a plain column rather
    than a foreign key so that this model and its migrations are the same whether or not the teams app is
    installed; the app keeps it true instead: a deleted team, or its user leaving it, revokes the key (apps.py).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)
    team_id = models.PositiveBigIntegerField(
        "team", null=True, blank=True, editable=False, db_index=True, help_text="The team of a team key."
    )

    @property
    def team(self):
        """The key's Team, or None for a personal key (or without the teams app)."""
        if self.team_id is None or not apps.is_installed("quickscale_modules.teams"):
            return None
        from quickscale_modules.teams.models import Team

        return Team.objects.filter(pk=self.team_id).first()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"
