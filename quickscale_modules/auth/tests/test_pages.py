"""Every page of the module renders inside the project's base.html and is laid out for phones."""

from __future__ import annotations

import re

import pytest
from authflows import enable_totp
from django.urls import reverse

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/inactive/",
]

SIGNED_IN_PAGES = [
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/logout/",
    "/accounts/2fa/",
    "/accounts/3rdparty/",
    "/accounts/reauthenticate/",
    "/accounts/delete/",
]

REAUTHENTICATED_PAGES = [
    "/accounts/2fa/totp/activate/",
]

TWO_FACTOR_PAGES = [
    "/accounts/2fa/totp/deactivate/",
    "/accounts/2fa/recovery-codes/",
    "/accounts/2fa/recovery-codes/generate/",
]


def assert_inside_base_html(response, path: str) -> str:
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert "base.html" in [template.name for template in response.templates], f"{path} does not extend base.html"
    html = response.content.decode()
    assert 'data-testid="project-header"' in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert "/static/quickscale_auth/auth.css" in html, f"{path} lacks the module's stylesheet"
    title = re.search(r"<title>(.*?)</title>", html, flags=re.DOTALL)[1].strip()
    assert title and title != "testproject", f"{path} has no page title of its own"
    return html


@pytest.mark.django_db
@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_anonymous_pages_extend_base_html(client, path):
    html = assert_inside_base_html(client.get(path), path)
    assert "qs-auth-menu" not in html


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_pages_extend_base_html(signed_in, path):
    assert_inside_base_html(signed_in.get(path), path)


@pytest.mark.parametrize("path", REAUTHENTICATED_PAGES)
def test_pages_after_reauthentication_extend_base_html(reauthenticated, path):
    assert_inside_base_html(reauthenticated.get(path), path)


@pytest.mark.parametrize("path", TWO_FACTOR_PAGES)
def test_two_factor_pages_extend_base_html(signed_in, path):
    enable_totp(signed_in)
    assert_inside_base_html(signed_in.get(path), path)


@pytest.mark.parametrize("path", ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/"])
def test_account_pages_show_the_account_menu(signed_in, path):
    html = signed_in.get(path).content.decode()
    menu = re.search(r'<nav class="qs-auth-menu".*?</nav>', html, flags=re.DOTALL)[0]
    for url in ("/accounts/", "/accounts/email/", "/accounts/password/change/", "/accounts/2fa/", "/accounts/logout/"):
        assert f'href="{url}"' in menu
    assert f'href="{path}" aria-current="page"' in menu
    assert "/accounts/3rdparty/" not in menu, "no connected-accounts link while no social provider is on"


def header_nav(response) -> str:
    return re.search(r'<nav aria-label="Site">(.*?)</nav>', response.content.decode(), flags=re.DOTALL)[1]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/password/reset/"])
def test_the_header_nav_offers_login_and_signup_to_visitors_on_every_page(client, path):
    nav = header_nav(client.get(path))
    assert 'href="/accounts/login/"' in nav and 'href="/accounts/signup/"' in nav
    assert "/accounts/logout/" not in nav


@pytest.mark.parametrize("path", ["/", "/accounts/email/"])
def test_the_header_nav_offers_account_and_logout_to_members_on_every_page(signed_in, path):
    nav = header_nav(signed_in.get(path))
    assert 'href="/accounts/"' in nav and 'href="/accounts/logout/"' in nav
    assert "/accounts/signup/" not in nav


@pytest.mark.django_db
def test_the_header_nav_hides_sign_up_when_it_is_closed(client, settings):
    settings.QUICKSCALE_AUTH_ALLOW_SIGNUP = False
    nav = header_nav(client.get("/"))
    assert 'href="/accounts/login/"' in nav
    assert "/accounts/signup/" not in nav


@pytest.mark.django_db
def test_forms_use_the_phone_friendly_classes(client):
    html = client.get("/accounts/signup/").content.decode()
    assert '<form class="qs-auth-form" method="post"' in html
    assert 'class="qs-auth-button"' in html


def test_the_account_page_needs_a_login(client, db):
    response = client.get("/accounts/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/accounts/"


def test_the_account_page_shows_email_status_and_two_factor(signed_in):
    html = signed_in.get("/accounts/").content.decode()
    assert "ada@example.com" in html
    assert "Verified" in html and "Primary" in html
    assert "Turn on two-factor authentication" in html
    assert 'href="/accounts/2fa/totp/activate/"' in html

    enable_totp(signed_in)
    html = signed_in.get("/accounts/").content.decode()
    assert "On: logging in asks for a code" in html
    assert "Turn on two-factor authentication" not in html


def test_the_account_page_flags_an_unverified_address(client, unverified_user):
    client.force_login(unverified_user)
    html = client.get("/accounts/").content.decode()
    assert "grace@example.com" in html
    assert "Not verified" in html


@pytest.mark.django_db
def test_the_rate_limit_page_extends_base_html(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    data = {"login": "nobody@example.com", "password": "wrong-password"}
    client.post("/accounts/login/", data)
    response = client.post("/accounts/login/", data)
    assert response.status_code == 429
    assert "base.html" in [template.name for template in response.templates]
    assert "Too many requests" in response.content.decode()
