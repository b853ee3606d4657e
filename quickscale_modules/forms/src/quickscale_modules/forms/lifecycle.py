"""What the forms module does when a user's data is exported and when a user is deleted (the lifecycle hooks that
quickscale_modules.auth.hooks collects; docs/modules/forms.md, "Personal data").

Submissions are not linked to accounts: visitors send forms signed in or not, and nothing of the session is
stored. What ties a submission to a person is the email address typed into it, so a user's export lists the
submissions sent with their account's address, and deleting the user deletes those submissions. Teams hold
nothing here.
"""

from __future__ import annotations

from typing import Any

from quickscale_modules.forms.models import Submission


def _sent_with_address_of(user):
    email = (getattr(user, user.get_email_field_name(), "") or "").strip().lower()
    return Submission.objects.filter(email=email).select_related("form") if email else Submission.objects.none()


def export_user_data(user) -> dict[str, Any]:
    """The submissions sent with the user's email address: form, time and values."""
    listed = [
        {"form": s.form.slug, "submitted_at": s.created_at.isoformat(), "data": s.data}
        for s in _sent_with_address_of(user).order_by("created_at", "id")
    ]
    return {"submissions": listed} if listed else {}


def delete_user_data(user) -> list[str]:
    """Delete the submissions sent with the user's email address (their webhook deliveries go with them)."""
    count = _sent_with_address_of(user).delete()[1].get("quickscale_forms.Submission", 0)
    return [f"deleted {count} form submission{'s' if count != 1 else ''} sent with this address"] if count else []
