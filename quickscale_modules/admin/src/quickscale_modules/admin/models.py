"""The audit log's entries (django-auditlog's swappable LogEntry) and the feature flags (django-waffle's Flag).

AuditEntry adds to auditlog's entry the `event` (what happened, for filtering: "updated", "sign_in_failed",
"role_changed" ...) and lets security events that concern no row (a failed sign-in of an unknown email) leave
the object empty. Rows are only ever inserted: the admin offers no change or delete, and on PostgreSQL a
trigger (migration 0002) refuses UPDATE and DELETE except the retention purge and the anonymisation of a
deleted user, each switched on for one transaction by this module (quickscale_modules.admin.audit).

Flag adds `teams` to waffle's flag: the ids of quickscale_teams teams whose members get the flag. A list of
ids rather than a relation, so that this model and its migrations are the same with or without the teams app.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry
from django.db import models
from waffle.models import AbstractUserFlag


class AuditEntry(AbstractLogEntry):
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="object type",
    )
    object_pk = models.CharField("object id", max_length=255, blank=True, db_index=True)
    event = models.CharField(max_length=40, db_index=True)

    class Meta(AbstractLogEntry.Meta):
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"
        indexes = [models.Index(fields=["event", "timestamp"], name="quickscale_admin_event_time")]

    def __str__(self) -> str:
        return f"{self.event}: {self.object_repr or '-'}"

    def save(self, *args, **kwargs) -> None:
        if self._state.adding:
            from quickscale_modules.admin.audit import fill_from_request

            fill_from_request(self)
        super().save(*args, **kwargs)


class Flag(AbstractUserFlag):
    teams = models.JSONField(
        default=list,
        blank=True,
        help_text="Activate this flag for the members of these teams (with the teams module).",
    )

    class Meta(AbstractUserFlag.Meta):
        verbose_name = "feature flag"
        verbose_name_plural = "feature flags"

    def is_active_for_user(self, user) -> bool | None:
        """Waffle's user rules (everyone, staff, users, groups ...), then the flag's teams, then the percentage."""
        from quickscale_modules.admin.flags import active_for_percent, active_for_teams

        active = super().is_active_for_user(user)
        if active is not None:
            return active
        if active_for_teams(self, user):
            return True
        return active_for_percent(self, user)
