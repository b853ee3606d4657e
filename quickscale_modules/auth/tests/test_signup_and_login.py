"""Sign up with email, confirm it from the email, log in and out, reset a forgotten password."""

from __future__ import annotations

import re

import pytest
from authflows import PASSWORD, log_in
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"http://testserver/accounts/confirm-email/[^/\s\"]+/")
RESET_LINK = re.compile(r"http://testserver/accounts/password/reset/key/[^/\s\"]+/")


def sign_up(client, email="new@example.com", password=PASSWORD):
    return client.post("/accounts/signup/", {"email": email, "password1": password, "password2": password})


def only_link(pattern: re.Pattern, message) -> str:
    """The one link matching `pattern`, checking that the HTML part carries the same link as the text part."""
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    text_links = set(pattern.findall(message.body))
    assert len(text_links) == 1, message.body
    assert set(pattern.findall(html)) == text_links
    return text_links.pop()


def test_the_signup_form_asks_for_email_and_password_only(client):
    html = client.get("/accounts/signup/").content.decode()
    assert 'name="email"' in html and 'name="password1"' in html and 'name="password2"' in html
    assert 'name="username"' not in html


def test_sign_up_confirm_by_email_then_logged_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    user = get_user_model().objects.get(email="new@example.com")
    assert not hasattr(user, "username") or user.username is None

    (message,) = mail.outbox
    assert message.to == ["new@example.com"]
    assert "Confirm" in message.subject or "confirm" in message.subject.lower()
    link = only_link(CONFIRM_LINK, message)

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert "new@example.com" in confirm_page.content.decode()
    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    account = client.get("/accounts/")
    assert account.status_code == 200
    assert "Verified" in account.content.decode()


def test_an_unconfirmed_address_cannot_log_in(client):
    sign_up(client)
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/accounts/").status_code == 302, "the user must not be logged in"


def test_the_confirmation_link_does_not_log_in_another_browser(client):
    sign_up(client)
    link = CONFIRM_LINK.search(mail.outbox[0].body)[0]
    other_browser = Client()
    response = other_browser.post(link)
    assert response["Location"] == "/accounts/login/"
    assert other_browser.get("/accounts/").status_code == 302
    assert log_in(other_browser, "new@example.com")["Location"] == "/accounts/", "the address is confirmed though"


def test_log_in_with_email_and_log_out(client, user):
    response = log_in(client)
    assert response["Location"] == "/accounts/"
    assert client.get("/accounts/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/accounts/").status_code == 302


def test_a_wrong_password_is_refused(client, user):
    response = client.post("/accounts/login/", {"login": "ada@example.com", "password": "not-my-password"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_password_reset_by_email(client, user):
    response = client.post("/accounts/password/reset/", {"email": "ada@example.com"})
    assert response["Location"] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    link = only_link(RESET_LINK, message)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    new_password = "a-brand-new-passphrase-42"
    response = client.post(form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/key/done/"

    client.logout()
    assert client.login(email="ada@example.com", password=new_password)
    assert not client.login(email="ada@example.com", password=PASSWORD)


def test_password_reset_for_an_unknown_address_tells_that_address(client):
    client.post("/accounts/password/reset/", {"email": "stranger@example.com"})
    (message,) = mail.outbox
    assert message.to == ["stranger@example.com"]
    assert "http://testserver/accounts/signup/" in message.body
    assert 'href="http://testserver/accounts/signup/"' in message.alternatives[0][0]


def test_changing_the_password_sends_a_notification(signed_in):
    new_password = "another-long-passphrase-7"
    response = signed_in.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Your password has been changed." in message.body
    html = message.alternatives[0][0]
    assert "Your password has been changed." in html
    assert "127.0.0.1" in html, "the HTML notification names the IP address the change came from"
