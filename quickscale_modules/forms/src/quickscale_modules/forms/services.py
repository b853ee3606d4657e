"""The forms module's Python API.

from quickscale_modules.forms import services
form = services.active_form("contact")            # Http404 when there is no open form of that slug
result = services.submit(form, request)            # spam checks, validation, storage, email, webhook
services.submissions_of(form)                      # newest first
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms as django_forms
from django.db import transaction
from django.http import Http404

from quickscale_modules.forms import background, emails, registry, spam, webhooks
from quickscale_modules.forms.building import first_email, form_class, stored_value
from quickscale_modules.forms.conf import forms_settings as conf
from quickscale_modules.forms.models import Form, Submission

# One answer for every refusal, so a bot cannot tell which check it failed.
REFUSAL = "We could not accept this submission. Wait a moment, then send it again."


def active_form(slug: str) -> Form:
    """The open form `slug` (a form defined in code gets its row on first use); Http404 otherwise."""
    form = Form.objects.prefetch_related("fields").filter(slug=slug).first()
    if form is None and (defined := registry.code_form(slug)) is not None:
        form, _ = Form.objects.get_or_create(slug=slug, defaults={"title": defined.title})
    if form is None or not form.is_active:
        raise Http404("No such form.")
    return form


def blank(form: Form) -> django_forms.Form:
    return form_class(form, list(form.fields.all()))()


@dataclass
class Result:
    """What a submission came to: the stored Submission, or the bound form to show again (with errors)."""

    submission: Submission | None
    bound: django_forms.Form
    refused: bool = False


def submit(form: Form, request) -> Result:
    """Check, validate and store a POSTed submission; its emails and webhook start once it is committed."""
    bound = form_class(form, list(form.fields.all()))(request.POST)
    ip = spam.client_ip(request)
    if not spam.within_rate("all", ip, conf.RATE_LIMIT):
        return _refused(bound)
    verdict = spam.check(form.slug, request.POST)
    if not verdict.accepted:
        return _refused(bound)
    if not bound.is_valid():
        return Result(None, bound)
    if not spam.use_token(verdict.token):
        return _refused(bound)
    if not verdict.proof_of_work and not spam.within_rate("no-js", ip, conf.NO_JS_RATE_LIMIT):
        return _refused(bound)
    return Result(store(form, bound), bound)


def _refused(bound: django_forms.Form) -> Result:
    bound.is_valid()  # keeps what the visitor typed
    bound.errors.clear()
    bound.add_error(None, REFUSAL)
    return Result(None, bound, refused=True)


def store(form: Form, bound: django_forms.Form) -> Submission:
    """Save a valid submission; email and webhook follow the commit."""
    data = {name: stored_value(bound.cleaned_data.get(name)) for name in bound.fields}
    with transaction.atomic():
        submission = Submission.objects.create(form=form, data=data, email=first_email(bound))
        delivery = webhooks.create_delivery(submission)
        transaction.on_commit(lambda: emails.send(submission))
        if delivery is not None:
            transaction.on_commit(lambda: background.deliver_webhook(delivery.pk))
    return submission


def submissions_of(form: Form):
    return Submission.objects.filter(form=form).order_by("-created_at", "-id")
