"""Issue 16: a strict Content-Security-Policy on every response under gunicorn with production settings, no
violation in Chromium (the admin and the debug toolbar included), and 0 WCAG 2.1 AA violations from axe-core."""

from __future__ import annotations

import pytest

from testsupport.projects import (
    VIA_HTTPS_PROXY,
    PageWatch,
    accessibility_violations,
    assert_strict_csp,
    fetch,
    free_port,
    gunicorn,
)

pytestmark = pytest.mark.slow

STAFF_EMAIL = "owner@example.com"
STAFF_PASSWORD = "A-strong-pass-42-for-the-admin"
# Nothing listens on port 1: with a session cookie, the admin's first database read fails, a real 500.
BROKEN_DATABASE = "postgres://app:secret@127.0.0.1:1/app"


@pytest.fixture(scope="module")
def site(acme, tmp_path_factory):
    """acme under gunicorn with production settings and a superuser. The browser sends its plain-http
    origin while the app sees https (the proxy header), so that origin is trusted as a deployment trusts its own."""
    port = free_port()
    database = tmp_path_factory.mktemp("csp") / "db.sqlite3"
    env = acme.production_env(f"sqlite:///{database}", CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}")
    acme.manage("collectstatic", "--noinput", env=env)
    acme.manage("migrate", "--noinput", env=env)
    credentials = {"DJANGO_SUPERUSER_EMAIL": STAFF_EMAIL, "DJANGO_SUPERUSER_PASSWORD": STAFF_PASSWORD}
    acme.manage("createsuperuser", "--noinput", env={**env, **credentials})
    with gunicorn(acme, env, port=port) as server:
        yield server


@pytest.fixture(scope="module")
def failing_server(acme):
    """acme in production whose database is down: pages that read it answer with the 500 page."""
    with gunicorn(acme, acme.production_env(BROKEN_DATABASE)) as server:
        yield server


SESSION_COOKIE = {"Cookie": "sessionid=a-session-the-database-cannot-look-up"}


@pytest.mark.parametrize(
    ("path", "status"),
    [("/", 200), ("/healthz", 200), ("/no-such-page/", 404), ("/admin/login/", 200), ("/admin/", 302)],
)
def test_every_response_sends_the_strict_policy(site, path, status):
    response = fetch(f"{site.url}{path}", VIA_HTTPS_PROXY)

    assert response.status == status
    assert_strict_csp(response.headers)
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_500_page_is_sent_with_the_strict_policy_too(failing_server):
    response = fetch(f"{failing_server.url}/admin/", {**VIA_HTTPS_PROXY, **SESSION_COOKIE})

    assert response.status == 500
    assert "Something went wrong" in response.text
    assert_strict_csp(response.headers)


def test_starter_pages_show_no_csp_violation_and_no_accessibility_violation(browser, site, artifacts_dir):
    watch = PageWatch(browser)
    try:
        for path, status in [("/", 200), ("/no-such-page/", 404), ("/admin/login/", 200)]:
            assert watch.goto(f"{site.url}{path}").status == status
            assert watch.problems() == [], path
            assert accessibility_violations(watch.page) == [], path
        watch.page.screenshot(path=artifacts_dir / "starter-admin-login.png", full_page=True)
    finally:
        watch.close()


def test_the_500_page_shows_no_csp_violation_and_no_accessibility_violation(browser, failing_server):
    watch = PageWatch(browser, headers=SESSION_COOKIE)
    try:
        assert watch.goto(f"{failing_server.url}/admin/").status == 500
        assert watch.problems() == []
        assert accessibility_violations(watch.page) == []
    finally:
        watch.close()


def test_the_admin_works_under_the_policy(browser, site):
    watch = PageWatch(browser)
    try:
        watch.goto(f"{site.url}/admin/login/")
        watch.page.fill("input[name=username]", STAFF_EMAIL)
        watch.page.fill("input[name=password]", STAFF_PASSWORD)
        watch.page.click("input[type=submit]")
        watch.page.wait_for_url(f"{site.url}/admin/")
        assert watch.problems() == []
        for path in ("/admin/users/user/", "/admin/users/user/add/", "/admin/users/user/1/change/"):
            assert watch.goto(f"{site.url}{path}").status == 200
            assert watch.problems() == [], path
        # The admin's own scripts run: the password field of the add form toggles with the radio buttons.
        watch.goto(f"{site.url}/admin/users/user/add/")
        assert watch.page.locator("#id_email").is_visible()
    finally:
        watch.close()


def test_the_debug_toolbar_works_under_the_policy_with_local_settings(browser, acme, tmp_path):
    env = {
        "DJANGO_SETTINGS_MODULE": "acme.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    acme.manage("migrate", "--noinput", env=env)
    with gunicorn(acme, env, port=free_port()) as server:
        response = fetch(f"{server.url}/")
        assert_strict_csp(response.headers)
        watch = PageWatch(browser)
        try:
            watch.goto(f"{server.url}/")
            # The toolbar's own scripts run: a panel opens from the server, the toolbar hides to its handle.
            watch.page.locator("#djDebugToolbar").wait_for(state="visible")
            watch.page.locator("#djDebugPanelList a.SQLPanel").click()
            watch.page.locator("#SQLPanel .djDebugPanelContent").wait_for(state="visible")
            watch.page.locator("#SQLPanel .djDebugClose").click()
            watch.page.locator("#djHideToolBarButton").click()
            watch.page.locator("#djDebugToolbarHandle").wait_for(state="visible")
            assert watch.problems() == []
        finally:
            watch.close()
