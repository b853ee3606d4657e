"""The Django form class of a Form: from its registered class (registry.py) or built from its Field rows."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms

from quickscale_modules.forms import registry
from quickscale_modules.forms.models import Field, Form

TEXT_LIMIT = 500
TEXTAREA_LIMIT = 5000


def form_class(form: Form, fields: list[Field] | None = None) -> type[forms.Form]:
    """The class that validates `form`'s submissions (`fields`: its Field rows, when already read)."""
    defined = registry.code_form(form.slug)
    if defined is not None:
        return defined.form_class
    rows = list(form.fields.all()) if fields is None else fields
    return type("SubmissionForm", (forms.Form,), {row.name: form_field(row) for row in rows})


def form_field(row: Field) -> forms.Field:
    options: dict[str, Any] = {"label": row.label, "required": row.required, "help_text": row.help_text}
    kind = row.kind
    choices = [(choice, choice) for choice in row.choice_list()]
    if kind == Field.Kind.TEXTAREA:
        return forms.CharField(max_length=TEXTAREA_LIMIT, widget=forms.Textarea(attrs={"rows": 5}), **options)
    if kind == Field.Kind.EMAIL:
        return forms.EmailField(widget=forms.EmailInput(attrs={"autocomplete": "email"}), **options)
    if kind == Field.Kind.URL:
        return forms.URLField(max_length=TEXT_LIMIT, assume_scheme="https", **options)
    if kind == Field.Kind.TEL:
        return forms.CharField(
            max_length=40, widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}), **options
        )
    if kind == Field.Kind.NUMBER:
        return forms.DecimalField(max_digits=20, decimal_places=6, **options)
    if kind == Field.Kind.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == Field.Kind.SELECT:
        return forms.ChoiceField(choices=[("", "Choose…"), *choices], **options)
    if kind == Field.Kind.RADIO:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
    if kind == Field.Kind.CHECKBOXES:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **options)
    if kind == Field.Kind.CHECKBOX:
        return forms.BooleanField(**options)
    return forms.CharField(max_length=TEXT_LIMIT, **options)


def stored_value(value: Any) -> Any:
    """A cleaned value as JSON keeps it: text, a list of texts, true/false or null."""
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, list | tuple):
        return [stored_value(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def first_email(bound: forms.Form) -> str:
    """The value of the form's first email field, lower-cased, or ""."""
    for name, field in bound.fields.items():
        if isinstance(field, forms.EmailField) and bound.cleaned_data.get(name):
            return bound.cleaned_data[name].strip().lower()
    return ""


def labels(form: Form) -> dict[str, str]:
    """Each field's name and label, in the form's order (for exports and emails)."""
    return {name: str(field.label or name) for name, field in form_class(form)().fields.items()}
