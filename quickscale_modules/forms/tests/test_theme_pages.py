"""The form pages as the module renders them and as the starter theme's copies restyle them (with the theme's
shared field partial): the same fields, spam inputs, errors and thanks either way."""

from __future__ import annotations

import pytest

from quickscale_modules.forms.models import Field, Submission
from testsupport.themepages import use_starter_theme

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["module", "starter theme"])
def pages(request, settings):
    """The module's own templates, or the starter theme's copies found first (as in a generated project)."""
    if request.param == "starter theme":
        use_starter_theme(settings)
    return request.param


def test_the_form_its_errors_and_the_thanks(client, pages, contact, fill):
    Field.objects.create(form=contact, name="plan", label="Plan", kind="radio", choices="Basic\nPro", order=5,
                         required=False, help_text="Pick one")  # fmt: skip
    page = client.get("/forms/contact/").content.decode()
    assert 'name="email"' in page and 'name="qs_website"' in page and "data-qs-pow-challenge" in page
    assert "quickscale_forms/pow.js" in page and "quickscale_forms/forms.css" in page
    if pages == "starter theme":
        assert '<label class="label" for="id_email">Your email</label>' in page
        assert '<legend class="label">Plan</legend>' in page and 'id="id_plan_helptext"' in page
    invalid = client.post("/forms/contact/", fill(email="nope")).content.decode()
    assert "Enter a valid email address." in invalid
    thanks = client.get(client.post("/forms/contact/", fill())["Location"]).content.decode()
    assert "Thank you. We received your message." in thanks and 'role="status"' in thanks
    assert Submission.objects.count() == 1
