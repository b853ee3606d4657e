"""Sending a form: what a person gets, and what each spam check refuses, always with the same answer."""

from __future__ import annotations

import re

import pytest
from django import forms as django_forms

from quickscale_modules.forms import registry, services, spam
from quickscale_modules.forms.models import Field, Form, Submission

pytestmark = pytest.mark.django_db
URL = "/forms/contact/"


def test_the_form_page_shows_the_fields_and_the_spam_inputs(client, contact):
    page = client.get(URL).content.decode()
    assert "<h1>Contact us</h1>" in page
    for name in ("name", "email", "message", "topic"):
        assert f'name="{name}"' in page
    assert '<label for="id_email">Your email:</label>' in page
    assert 'name="qs_website"' in page and 'tabindex="-1"' in page and 'aria-hidden="true"' in page
    assert 'name="qs_token" value="' in page and "data-qs-pow-challenge=" in page
    assert "quickscale_forms/pow.js" in page and "<script>" not in page and " style=" not in page


def test_a_submission_with_the_proof_of_work_is_stored_and_thanked(client, contact, fill):
    response = client.post(URL, fill())
    assert response.status_code == 302 and response["Location"] == "/forms/contact/thanks/"
    submission = Submission.objects.get()
    assert submission.data == {"name": "Ada", "email": "Ada@Example.com", "message": "Hello there", "topic": "Sales"}
    assert submission.email == "ada@example.com"
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you. We received your message." in thanks


def test_without_javascript_a_submission_is_accepted_within_the_stricter_limit(client, contact, fill, settings):
    settings.QUICKSCALE_FORMS_NO_JS_RATE_LIMIT = "2/h"
    for _ in range(2):
        assert client.post(URL, fill(proof_of_work=False)).status_code == 302
    refused = client.post(URL, fill(proof_of_work=False))
    assert refused.status_code == 400 and services.REFUSAL in refused.content.decode()
    assert client.post(URL, fill()).status_code == 302  # with the proof of work the visitor goes on
    assert Submission.objects.count() == 3


def refusals(fill):
    """Every way a bot's submission is refused, by the check that refuses it."""
    wrong_pow = fill()
    wrong_pow[spam.POW] = str((int(wrong_pow[spam.POW]) + 1) % 50_001)
    other_form = fill(slug="other")
    tampered = fill()
    tampered[spam.TOKEN] = tampered[spam.TOKEN][:-2] + "xx"
    return {
        "honeypot": fill(qs_website="http://spam.example"),
        "no token": {key: value for key, value in fill().items() if key != spam.TOKEN},
        "tampered token": tampered,
        "token of another form": other_form,
        "sent too fast": fill(age=0),
        "token too old": fill(age=3 * 3600),
        "wrong proof of work": wrong_pow,
        "proof of work past the maximum": {**fill(), spam.POW: "99999999"},
        "proof of work not a number": {**fill(), spam.POW: "12a"},
    }


