"""Every email allauth sends here goes out as plain text and HTML; the HTML twin says the same thing."""

from __future__ import annotations

import datetime
from pathlib import Path

import allauth
import pytest
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory

import quickscale_modules.auth

ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
MODULE_TEMPLATES = Path(quickscale_modules.auth.__file__).parent / "templates"
# base_* are layouts, not emails; WebAuthn (passkeys) is not switched on by the module.
NOT_SENT = ("base_", "webauthn_")


def sent_email_prefixes() -> list[str]:
    names = []
    for folder in ("account/email", "mfa/email", "socialaccount/email"):
        for text in sorted((ALLAUTH_TEMPLATES / folder).glob("*_message.txt")):
            if not text.name.startswith(NOT_SENT):
                names.append(f"{folder}/{text.name.removesuffix('_message.txt')}")
    return names


PREFIXES = sent_email_prefixes()


def context(user):
    request = RequestFactory().get("/")
    return {
        "request": request,
        "current_site": type("Site", (), {"name": "Acme", "domain": "acme.example"})(),
        "user": user,
        "email": "<b>ada</b>@example.com",
        "activate_url": "https://acme.example/accounts/confirm-email/KEY/",
        "password_reset_url": "https://acme.example/accounts/password/reset/key/1-KEY/",
        "signup_url": "https://acme.example/accounts/signup/",
        "code": "",
        "ip": "203.0.113.9",
        "user_agent": "Firefox",
        "timestamp": datetime.datetime(2026, 1, 2, 3, 4, tzinfo=datetime.UTC),
        "provider": "Google",
        "from_email": "old@example.com",
        "to_email": "new@example.com",
        "deleted_email": "gone@example.com",
    }


def test_the_list_of_emails_is_complete():
    assert "account/email/email_confirmation_signup" in PREFIXES
    assert "account/email/password_reset_key" in PREFIXES
    assert "mfa/email/totp_activated" in PREFIXES
    assert "socialaccount/email/account_connected" in PREFIXES
    assert not any(prefix.endswith("/base") for prefix in PREFIXES)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_sent_email_has_an_html_twin_from_the_module(prefix):
    template = get_template(f"{prefix}_message.html")
    assert Path(template.origin.name).is_relative_to(MODULE_TEMPLATES)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_the_html_email_renders_as_a_page_and_escapes_what_users_typed(prefix, user):
    html = render_to_string(f"{prefix}_message.html", context(user))
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Hello from Acme!" in html
    assert 'name="viewport"' in html
    assert "<b>ada</b>" not in html


def test_links_in_html_emails_are_buttons_with_the_address_spelled_out(user):
    html = render_to_string("account/email/password_reset_key_message.html", context(user))
    url = "https://acme.example/accounts/password/reset/key/1-KEY/"
    assert f'<a href="{url}"' in html
    assert html.count(url) == 2


def test_notifications_name_the_origin_of_the_change(user):
    html = render_to_string("account/email/email_changed_message.html", context(user))
    assert "Your email has been changed from old@example.com to new@example.com." in html
    assert "203.0.113.9" in html and "Firefox" in html


def test_verification_by_code_shows_the_code(user):
    html = render_to_string("account/email/email_confirmation_message.html", {**context(user), "code": "AB12CD"})
    assert "AB12CD" in html
    assert "confirm-email/KEY" not in html
