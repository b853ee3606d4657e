"""The record of each account a user deleted: when, whose id, a keyed hash of the address, what each module did.

No address is stored: support answers "did alice@example.com delete her account?" by hashing the address
they are asked about (AccountDeletion.objects.for_email, or the admin's search box) and comparing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

EMAIL_HASH_SALT = "quickscale_modules.auth.AccountDeletion.email"


def email_hash(email: str, secret: str | None = None) -> str:
    """HMAC-SHA256 of the address, trimmed and lower-cased, keyed with SECRET_KEY (or `secret`)."""
    normalised = email.strip().lower()
    return salted_hmac(EMAIL_HASH_SALT, normalised, secret=secret, algorithm="sha256").hexdigest()


class AccountDeletionQuerySet(models.QuerySet):
    def for_email(self, email: str) -> AccountDeletionQuerySet:
        """The deletions of accounts with this address, also those hashed before SECRET_KEY was rotated
        (with a key still listed in SECRET_KEY_FALLBACKS)."""
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return self.filter(email_hash__in=[email_hash(email, secret) for secret in secrets])


class AccountDeletion(models.Model):
    deleted_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The deleted user's primary key, as text: the user model's key may be an integer or a UUID.
    user_id = models.CharField(max_length=64)
    email_hash = models.CharField(max_length=64, db_index=True)
    # What each installed module did, a line each ("quickscale_billing: subscription sub_... canceled").
    actions = models.JSONField(default=list, blank=True)

    objects = AccountDeletionQuerySet.as_manager()

    class Meta:
        ordering = ["-deleted_at", "-pk"]
        verbose_name = "account deletion"

    def __str__(self) -> str:
        return f"User {self.user_id} deleted on {self.deleted_at:%Y-%m-%d %H:%M}"
