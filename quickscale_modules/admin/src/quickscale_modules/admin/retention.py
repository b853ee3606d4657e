"""Keeping the audit log: the retention purge, and what happens to a deleted user's entries."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from quickscale_modules.admin.audit import allow_anonymising, allow_purging
from quickscale_modules.admin.conf import admin_settings

ERASED = "(erased)"


def purge_expired_entries(days: int | None = None) -> int:
    """Delete the entries older than the retention period (QUICKSCALE_ADMIN_AUDIT_RETENTION_DAYS); how many."""
    from quickscale_modules.admin.models import AuditEntry

    cutoff = timezone.now() - timedelta(days=admin_settings.AUDIT_RETENTION_DAYS if days is None else days)
    with transaction.atomic():
        allow_purging(cutoff)
        deleted, _ = AuditEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted


def pseudonym(user) -> str:
    return f"deleted user #{user.pk}"


def anonymise_user_entries(user) -> int:
    """Keep the user's entries with their email replaced by a pseudonym ("deleted user #12"); how many changed.

    The entries they made lose their actor; the entries about their account lose the values they recorded;
    every entry loses their email (in its actor email, its text or the email a sign-in was attempted with).
    Idempotent; called before the user row is deleted (so its actor references may be cleared) and after (for
    the entries the deletion itself wrote).
    """
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from quickscale_modules.admin.models import AuditEntry

    name = pseudonym(user)
    email = getattr(user, "email", "") or ""
    user_type = ContentType.objects.get_for_model(get_user_model())
    about = Q(content_type=user_type, object_pk=str(user.pk))
    mentions = Q(actor_email=email) | Q(object_repr__contains=email) | Q(additional_data__email=email)
    changed = 0
    with transaction.atomic():
        allow_anonymising()
        if user.pk is not None:
            changed += AuditEntry.objects.filter(actor_id=user.pk).update(actor=None, actor_email=name)
        for entry in AuditEntry.objects.filter(about | mentions if email else about):
            values = _anonymised(
                entry, email, name, is_about=(entry.content_type_id, entry.object_pk) == (user_type.pk, str(user.pk))
            )
            if values:
                AuditEntry.objects.filter(pk=entry.pk).update(**values)
                changed += 1
    return changed


def _anonymised(entry, email: str, name: str, is_about: bool) -> dict:
    """The fields of `entry` that change, with their anonymised values."""
    values = {}
    if email and entry.actor_email == email:
        values["actor_email"] = name
    repr_ = name if is_about else (entry.object_repr.replace(email, name) if email else entry.object_repr)
    if repr_ != entry.object_repr:
        values["object_repr"] = repr_
    if is_about and entry.changes and any(change != [ERASED, ERASED] for change in entry.changes.values()):
        values["changes"] = {field: [ERASED, ERASED] for field in entry.changes}
    if is_about and entry.serialized_data is not None:
        values["serialized_data"] = None
    data = entry.additional_data
    if email and isinstance(data, dict) and email in data.values():
        values["additional_data"] = {key: (name if value == email else value) for key, value in data.items()}
    return values
