"""A project's own app with user data, as in docs/modules/auth.md ("add a lifecycle.py to your app")."""

from django.conf import settings
from django.db import models


class Note(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    text = models.CharField(max_length=200)
    # Shared notes are read by others: the user must unshare them before deleting the account (the blocker).
    shared = models.BooleanField(default=False)
    # Kept elsewhere too; the delete hook cannot remove the copy and refuses (the DeletionRefused path).
    archived = models.BooleanField(default=False)

    def __str__(self):
        return self.text
