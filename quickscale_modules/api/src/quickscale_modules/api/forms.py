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

    def __init__(self, *args, teams=None, **kwargs):
        """`teams`: those the user may make keys for (services.key_teams); a choice of them when there are any."""
        super().__init__(*args, **kwargs)
        if teams:
            self.fields["team"] = forms.ModelChoiceField(
                teams,
                required=False,
                to_field_name="slug",
                empty_label="None: a personal key, for all your teams",
                help_text="A team key works only in that team (the teams you own or administer).",
            )

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        if expires_on is not None and expires_on < timezone.now().date():
            raise forms.ValidationError("Pick today or a later day, or leave it empty for a key that does not expire.")
        return expires_on

    def expires_at(self) -> datetime | None:
        expires_on = self.cleaned_data["expires_on"]
        return None if expires_on is None else datetime.combine(expires_on, time.max, tzinfo=UTC)
