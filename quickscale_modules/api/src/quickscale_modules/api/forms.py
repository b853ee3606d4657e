from __future__ import annotations

from datetime import UTC, datetime, time

from django import forms
from django.utils import timezone


class NewKeyForm(forms.Form):
    name = forms.CharField(max_length=50, help_text="What the key is for, e.g. “CI deploys”.")
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional: the key stops working at the end of this day (UTC).",
    )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.now().date():
            raise forms.ValidationError("Pick today or a later day, or leave it empty for a key that does not expire.")
        return expires_on

    def expires_at(self) -> datetime | None:
        expires_on = self.cleaned_data["expires_on"]
        return None if expires_on is None else datetime.combine(expires_on, time.max, tzinfo=UTC)
