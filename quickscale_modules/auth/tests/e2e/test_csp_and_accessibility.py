"""Issue 16 with the auth module: under gunicorn with production settings every auth page (and the home page
and admin login) sends the strict CSP, shows no violation in Chromium, has 0 WCAG 2.1 AA violations from
axe-core (link and button contrast included), and offers the account links in the header; deleting the account
(issue 24) lands on the home page signed out, as clean."""

from __future__ import annotations

import re

import pytest
from e2e.authsite import screenshot

from testsupport.projects import PageWatch, accessibility_violations

pytestmark = pytest.mark.slow

EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery-staple"
MAKE_VERIFIED_USER = f"""
from allauth.account.models import EmailAddress
from users.models import User
user = User.objects.create_user({EMAIL!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
"""

VISITOR_PAGES = [
    "/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/confirm-email/not-a-key/",
    "/accounts/inactive/",
    "/no-such-page/",
]
MEMBER_PAGES = [
    "/",
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/delete/",
    "/accounts/logout/",
]


def header_links(watch: PageWatch) -> list[str]:
    return watch.page.locator('header nav[aria-label="Site"] a').evaluate_all("links => links.map(a => a.pathname)")


def test_auth_pages_are_strict_clean_and_accessible(browser, auth_project, site, postgres_database, artifacts_dir):
    auth_project.manage(
        "shell", "--no-imports", "-c", MAKE_VERIFIED_USER, env=auth_project.production_env(postgres_database)
    )
    watch = PageWatch(browser, viewport={"width": 390, "height": 844})
    try:
        for path in VISITOR_PAGES:
            watch.check(f"{site.url}{path}", 404 if path in ("/no-such-page/",) else 200)
            if path != "/no-such-page/":
                assert header_links(watch) == ["/accounts/login/", "/accounts/signup/"], path

        # The admin login sends visitors to allauth's login page, under the same policy.
        watch.goto(f"{site.url}/admin/login/")
        assert re.search(r"/accounts/login/\?next=", watch.page.url)
        assert watch.problems() == []

        watch.page.fill("input[name=login]", EMAIL)
        watch.page.fill("input[name=password]", PASSWORD)
        watch.page.click("form.qs-auth-form button[type=submit]")
        watch.page.wait_for_load_state("networkidle")
        assert watch.problems() == []
        for path in MEMBER_PAGES:
            watch.check(f"{site.url}{path}")
            assert header_links(watch) == ["/accounts/", "/accounts/logout/"], path
        screenshot(watch.page, artifacts_dir, "home-signed-in")

        # Two-factor set-up (after the password is confirmed) and the error state of a form.
        watch.goto(f"{site.url}/accounts/2fa/totp/activate/")
        watch.page.fill("input[name=password]", PASSWORD)
        watch.page.click("form.qs-auth-form button[type=submit]")
        watch.page.wait_for_url(f"{site.url}/accounts/2fa/totp/activate/")
        watch.check(f"{site.url}/accounts/2fa/totp/activate/")
        watch.page.fill("input[name=code]", "000000")
        watch.page.click("form.qs-auth-form button[type=submit]")
        watch.page.wait_for_load_state("networkidle")
        assert "Incorrect code" in watch.page.content()
        assert watch.problems() == []
        assert accessibility_violations(watch.page) == []

        # Deleting the account: the password was confirmed a moment ago (two-factor above), so it goes through.
        watch.goto(f"{site.url}/accounts/delete/")
        watch.page.check("input[name=confirm]")
        watch.page.click("form[data-testid=delete-account-form] button[type=submit]")
        watch.page.wait_for_url(f"{site.url}/")
        watch.page.wait_for_load_state("networkidle")
        assert "Your account has been deleted." in watch.page.content()
        assert header_links(watch) == ["/accounts/login/", "/accounts/signup/"]
        assert watch.problems() == []
        assert accessibility_violations(watch.page) == []
    finally:
        watch.close()
