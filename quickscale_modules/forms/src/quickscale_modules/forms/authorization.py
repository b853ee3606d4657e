"""Who may reach the forms module's URLs, for the project's authorization test (tests/urlaccess.py in a generated
project explains the format). The world has one open contact form; anyone may send it, signed in or not. Its
one submission is for the api module's rows (/api/v1/forms/submissions/{id}, staff only)."""

import time

from quickscale_modules.forms import spam
from quickscale_modules.forms.models import Field, Form, Submission


def _contact(target) -> dict:
    return {"slug": target.world.forms_contact.slug}


def _submission(target) -> dict:
    """A submission a visitor without JavaScript sends: filled in, its token issued a minute ago."""
    challenge = spam.issue(target.world.forms_contact.slug, now=time.time() - 60)
    return {"email": "visitor@example.com", "message": "Hello", spam.TOKEN: challenge.token}


ROWS = {
    # Forms belong to no user or team: there is no other side to try.
    "quickscale_forms:form": {"GET,POST": "public", "kwargs": _contact, "data": _submission, "other": None},
    "quickscale_forms:thanks": {"GET": "public", "kwargs": _contact, "other": None},
}


def populate(world) -> None:
    world.forms_contact = Form.objects.create(slug="contact", title="Contact us")
    Field.objects.create(form=world.forms_contact, name="email", label="Email", kind=Field.Kind.EMAIL, order=1)
    Field.objects.create(form=world.forms_contact, name="message", label="Message", kind=Field.Kind.TEXTAREA, order=2)
    world.forms_submission = Submission.objects.create(
        form=world.forms_contact, email="visitor@example.com", data={"email": "visitor@example.com", "message": "Hi"}
    )
