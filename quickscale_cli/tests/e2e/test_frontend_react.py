"""The starter theme's React frontend (`quickscale create demo --modules auth,teams,billing,notifications,api
--theme starter --frontend react`, REACT in conftest.py): its frontend/ installs from the npm registry (npm's shared
cache), lints, type checks, passes its Vitest tests and its types match the API's schema (`npm run api:check`, the
drift test); built once, it is served by Django through WhiteNoise under gunicorn on PostgreSQL (no Node at run
time), and every page, signed out and signed in, in Chromium at 390 px (dark) and 1280 px (light) has the status
it should, sends the strict CSP, shows no console error or CSP violation, has 0 WCAG 2.1 AA violations and no
sideways scrolling; a request of the app whose session ended sends the person to sign in, and back.
Screenshots: test-artifacts/frontend-react/<who>-<page>-<width>.png."""

from __future__ import annotations

import json
import re
from contextlib import ExitStack

import pytest

from testsupport.projects import PageWatch, fetch
from testsupport.services import create_database, drop_database

from .conftest import REACT, VIEWS
from .test_theme_starter import EMAIL, PASSWORD, page_name, serve

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(REACT)]

VISITOR_PAGES = [
    ("/", 200),
    ("/pricing/", 200),
    ("/accounts/login/", 200),
    ("/accounts/signup/", 200),
    ("/no-such-page/", 404),
]
MEMBER_PAGES = [
    ("/", 200),
    ("/pricing/", 200),
    ("/app/keys/", 200),
    ("/app/notifications/", 200),
    ("/app/preferences/", 200),
    ("/accounts/", 200),
    ("/t/acme/members/", 200),
]

# The page background's red + green + blue (0 to 765), whatever colour syntax the CSS uses (oklch in the app):
# the body's colour, or the document's behind a transparent body (the server-rendered pages), painted on a canvas
# and read back.
PAGE_LIGHTNESS = """() => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    for (const element of [document.body, document.documentElement]) {
        context.clearRect(0, 0, 1, 1);
        context.fillStyle = getComputedStyle(element).backgroundColor;
        context.fillRect(0, 0, 1, 1);
        const [red, green, blue, alpha] = context.getImageData(0, 0, 1, 1).data;
        if (alpha > 0) return red + green + blue;
    }
    return null;
}"""


def npm(project, *args: str):
    """npm in the project's frontend/ (packages from the configured registry, through npm's shared cache)."""
    return project.run("npm", *args, cwd=project.path / "frontend", check=False, timeout=900)


@pytest.fixture(scope="module")
def built(created):
    """The React project with its frontend's packages installed and its bundle built (once)."""
    project = created(REACT)
    installed = npm(project, "install", "--no-audit", "--no-fund", "--prefer-offline")
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    build = npm(project, "run", "build")
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    return project


@pytest.fixture(scope="module")
def site(built, postgres_url):
    with ExitStack() as stack:
        database_url = create_database(postgres_url)
        stack.callback(drop_database, postgres_url, database_url)
        yield serve(stack, built, database_url, REACT)


@pytest.mark.parametrize("script", ["lint", "typecheck", "test", "api:check"])
def test_the_frontend_lints_type_checks_passes_its_tests_and_matches_the_api_schema(built, script):
    result = npm(built, "run", script)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_build_has_no_eval_and_django_serves_it_without_node(built, site):
    manifest = json.loads((built.path / "static" / "app" / ".vite" / "manifest.json").read_text())
    script = manifest["src/main.tsx"]["file"]
    bundle = (built.path / "static" / "app" / script).read_text()
    assert not re.search(r"\beval\(|new Function\(", bundle)
    page = fetch(f"{site.url}/", headers={"X-Forwarded-Proto": "https"})
    assert page.status == 200 and f'src="/static/app/{script}"' in page.text
    assert "<style" not in page.text and not re.search(r"<script(?![^>]*\bsrc=)", page.text)
    served = fetch(f"{site.url}/static/app/{script}", headers={"X-Forwarded-Proto": "https"})
    assert served.status == 200 and served.body.decode() == bundle


def check_pages(watch: PageWatch, site, pages, shots, who: str, width: int, scheme: str) -> None:
    for path, status in pages:
        watch.check(f"{site.url}{path}", status)
        assert watch.page.evaluate("document.documentElement.scrollWidth") <= width, path
        watch.page.screenshot(path=str(shots / f"{who}-{page_name(path)}-{width}.png"), full_page=True)
        # The colours follow the system's scheme: a dark page in dark mode, a light one otherwise.
        level = watch.page.evaluate(PAGE_LIGHTNESS)
        assert level is not None and ((level < 200) if scheme == "dark" else (level > 600)), (path, level)


@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
def test_every_page_is_strict_clean_and_accessible(browser, site, artifacts_dir, width, scheme):
    shots = artifacts_dir / "frontend-react"
    shots.mkdir(parents=True, exist_ok=True)
    watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        check_pages(watch, site, VISITOR_PAGES, shots, "visitor", width, scheme)
        watch.sign_in(site.url, EMAIL, PASSWORD)
        assert watch.problems() == []
        check_pages(watch, site, MEMBER_PAGES[:5], shots, "member", width, scheme)
        # The app shell: team switcher, unread badge, account menu.
        header = watch.page.locator("header")
        assert "Acme" in header.locator(".team-switcher").text_content()
        assert header.locator("[data-testid=unread-count]").text_content() == "2"
        assert EMAIL in header.locator(".account-menu").text_content()
        check_pages(watch, site, MEMBER_PAGES[5:], shots, "member", width, scheme)
    finally:
        watch.close()


def test_the_app_shows_the_members_data(browser, site):
    watch = PageWatch(browser, viewport={"width": 1280, "height": 900})
    page = watch.page
    try:
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.goto(f"{site.url}/app/keys/")
        assert "CI deploys" in page.locator("[data-testid=key-list]").text_content()
        page.fill("input[name=name]", "Deploys")
        page.click("button[type=submit]")
        assert len(page.locator("[data-testid=new-key] code").text_content()) > 20
        watch.goto(f"{site.url}/app/notifications/")
        assert "Welcome aboard" in page.locator("main").text_content()
        watch.goto(f"{site.url}/pricing/")
        assert "15.00 USD / month" in page.locator("main").text_content()
        assert watch.problems() == []
    finally:
        watch.close()


def test_a_request_whose_session_ended_sends_the_person_to_sign_in_and_back(browser, site):
    watch = PageWatch(browser, viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = watch.page
    try:
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.goto(f"{site.url}/app/keys/")
        watch.context.clear_cookies(name="sessionid")  # signed out elsewhere, or the session expired
        page.fill("input[name=name]", "After the session")
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r".*/accounts/login/\?next=%2Fapp%2Fkeys%2F$"))
        page.wait_for_load_state("networkidle")
        page.fill("input[name=login]", EMAIL)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.qs-auth-form button[type=submit]")
        page.wait_for_url(f"{site.url}/app/keys/")
        page.wait_for_load_state("networkidle")
        assert "CI deploys" in page.locator("[data-testid=key-list]").text_content()
    finally:
        watch.close()
