"""The audit log (read-only, filters, CSV export) and the feature flags (with teams) in the admin.

auditlog and waffle register admins for these swapped models themselves; they are imported first here and
their registrations replaced, whatever order the admin modules are discovered in.
"""

from __future__ import annotations

import csv

import auditlog.admin  # noqa: F401 (registers its LogEntry admin, replaced below)
import waffle.admin
from django import forms
from django.apps import apps
from django.contrib import admin
from django.http import StreamingHttpResponse
from django.urls import path

from quickscale_modules.admin.models import AuditEntry, Flag

CSV_COLUMNS = (
    "timestamp",
    "event",
    "actor_email",
    "object_type",
    "object_pk",
    "object_repr",
    "changes",
    "remote_addr",
    "cid",
    "additional_data",
)


class DistinctValueFilter(admin.SimpleListFilter):
    """Filter by one of the values the column holds (distinct, at most `limit` shown)."""

    field = ""
    limit = 100

    def lookups(self, request, model_admin):
        values = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.field}__isnull": True})
            .exclude(**{self.field: ""})
            .order_by(self.field)
            .values_list(self.field, flat=True)
            .distinct()[: self.limit]
        )
        return [(value, value) for value in values]

    def queryset(self, request, queryset):
        return queryset.filter(**{self.field: self.value()}) if self.value() else queryset


class EventFilter(DistinctValueFilter):
    title = "event"
    parameter_name = "event"
    field = "event"


class ActorFilter(DistinctValueFilter):
    title = "actor"
    parameter_name = "actor"
    field = "actor_email"


class ObjectTypeFilter(admin.SimpleListFilter):
    title = "object type"
    parameter_name = "object_type"

    def lookups(self, request, model_admin):
        from django.contrib.contenttypes.models import ContentType

        used = model_admin.get_queryset(request).exclude(content_type=None).values("content_type").distinct()
        return [(str(t.pk), f"{t.app_label} | {t.name}") for t in ContentType.objects.filter(pk__in=used)]

    def queryset(self, request, queryset):
        return queryset.filter(content_type_id=self.value()) if self.value() else queryset


admin.site.unregister(AuditEntry)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Entries can be read, filtered and exported; never added, changed or deleted."""

    list_display = ("timestamp", "event", "actor_email", "object_repr", "remote_addr", "cid")
    list_filter = (EventFilter, ActorFilter, ObjectTypeFilter)
    date_hierarchy = "timestamp"
    search_fields = ("object_repr", "object_pk", "actor_email", "cid", "remote_addr")
    list_select_related = ("content_type",)
    readonly_fields = (
        "timestamp",
        "event",
        "actor_email",
        "content_type",
        "object_pk",
        "object_repr",
        "changes",
        "remote_addr",
        "cid",
        "additional_data",
    )
    fields = readonly_fields
    change_list_template = "quickscale_admin/auditentry_change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_csv)
        return [path("export.csv", export, name="quickscale_admin_auditentry_export"), *super().get_urls()]

    def export_csv(self, request):
        """The entries the changelist shows with the same filters and search, all pages, as CSV."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        entries = self.get_changelist_instance(request).get_queryset(request)
        response = StreamingHttpResponse(_csv_rows(entries.iterator()), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response


class _Echo:
    def write(self, value):
        return value


def _csv_rows(entries):
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for entry in entries:
        object_type = f"{entry.content_type.app_label}.{entry.content_type.model}" if entry.content_type else ""
        yield writer.writerow(
            [
                entry.timestamp.isoformat(),
                entry.event,
                entry.actor_email or "",
                object_type,
                entry.object_pk,
                entry.object_repr,
                _json(entry.changes),
                entry.remote_addr or "",
                entry.cid or "",
                _json(entry.additional_data),
            ]
        )


def _json(value) -> str:
    import json

    return "" if value is None else json.dumps(value, sort_keys=True)


class FlagForm(forms.ModelForm):
    """The flag's teams chosen by name (with the teams module); stored as their ids."""

    teams = forms.TypedMultipleChoiceField(
        coerce=int, required=False, help_text=Flag._meta.get_field("teams").help_text
    )

    class Meta:
        model = Flag
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "teams" in self.fields:
            from quickscale_modules.teams.models import Team

            self.fields["teams"].choices = list(Team.objects.values_list("pk", "name"))


if admin.site.is_registered(Flag):
    admin.site.unregister(Flag)


@admin.register(Flag)
class FlagAdmin(waffle.admin.FlagAdmin):
    form = FlagForm
    list_display = ("name", "note", "everyone", "percent", "superusers", "staff", "authenticated", "team_count")
    readonly_fields = ("created", "modified")
    exclude = ("testing", "rollout", "languages")

    def get_form(self, request, obj=None, **kwargs):
        """The teams field only with the teams module (FlagForm declares it)."""
        if not apps.is_installed("quickscale_modules.teams"):
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_exclude(self, request, obj=None):
        if apps.is_installed("quickscale_modules.teams"):
            return self.exclude
        return (*self.exclude, "teams")

    @admin.display(description="teams")
    def team_count(self, flag: Flag) -> int:
        return len(flag.teams or [])
