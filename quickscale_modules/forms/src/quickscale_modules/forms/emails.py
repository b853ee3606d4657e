"""The email to a form's recipients about a submission: through the notifications module when it is installed
(queued, retried, tracked), else Django's send_mail in a thread after the response."""

from __future__ import annotations

from django.apps import apps
from django.template.loader import render_to_string

from quickscale_modules.forms import background
from quickscale_modules.forms.building import labels
from quickscale_modules.forms.conf import forms_settings as conf
from quickscale_modules.forms.models import Submission


def render(submission: Submission) -> tuple[str, str]:
    """The subject and text of the email about `submission`."""
    form = submission.form
    names = labels(form)
    rows = [(names.get(name, name), shown(value)) for name, value in submission.data.items()]
    context = {"form": form, "submission": submission, "rows": rows}
    subject = " ".join(render_to_string("quickscale_forms/email/subject.txt", context).split())
    return subject, render_to_string("quickscale_forms/email/body.txt", context)


def shown(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def send(submission: Submission) -> int:
    """Email the form's recipients about `submission`; how many emails were queued or started."""
    recipients = submission.form.recipient_list()
    if not recipients:
        return 0
    subject, text = render(submission)
    headers = {"Reply-To": submission.email} if submission.email else {}
    if apps.is_installed("quickscale_modules.notifications"):
        from quickscale_modules.notifications.services import send_email

        for address in recipients:
            # sensitive: what a visitor typed is personal data; the notifications module keeps the body only
            # until it is sent (the submission itself stays until its form's retention).
            send_email(
                address, subject, text, category=conf.EMAIL_CATEGORY, headers=headers, sensitive=True,
                idempotency_key=f"quickscale_forms:{submission.pk}:{address}",
            )  # fmt: skip
        return len(recipients)
    background.in_thread(lambda: _send_mail(subject, text, recipients, headers), f"email-{submission.pk}")
    return len(recipients)


def _send_mail(subject: str, text: str, recipients: list[str], headers: dict[str, str]) -> None:
    from django.core.mail import EmailMessage

    EmailMessage(subject, text, to=recipients, headers=headers).send()
