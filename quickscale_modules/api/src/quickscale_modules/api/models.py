"""API keys: djangorestframework-api-key's hashed keys, owned by a user, with the time they were last used."""

from django.conf import settings
from django.db import models
from rest_framework_api_key.models import AbstractAPIKey


class UserAPIKey(AbstractAPIKey):
    """A key that acts as its user. The key itself is never stored: `hashed_key` is its SHA-512 hash.

    `prefix` (the 8 characters before the dot) identifies the key on the account page and in the admin.
    Keys per team come with the teams module: see docs/modules/api.md, "Keys per team".
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    last_used_at = models.DateTimeField("last used", null=True, blank=True, editable=False)

    class Meta(AbstractAPIKey.Meta):
        verbose_name = "API key"
        verbose_name_plural = "API keys"