def test_every_failed_check_is_refused_with_one_and_the_same_answer(client, contact, fill, settings):
    # "Sent too fast" must stay too fast while the other refusals are solved and sent, on a busy machine too.
    settings.QUICKSCALE_FORMS_MIN_SECONDS = 30
    answers = set()
    for check, data in refusals(fill).items():
        response = client.post(URL, data)
        assert response.status_code == 400, check
        page = response.content.decode()
        assert services.REFUSAL in page, check
        # What the visitor typed stays in the form, with a fresh token to send it again.
        assert 'value="Hello there"' in page or "Hello there</textarea>" in page, check
        assert data.get(spam.TOKEN, "") == "" or data[spam.TOKEN] not in page, check
        shown = page.split('name="qs_token"')[0].split("<form")[1]
        answers.add(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", shown))
    assert len(answers) == 1  # the same page whichever check failed
    assert Submission.objects.count() == 0


def test_a_replayed_submission_is_refused(client, contact, fill):
    data = fill()
    assert client.post(URL, data).status_code == 302
    again = client.post(URL, data)
    assert again.status_code == 400 and services.REFUSAL in again.content.decode()
    assert Submission.objects.count() == 1


def test_the_rate_limit_counts_every_attempt_per_address(client, contact, fill, settings):
    settings.QUICKSCALE_FORMS_RATE_LIMIT = "3/h"
    for _ in range(3):
        client.post(URL, {**fill(), "email": "not an address"}, REMOTE_ADDR="203.0.113.5")
    refused = client.post(URL, fill(), REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == 400 and services.REFUSAL in refused.content.decode()
    assert client.post(URL, fill(), REMOTE_ADDR="203.0.113.6").status_code == 302  # another visitor


def test_behind_a_proxy_the_limit_counts_the_address_it_saw(client, contact, fill, settings):
    settings.QUICKSCALE_FORMS_RATE_LIMIT = "1/h"
    settings.QUICKSCALE_FORMS_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.post(URL, fill(), HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7", **proxy).status_code == 302
    # A client that makes up its own X-Forwarded-For still counts as the address the proxy saw.
    assert client.post(URL, fill(), HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7", **proxy).status_code == 400
    assert client.post(URL, fill(), HTTP_X_FORWARDED_FOR="198.51.100.8", **proxy).status_code == 302


def test_invalid_values_are_shown_next_to_their_fields(client, contact, fill):
    response = client.post(URL, fill(email="not an address", topic="Spam"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page and "Select a valid choice." in page
    assert 'aria-invalid="true"' in page and services.REFUSAL not in page
    assert Submission.objects.count() == 0


def test_the_token_of_a_form_shown_again_still_works(client, contact, fill):
    """A person who fixed a mistake sends the same token again: it was not used up by the invalid attempt."""
    data = fill(email="oops")
    assert client.post(URL, data).status_code == 400
    assert client.post(URL, {**data, "email": "ada@example.com"}).status_code == 302


def test_a_closed_or_unknown_form_is_not_found(client, contact, fill):
    contact.is_active = False
    contact.save()
    assert client.get(URL).status_code == 404
    assert client.post(URL, fill()).status_code == 404
    assert client.get("/forms/nope/").status_code == 404
    assert client.get("/forms/nope/thanks/").status_code == 404


def test_the_form_answers_get_head_and_post_only(client, contact):
    assert client.put(URL).status_code == 405 and client.head(URL).status_code == 200
    assert client.post("/forms/contact/thanks/").status_code == 405


def test_every_field_kind_renders_validates_and_is_stored_as_json(client, db, fill):
    form = Form.objects.create(slug="all", title="All kinds")
    kinds = {
        "text": ("x", "x"), "textarea": ("long\ntext", "long\ntext"), "email": ("a@b.example", "a@b.example"),
        "url": ("example.com/p", "https://example.com/p"), "tel": ("+41 44 000 00 00", "+41 44 000 00 00"),
        "number": ("12.50", "12.5"), "date": ("2026-03-04", "2026-03-04"), "select": ("B", "B"),
        "radio": ("A", "A"), "checkboxes": (["A", "B"], ["A", "B"]), "checkbox": ("on", True),
    }  # fmt: skip
    for order, kind in enumerate(kinds):
        Field.objects.create(form=form, name=f"f_{kind}", label=kind.title(), kind=kind, choices="A\nB", order=order)
    page = client.get("/forms/all/").content.decode()
    for marker in ('type="tel"', 'type="date"', 'type="radio"', 'type="checkbox"', "<select", "<textarea"):
        assert marker in page
    data = {f"f_{kind}": sent for kind, (sent, _) in kinds.items()}
    response = client.post(
        "/forms/all/", {**{k: v for k, v in fill(slug="all").items() if k.startswith("qs_")}, **data}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert Submission.objects.get().data == {f"f_{kind}": stored for kind, (_, stored) in kinds.items()}


def test_optional_fields_may_stay_empty(client, contact, fill):
    Field.objects.filter(form=contact).update(required=False)
    data = {key: value for key, value in fill().items() if key.startswith("qs_")}
    assert client.post(URL, data).status_code == 302
    assert Submission.objects.get().data == {"name": "", "email": "", "message": "", "topic": ""}


def test_a_form_defined_in_code_gets_its_row_on_first_use(client, db, fill):
    @registry.register("quote", title="Ask for a quote")
    class QuoteForm(django_forms.Form):
        email = django_forms.EmailField(label="Your email")
        budget = django_forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")])

    try:
        page = client.get("/forms/quote/").content.decode()
        assert "Ask for a quote" in page and 'name="budget"' in page
        data = {k: v for k, v in fill(slug="quote").items() if k.startswith("qs_")}
        assert client.post("/forms/quote/", {**data, "email": "b@c.example", "budget": "l"}).status_code == 302
        assert Submission.objects.get(form__slug="quote").data == {"email": "b@c.example", "budget": "l"}
    finally:
        registry.unregister("quote")


def test_rates_must_be_written_as_count_per_unit():
    assert spam.parse_rate("20/h") == (20, 3600) and spam.parse_rate("3 / m") == (3, 60)
    with pytest.raises(ValueError, match=re.escape("not of the form <count>/<s|m|h|d>")):
        spam.parse_rate("20 per hour")


def test_an_unreadable_rate_stops_the_checks_with_one_sentence(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.QUICKSCALE_FORMS_NO_JS_RATE_LIMIT = "five an hour"
    with pytest.raises(SystemCheckError, match=re.escape("QUICKSCALE_FORMS_NO_JS_RATE_LIMIT: The rate 'five an hour'")):
        call_command("check")
