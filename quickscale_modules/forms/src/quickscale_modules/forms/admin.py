"""Forms and their fields in the admin, their submissions (read-only, exported as CSV) and webhook deliveries."""

from __future__ import annotations

import csv

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from quickscale_modules.forms import background, registry
from quickscale_modules.forms.building import labels
from quickscale_modules.forms.emails import shown
from quickscale_modules.forms.models import Field, Form, Submission, WebhookDelivery, new_secret

# A cell a spreadsheet would run as a formula (CSV injection) is written with a leading apostrophe.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FieldInline(admin.TabularInline):
    model = Field
    extra = 0
    fields = ("order", "name", "label", "kind", "required", "choices", "help_text")


@admin.register(Form)
class FormAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "is_active", "submission_count", "retention_days", "submissions_link")
    list_filter = ("is_active",)
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("defined_in", "webhook_secret")
    actions = ("rotate_webhook_secret",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("title", "slug", "is_active", "intro", "submit_label", "success_message", "defined_in")}),
        ("After a submission", {"fields": ("recipients", "webhook_url", "webhook_secret", "retention_days")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(submission_total=Count("submissions"))

    def get_inlines(self, request, obj):
        return [] if obj is not None and registry.code_form(obj.slug) else [FieldInline]

    @admin.display(description="submissions", ordering="submission_total")
    def submission_count(self, form: Form) -> int:
        return form.submission_total

    @admin.display(description="")
    def submissions_link(self, form: Form) -> str:
        url = reverse("admin:quickscale_forms_submission_changelist") + f"?form__id__exact={form.pk}"
        return format_html('<a href="{}">View submissions</a>', url)

    @admin.display(description="fields")
    def defined_in(self, form: Form) -> str:
        defined = registry.code_form(form.slug)
        if defined is None:
            return "Below, in this page."
        return f"In code: {defined.form_class.__module__}.{defined.form_class.__qualname__}"

    @admin.action(description="Give the selected forms a new webhook secret")
    def rotate_webhook_secret(self, request, queryset) -> None:
        for form in queryset:
            form.webhook_secret = new_secret()
            form.save(update_fields=["webhook_secret", "updated_at"])
        self.message_user(request, "New webhook secrets made: give them to the receivers.", messages.WARNING)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the site writes itself: listed, viewed and deleted in the admin, never added or changed there."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "form", "email", "summary")
    list_filter = ("form", "created_at")
    search_fields = ("email",)
    date_hierarchy = "created_at"
    list_select_related = ("form",)
    readonly_fields = ("form", "created_at", "email", "values")
    fields = readonly_fields
    actions = ("export_csv",)

    @admin.display(description="submission")
    def summary(self, submission: Submission) -> str:
        text = " · ".join(shown(value) for value in submission.data.values() if shown(value))
        return text[:120] + ("…" if len(text) > 120 else "")

    @admin.display(description="values")
    def values(self, submission: Submission) -> str:
        names = labels(submission.form)
        rows = format_html_join(
            "", "<dt>{}</dt><dd>{}</dd>", ((names.get(n, n), shown(v) or "—") for n, v in submission.data.items())
        )
        return format_html("<dl>{}</dl>", rows)

    @admin.action(description="Export the selected submissions as CSV")
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="submissions-{stamp}.csv"'
        write_csv(response, queryset.select_related("form").order_by("created_at", "id"))
        return response


def write_csv(out, submissions) -> None:
    """One row per submission: when, which form, then every field name seen (in first-seen order)."""
    rows = list(submissions)
    columns: dict[str, None] = {}
    for submission in rows:
        columns.update(dict.fromkeys(submission.data))
    writer = csv.writer(out)
    writer.writerow(["submitted_at", "form", *columns])
    for submission in rows:
        values = [shown(submission.data.get(name)) for name in columns]
        writer.writerow([cell(v) for v in (submission.created_at.isoformat(), submission.form.slug, *values)])


def cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "submission", "url", "status", "attempts", "response_status", "next_attempt_at")
    list_filter = ("status",)
    list_select_related = ("submission__form",)
    readonly_fields = [field.name for field in WebhookDelivery._meta.fields]
    actions = ("retry_now",)

    @admin.action(description="Send the selected deliveries again now")
    def retry_now(self, request, queryset) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        queryset.update(status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now())
        for delivery_id in ids:
            background.deliver_webhook(delivery_id)
        self.message_user(request, f"{len(ids)} deliveries are being sent again.", messages.SUCCESS)
