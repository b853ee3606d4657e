"""Forms, their fields, the submissions they received and the webhook deliveries of those submissions."""

from __future__ import annotations

import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.urls import reverse

from quickscale_modules.forms.conf import forms_settings

# A field's name: the key of its value in a submission, the CSV column and the webhook's JSON key.
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,49}")
RESERVED_PREFIX = "qs_"  # the spam checks' own inputs


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def default_retention() -> int:
    return forms_settings.RETENTION_DAYS


def split_addresses(text: str) -> list[str]:
    return [address for address in re.split(r"[\s,;]+", text.strip()) if address]


class Form(models.Model):
    slug = models.SlugField(max_length=80, unique=True, help_text="The form's address: /forms/this-slug/.")
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text="Shown above the fields.")
    submit_label = models.CharField(max_length=60, default="Send")
    success_message = models.TextField(default="Thank you. We received your message.")
    is_active = models.BooleanField("open", default=True, help_text="A closed form answers 404.")
    recipients = models.TextField(
        blank=True, help_text="Email addresses told of each submission, separated by commas or new lines."
    )
    webhook_url = models.URLField(
        "webhook URL", max_length=500, blank=True, help_text="Each submission is sent here as signed JSON (https)."
    )
    webhook_secret = models.CharField(max_length=64, default=new_secret, editable=False)
    retention_days = models.PositiveIntegerField(
        default=default_retention, help_text="Submissions older than this are deleted; 0 keeps them until deleted."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quickscale_forms:form", args=[self.slug])

    def recipient_list(self) -> list[str]:
        return split_addresses(self.recipients)

    def clean(self) -> None:
        for address in self.recipient_list():
            try:
                validate_email(address)
            except ValidationError:
                raise ValidationError({"recipients": f"{address} is not an email address; fix or remove it."}) from None
        if self.webhook_url:
            from quickscale_modules.forms.webhooks import WebhookURLError, check_url

            try:
                check_url(self.webhook_url, resolve=False)
            except WebhookURLError as error:
                raise ValidationError({"webhook_url": str(error)}) from None


class Field(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text (one line)"
        TEXTAREA = "textarea", "Text (several lines)"
        EMAIL = "email", "Email address"
        URL = "url", "Web address"
        TEL = "tel", "Telephone number"
        NUMBER = "number", "Number"
        DATE = "date", "Date"
        SELECT = "select", "Drop-down list"
        RADIO = "radio", "One of several (radio buttons)"
        CHECKBOXES = "checkboxes", "Any of several (check boxes)"
        CHECKBOX = "checkbox", "Yes or no (one check box)"

    WITH_CHOICES = {Kind.SELECT, Kind.RADIO, Kind.CHECKBOXES}

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="fields")
    name = models.CharField(max_length=50, help_text="Lower-case letters, digits and _; the column in exports.")
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(default=True)
    choices = models.TextField(blank=True, help_text="For lists, radio buttons and check boxes: one choice a line.")
    help_text = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["form", "name"], name="quickscale_forms_field_name_unique")]

    def __str__(self) -> str:
        return self.label

    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def clean(self) -> None:
        if not FIELD_NAME.fullmatch(self.name) or self.name.startswith(RESERVED_PREFIX):
            raise ValidationError(
                {"name": "Use lower-case letters, digits and _ (starting with a letter, not with qs_), such as email."}
            )
        if self.kind in self.WITH_CHOICES and not self.choice_list():
            raise ValidationError({"choices": "Give at least one choice, one a line."})


class Submission(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="submissions")
    data = models.JSONField(default=dict)
    # The first email field's value, lower-cased: the Reply-To of the emails, and how a user's data is found.
    email = models.EmailField(blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.form} #{self.pk}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="webhook_deliveries")
    url = models.URLField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # When the next attempt may start; while one runs, when its claim runs out.
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.url} ({self.status})"
