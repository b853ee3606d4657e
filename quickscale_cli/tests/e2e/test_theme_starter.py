"""The starter theme (htmx frontend) over auth, notifications and teams, as `quickscale create --theme starter`
makes it (THEMES in conftest.py): under gunicorn with production settings, every theme page, signed out and
signed in, in Chromium at 390 px and 1280 px sends the strict CSP, shows no console error or CSP violation and
has 0 WCAG 2.1 AA violations from axe-core; the menu opens with Alpine.js and works without JavaScript.
The deployment checks, migrations and the project's own tests of the themed combinations are in
test_module_combinations.py."""

from __future__ import annotations

import pytest

from testsupport.projects import PageWatch, fetch, free_port, gunicorn

pytestmark = pytest.mark.slow

MODULES = "auth,notifications,teams"
EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery-staple"
MAKE_MEMBER = f"""
from allauth.account.models import EmailAddress
from quickscale_modules.notifications.services import create_notification
from quickscale_modules.teams.services import create_team
from users.models import User
user = User.objects.create_user({EMAIL!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
create_team("Acme", user)
create_notification(user, "Welcome aboard")
"""
VISITOR_PAGES = ["/", "/pricing/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
MEMBER_PAGES = [
    "/",
    "/pricing/",
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/t/",
    "/t/new/",
    "/notifications/",
    "/notifications/preferences/",
]
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def site(created, tmp_path_factory):
    """The themed project under gunicorn with production settings, a member with a team and a notification."""
    project = created(MODULES)
    port = free_port()
    database = tmp_path_factory.mktemp("theme-starter") / "db.sqlite3"
    # The browser talks plain http to 127.0.0.1 while the proxy header says https: trust that origin for CSRF.
    env = project.production_env(f"sqlite:///{database}", CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}")
    project.manage("migrate", "--noinput", env=env)
    project.manage("shell", "--no-imports", "-c", MAKE_MEMBER, env=env)
    # Production serves static files from the collected manifest, as a deployment does.
    project.manage("collectstatic", "--noinput", env=env)
    with gunicorn(project, env=env, port=port) as server:
        yield server


def shoot(watch: PageWatch, artifacts_dir, name: str, width: int) -> None:
    watch.page.screenshot(path=str(artifacts_dir / f"theme-starter-{name}-{width}.png"), full_page=True)


def sign_in(watch: PageWatch, url: str) -> None:
    watch.goto(f"{url}/accounts/login/")
    watch.page.fill("input[name=login]", EMAIL)
    watch.page.fill("input[name=password]", PASSWORD)
    watch.page.click("form.qs-auth-form button[type=submit]")
    watch.page.wait_for_load_state("networkidle")
    assert watch.page.locator(".account-menu").count() == 1, watch.page.url


def page_name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize("width", WIDTHS)
def test_every_theme_page_is_strict_clean_and_accessible(browser, site, artifacts_dir, width):
    watch = PageWatch(browser, viewport={"width": width, "height": 900})
    try:
        for path in VISITOR_PAGES:
            watch.check(f"{site.url}{path}")
            shoot(watch, artifacts_dir, f"visitor-{page_name(path)}", width)
        watch.check(f"{site.url}/no-such-page/", 404)
        shoot(watch, artifacts_dir, "404", width)

        sign_in(watch, site.url)
        assert watch.problems() == []
        for path in MEMBER_PAGES:
            watch.check(f"{site.url}{path}")
            shoot(watch, artifacts_dir, f"member-{page_name(path)}", width)
        # The app shell: team switcher (teams), unread badge (notifications), account menu (auth).
        header = watch.page.locator("header")
        assert "Acme" in header.locator(".qs-teams-switcher-list").text_content()
        assert header.locator('[data-testid="unread-count"]').text_content() == "1"
        assert EMAIL in header.locator(".account-menu").text_content()
    finally:
        watch.close()


def test_the_menu_opens_with_alpine_on_a_phone(browser, site):
    watch = PageWatch(browser, viewport={"width": 390, "height": 844})
    try:
        watch.goto(f"{site.url}/")
        menu = watch.page.locator("#site-menu")
        assert not menu.is_visible()
        watch.page.click(".navbar-burger")
        assert menu.is_visible()
        assert watch.page.get_attribute(".navbar-burger", "aria-expanded") == "true"
        assert watch.problems() == []
    finally:
        watch.close()


def test_without_javascript_the_menu_shows_and_signing_in_works(browser, site):
    watch = PageWatch(browser, viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        watch.goto(f"{site.url}/")
        assert watch.page.locator("#site-menu").is_visible()
        sign_in(watch, site.url)
        watch.page.click(".account-menu summary")
        assert watch.page.locator(".account-menu a[href='/accounts/logout/']").is_visible()
    finally:
        watch.close()


def test_static_libraries_are_served_with_their_versions_in_the_path(site):
    for path in ("vendor/htmx-2.0.11/htmx.min.js", "vendor/alpinejs-csp-3.17.4/alpine-csp.min.js"):
        assert fetch(f"{site.url}/static/{path}", headers={"X-Forwarded-Proto": "https"}).status == 200
