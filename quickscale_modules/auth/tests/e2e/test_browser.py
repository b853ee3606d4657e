"""Issue 6, proofs 3 and 4: a person in headless Chromium against gunicorn, emails through a real SMTP server."""

from __future__ import annotations

import re

import pyotp
import pytest
from e2e.authsite import link_in, new_page, screenshot, serve

from testsupport.projects import fetch

pytestmark = pytest.mark.slow

EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery-staple"
NEW_PASSWORD = "a-new-and-longer-passphrase-42"
PHONE = {"width": 390, "height": 844}


def log_in(page, server, password=PASSWORD):
    page.goto(f"{server.url}/accounts/login/")
    page.fill("input[name=login]", EMAIL)
    page.fill("input[name=password]", password)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_load_state()


def log_out(page, server):
    page.goto(f"{server.url}/accounts/logout/")
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{server.url}/")


def path_of(page, server) -> str:
    return page.url.removeprefix(server.url)


def test_sign_up_verify_log_in_two_factor_reset_and_lockout(browser, site, inbox, artifacts_dir):
    page = new_page(browser, PHONE)

    # Sign up: the verification email arrives at the SMTP server, as text and HTML.
    page.goto(f"{site.url}/accounts/signup/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/confirm-email/")
    confirm_link = link_in(inbox.wait_for(EMAIL, "/accounts/confirm-email/"), r"/accounts/confirm-email/[^/\s\"]+/")

    # Opening the link and confirming logs in.
    page.goto(confirm_link)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/")
    assert page.locator("h1").inner_text() == "Your account"
    assert "Verified" in page.content()
    screenshot(page, artifacts_dir, "account")

    log_out(page, site)
    log_in(page, site)
    assert path_of(page, site) == "/accounts/"

    # Two-factor: confirm the password, scan (read) the secret, enter the app's code.
    page.goto(f"{site.url}/accounts/2fa/totp/activate/")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/2fa/totp/activate/")
    secret = page.input_value("#authenticator_secret")
    screenshot(page, artifacts_dir, "totp-activate")
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/2fa/recovery-codes/.*"))
    recovery_codes = re.findall(r"\b[a-z0-9]{8}\b", page.input_value("#recovery_codes"))
    assert len(recovery_codes) == 10

    # Logging in now asks for the code, and accepts it.
    log_out(page, site)
    log_in(page, site)
    assert path_of(page, site) == "/accounts/2fa/authenticate/"
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/")
    assert "On: logging in asks for a code" in page.content()
    log_out(page, site)

    # Password reset by email (the second factor is still asked: a recovery code this time).
    page.goto(f"{site.url}/accounts/password/reset/")
    page.fill("input[name=email]", EMAIL)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/password/reset/done/")
    reset_link = link_in(inbox.wait_for(EMAIL, "/accounts/password/reset/key/"), r"/accounts/password/reset/key/\S+/")
    page.goto(reset_link)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/password/reset/key/done/")
    log_in(page, site, NEW_PASSWORD)
    page.fill("input[name=code]", recovery_codes[0])
    page.click("form.qs-auth-form button[type=submit]")
    page.wait_for_url(f"{site.url}/accounts/")
    log_out(page, site)

    # Wrong passwords past the limit (5 per email): refused with the rate-limit message, even the right one.
    for _ in range(5):
        log_in(page, site, "not-my-password")
        assert "Too many failed login attempts" not in page.content()
    log_in(page, site, NEW_PASSWORD)
    assert "Too many failed login attempts. Try again later." in page.content()
    assert path_of(page, site) == "/accounts/login/"
    screenshot(page, artifacts_dir, "locked-out")


GOOGLE_ID = "1234-fake.apps.googleusercontent.com"


def test_google_button_and_authorization_redirect_only_with_credentials(
    browser, auth_project, postgres_database, inbox
):
    with serve(auth_project, postgres_database, inbox) as plain:
        login = fetch(f"{plain.url}/accounts/login/", headers={"X-Forwarded-Proto": "https"})
        assert login.status == 200
        assert "/accounts/google/login/" not in login.text
        assert fetch(f"{plain.url}/accounts/google/login/", headers={"X-Forwarded-Proto": "https"}).status == 404

    credentials = {"GOOGLE_CLIENT_ID": GOOGLE_ID, "GOOGLE_CLIENT_SECRET": "fake-secret"}
    with serve(auth_project, postgres_database, inbox, **credentials) as site:
        page = new_page(browser, PHONE)
        authorization_requests = []

        def stop_at_google(route, request):  # never leaves the machine: the test only reads the URL
            authorization_requests.append(request.url)
            route.fulfill(status=200, content_type="text/plain", body="Google would ask for consent here.")

        page.context.route("https://accounts.google.com/**", stop_at_google)
        page.goto(f"{site.url}/accounts/login/")
        page.click("a.qs-auth-provider--google")
        page.click("form button[type=submit]")  # allauth's "Continue" confirmation (no login on GET)
        page.wait_for_url(re.compile(r"https://accounts\.google\.com/.*"))

    (authorization,) = authorization_requests
    assert authorization.startswith("https://accounts.google.com/o/oauth2/v2/auth?")
    assert f"client_id={GOOGLE_ID}" in authorization
    assert "redirect_uri=https%3A%2F%2F127.0.0.1" in authorization
