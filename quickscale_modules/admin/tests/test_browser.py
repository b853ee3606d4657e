"""The admin pages in Chromium under the starter's strict Content-Security-Policy: the dashboard, a changelist,
a change form and the runtime settings, at 390 px and 1280 px, light and dark: 0 axe violations (WCAG 2.1 AA),
no CSP violation, no console error. Also the impersonation banner and the maintenance page."""

from __future__ import annotations

import pytest
from served import SUPERUSER, manage, served

from testsupport.projects import PageWatch, accessibility_violations

pytestmark = pytest.mark.slow

PAGES = (
    "/admin/",
    "/admin/quickscale_admin/auditentry/",
    "/admin/quickscale_admin/flag/1/change/",
    "/admin/constance/config/",
    "/admin/users/user/",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with served(tmp_path_factory.mktemp("admin-site")) as (url, env):
        yield url, env


def sign_in(watch: PageWatch, url: str, email: str = SUPERUSER[0]) -> None:
    watch.goto(f"{url}/accounts/login/")
    watch.page.fill("input[name=login]", email)
    watch.page.fill("input[name=password]", SUPERUSER[1])
    watch.page.locator("form button[type=submit]").first.click()
    watch.page.wait_for_load_state("networkidle")


@pytest.mark.parametrize(("width", "scheme"), [(390, "dark"), (1280, "light")])
def test_admin_pages_have_no_violation(browser, site, artifacts_dir, width, scheme):
    url, _ = site
    watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        sign_in(watch, url)
        for path in PAGES:
            watch.check(f"{url}{path}")
        watch.goto(f"{url}/admin/")
        watch.page.screenshot(path=artifacts_dir / f"admin-dashboard-{width}-{scheme}.png", full_page=True)
    finally:
        watch.close()


def test_the_impersonation_banner_works_under_the_policy(browser, site):
    url, _ = site
    watch = PageWatch(browser, viewport={"width": 1280, "height": 900})
    try:
        sign_in(watch, url)
        watch.goto(f"{url}/admin/users/user/")
        watch.page.locator("tr", has_text="member@example.com").locator("button", has_text="Impersonate").click()
        watch.page.wait_for_load_state("networkidle")
        banner = watch.page.locator(".qs-impersonation")
        assert "member@example.com" in banner.inner_text()
        assert watch.problems() == []
        assert accessibility_violations(watch.page) == []
        watch.problems()
        banner.locator("button", has_text="Stop impersonating").click()
        watch.page.wait_for_load_state("networkidle")
        assert watch.page.locator(".qs-impersonation").count() == 0
    finally:
        watch.close()


def test_the_maintenance_page_has_no_violation(browser, site, artifacts_dir):
    url, env = site
    manage(env, "shell", "-c", "from constance import config; config.MAINTENANCE_MODE = True")
    watch = PageWatch(browser, viewport={"width": 390, "height": 800})
    try:
        response = watch.goto(f"{url}/")
        assert response.status == 503 and response.headers["retry-after"] == "600"
        assert watch.problems() == []
        assert accessibility_violations(watch.page) == []
        watch.page.screenshot(path=artifacts_dir / "admin-maintenance.png", full_page=True)
    finally:
        manage(env, "shell", "-c", "from constance import config; config.MAINTENANCE_MODE = False")
        watch.close()
