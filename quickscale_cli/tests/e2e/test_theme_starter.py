"""The starter theme (htmx frontend) as `quickscale create --theme starter` makes it, in both themed combinations
(THEMES in conftest.py): over auth, notifications and teams on SQLite, and over every module on PostgreSQL with
plans synced from the local Stripe fake. Under gunicorn with production settings, every theme page, signed out
and signed in, in Chromium at 390 px (dark scheme) and 1280 px (light scheme) has the status it should, sends the
strict CSP, shows no console error or CSP violation, has 0 WCAG 2.1 AA violations from axe-core and no sideways
scrolling; the menu works on a 360 px phone with and without JavaScript, and sign-up, sign-in and module forms
post without JavaScript; a member downloads their data and deletes their account (issue 24).
Screenshots: test-artifacts/theme-starter/<modules>/<who>-<page>-<width>.png (and
test-artifacts/theme-starter/readme-starter.png, the README's docs/images/starter.png).
The deployment checks, migrations and the project's own tests of the themed combinations are in
test_module_combinations.py."""

from __future__ import annotations

import importlib.util
import json
import re
from contextlib import ExitStack
from pathlib import Path
from xml.etree import ElementTree

import pytest

from testsupport.projects import PageWatch, Server, accessibility_violations, fetch, free_port, gunicorn
from testsupport.services import create_database, drop_database

from .conftest import ALL_MODULES, CONTACT_FORM, THEMES, VIEWS, fill_contact_form

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
SMALL = "auth,notifications,teams"
EVERY = ALL_MODULES
EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery-staple"
# Deletes their account in test_a_member_downloads_their_data_and_deletes_the_account (Ada stays for the others).
LEAVER = "margaret@example.com"
# A member with a team (and a second member), a pending invitation, two unread notifications and an API key,
# as far as the modules are installed, and the leaver, a member of that team with a notification and a key of
# their own; prints the signed links the pages need.
SEED = f"""
import json, secrets
from datetime import timedelta
from urllib.parse import urlsplit
from allauth.account.models import EmailAddress
from django.apps import apps
from django.utils import timezone
from users.models import User
user = User.objects.create_user({EMAIL!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
leaver = User.objects.create_user({LEAVER!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=leaver, email=leaver.email, primary=True, verified=True)
links = {{}}
if apps.is_installed("quickscale_modules.teams"):
    from quickscale_modules.teams.models import Invitation, Membership
    from quickscale_modules.teams.services import accept_url, create_team
    team = create_team("Acme", user)
    Membership.objects.create(team=team, user=User.objects.create_user("grace@example.com"), role="member")
    Membership.objects.create(team=team, user=leaver, role="member")
    invitation = Invitation.objects.create(
        team=team, email="linus@example.com", role="admin", invited_by=user, key=secrets.token_urlsafe(32),
        expires_at=timezone.now() + timedelta(days=7),
    )
    links["invitation"] = urlsplit(accept_url(invitation)).path
if apps.is_installed("quickscale_modules.notifications"):
    from quickscale_modules.notifications.services import create_notification
    from quickscale_modules.notifications.tokens import make_unsubscribe_token
    create_notification(user, "Welcome aboard", "Your account is ready.")
    create_notification(user, "Grace joined Acme", link="/t/")
    links["unsubscribe"] = "/notifications/unsubscribe/" + make_unsubscribe_token(user.email, "news") + "/"
    create_notification(leaver, "Welcome aboard", "Your account is ready.")
if apps.is_installed("quickscale_modules.payments"):
    from quickscale_modules.payments.models import Transaction
    sold = [(user, 1500, "usd", "Annual report")]
    if apps.is_installed("quickscale_modules.teams"):
        sold.append((team, 3000, "jpy", "Workshop"))
    for payer, amount, currency, label in sold:
        purchase = Transaction.objects.create(
            payer=payer, payer_label=str(payer), description=label, amount=amount, currency=currency,
            status="succeeded", paid_at=timezone.now(), idempotency_key=secrets.token_hex(16),
        )
    links["receipt"] = f"/payments/{{purchase.public_id}}/"
if apps.is_installed("quickscale_modules.api"):
    from quickscale_modules.api.services import create_key
    create_key(user, "CI deploys")
    create_key(leaver, "Laptop")
if apps.is_installed("quickscale_modules.blog"):
    from quickscale_modules.blog.models import Category, Post, Tag
    from quickscale_modules.blog.services import publish
    news = Category.objects.create(name="News", slug="news", description="What is new at Acme.")
    release = Tag.objects.create(name="Release", slug="release")
    body = "## What changed\\n\\nA **bold** change and a [link](https://example.com/notes).\\n\\n```python\\nprint(1)\\n```\\n"
    for number in range(12):
        post = publish(Post.objects.create(title=f"Release notes {{number}}", slug=f"release-{{number}}", body=body))
        post.categories.add(news)
        post.tags.add(release)
        post.authors.add(user, leaver)
print(json.dumps(links))
"""
# billing_sync against the Stripe fake: dj-stripe stores the prices the pricing page lists.
SYNC_PLANS = (
    "import stripe; stripe.api_base = {url!r}; "
    "from django.core.management import call_command; call_command('billing_sync')"
)
TEST_STRIPE_KEY = "sk_test_" + "a" * 24  # a test-mode key: billing is configured, never live
# (width, colour scheme): phones in dark mode, desktops in light mode, so each page is seen in both schemes.


def visitor_pages(modules: str, links: dict[str, str]) -> list[tuple[str, int]]:
    pages = [
        ("/", 200),
        ("/pricing/", 200),
        ("/accounts/login/", 200),
        ("/accounts/signup/", 200),
        ("/accounts/password/reset/", 200),
        ("/accounts/password/reset/done/", 200),
        ("/accounts/confirm-email/", 200),
        (links["invitation"], 200),
        ("/t/invitations/not-a-link/", 410),
        (links["unsubscribe"], 200),
        ("/notifications/unsubscribe/not-a-link/", 400),
        ("/no-such-page/", 404),
    ]
    if "billing" in modules:
        pages.append(("/billing/?interval=year", 200))
    return pages + content_pages(modules)


def content_pages(modules: str) -> list[tuple[str, int]]:
    """The blog's and the forms' public pages, for visitors and members alike."""
    pages = []
    if "blog" in modules:
        pages += [("/blog/", 200), ("/blog/?page=2", 200), ("/blog/release-3/", 200), ("/blog/category/news/", 200),
                  ("/blog/tag/release/", 200), ("/blog/no-such-post/", 404)]  # fmt: skip
    if "forms" in modules:
        pages += [("/forms/contact/", 200), ("/forms/contact/thanks/", 200)]
    return pages


def member_pages(modules: str, links: dict[str, str]) -> list[tuple[str, int]]:
    pages = [
        ("/", 200),
        ("/pricing/", 200),
        ("/accounts/", 200),
        ("/accounts/email/", 200),
        ("/accounts/password/change/", 200),
        ("/accounts/2fa/", 200),
        ("/accounts/2fa/totp/activate/", 200),
        ("/accounts/3rdparty/", 200),
        ("/accounts/delete/", 200),
        ("/accounts/logout/", 200),
        ("/t/", 200),
        ("/t/new/", 200),
        ("/t/acme/members/", 200),
        ("/t/acme/invitations/", 200),
        ("/t/acme/settings/", 200),
        ("/t/acme/leave/", 200),
        ("/t/acme/delete/", 200),
        (links["invitation"], 200),
        ("/notifications/", 200),
        ("/notifications/preferences/", 200),
    ]
    if "billing" in modules:
        pages += [("/billing/manage/", 200), ("/billing/success/", 200), ("/billing/cancel/", 200)]
    if "payments" in modules:
        pages += [("/payments/", 200), (links["receipt"], 200)]
    if "api" in modules:
        pages.append(("/api/keys/", 200))
    return pages + content_pages(modules)


class Site:
    """A themed project under gunicorn, with the member of SEED and the signed links it printed."""

    def __init__(self, modules: str, server: Server, links: dict[str, str]) -> None:
        self.modules, self.server, self.links, self.url = modules, server, links, server.url


def fake_stripe_class():
    """The billing module's local Stripe fake (quickscale_modules/billing/tests/fakestripe.py)."""
    path = REPO / "quickscale_modules" / "billing" / "tests" / "fakestripe.py"
    spec = importlib.util.spec_from_file_location("starter_theme_fakestripe", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.FakeStripe


def serve(stack: ExitStack, project, database_url: str, modules: str) -> Site:
    port = free_port()
    # The browser talks plain http to 127.0.0.1 while the proxy header says https: trust that origin for CSRF.
    extra = {"CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}", "EMAIL_URL": "consolemail://"}
    if "billing" in modules:
        extra["STRIPE_SECRET_KEY"] = TEST_STRIPE_KEY
    env = project.production_env(database_url, **extra)
    project.manage("migrate", "--noinput", env=env)
    links = json.loads(project.manage("shell", "--no-imports", "-c", SEED, env=env).stdout.strip().splitlines()[-1])
    if "forms" in modules:
        project.manage("shell", "--no-imports", "-c", CONTACT_FORM, env=env)
    if "billing" in modules:
        stripe = fake_stripe_class()()
        stripe_url = stripe.start()
        stack.callback(stripe.stop)
        stripe.add_price("pro_monthly", 1500, "month", name="Pro")
        stripe.add_price("pro_yearly", 15000, "year", name="Pro")
        stripe.add_price("team_monthly", 4900, "month", name="Team")
        project.manage("shell", "--no-imports", "-c", SYNC_PLANS.format(url=stripe_url), env=env)
    # Production serves static files from the collected manifest, as a deployment does.
    project.manage("collectstatic", "--noinput", env=env)
    return Site(modules, stack.enter_context(gunicorn(project, env=env, port=port)), links)


@pytest.fixture(scope="module")
def sites(created, postgres_url, tmp_path_factory):
    """`sites(modules)`: that themed combination served on a new database, PostgreSQL with billing and SQLite without
    (made on first use, stopped and dropped at the end of the module)."""
    made: dict[str, Site] = {}
    with ExitStack() as stack:

        def site(modules: str) -> Site:
            if modules not in made:
                if "billing" in modules:
                    database_url = create_database(postgres_url)
                    stack.callback(drop_database, postgres_url, database_url)
                else:
                    database_url = f"sqlite:///{tmp_path_factory.mktemp('theme-starter') / 'db.sqlite3'}"
                made[modules] = serve(stack, created(modules), database_url, modules)
            return made[modules]

        yield site


def themed(*names: str):
    """One parameter per themed combination, in its xdist group so it shares the worker that made the project."""
    assert all(THEMES.get(name) == "starter" for name in names)
    return pytest.mark.parametrize(
        "modules", [pytest.param(name, id=name, marks=pytest.mark.xdist_group(name)) for name in names]
    )


def page_name(path: str) -> str:
    """A screenshot's name for `path`: the signed part of a link becomes "link", so names stay the same."""
    path = re.sub(r"/[^/]{20,}/", "/link/", path)
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def check_pages(watch: PageWatch, site: Site, pages, shots: Path, who: str, width: int, scheme: str) -> None:
    for path, status in pages:
        watch.check(f"{site.url}{path}", status)
        # Nothing wider than the screen: no sideways scrolling on phones.
        assert watch.page.evaluate("document.documentElement.scrollWidth") <= width, path
        watch.page.screenshot(path=str(shots / f"{who}-{page_name(path)}-{width}.png"), full_page=True)
    # Bulma follows the system's colour scheme: a dark page background in dark mode, a light one otherwise.
    background = watch.page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    level = sum(int(part) for part in re.findall(r"\d+", background)[:3])
    assert (level < 200) if scheme == "dark" else (level > 600), background


@themed(SMALL, EVERY)
@pytest.mark.parametrize("width,scheme", VIEWS, ids=[f"{w}px-{s}" for w, s in VIEWS])
def test_every_theme_page_is_strict_clean_and_accessible(browser, sites, artifacts_dir, modules, width, scheme):
    site = sites(modules)
    shots = artifacts_dir / "theme-starter" / modules.replace(",", "-")
    shots.mkdir(parents=True, exist_ok=True)
    watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        check_pages(watch, site, visitor_pages(modules, site.links), shots, "visitor", width, scheme)
        watch.sign_in(site.url, EMAIL, PASSWORD)
        assert watch.problems() == []
        check_pages(watch, site, member_pages(modules, site.links), shots, "member", width, scheme)
        # The app shell: team switcher (teams), unread badge (notifications), account menu (auth).
        header = watch.page.locator("header")
        assert "Acme" in header.locator(".qs-teams-switcher-list").text_content()
        assert header.locator('[data-testid="unread-count"]').text_content() == "2"
        assert EMAIL in header.locator(".account-menu").text_content()
        assert (header.locator("a[href='/api/keys/']").count() == 1) == ("api" in modules)
    finally:
        watch.close()


@themed(SMALL)
def test_the_500_page_is_strict_clean_and_accessible(browser, created, sites, modules, tmp_path, artifacts_dir):
    """A real server error: the same project, served with a database it cannot open, asked for a signed-in
    page (the session cookie makes Django read the database)."""
    site = sites(modules)  # built, seeded and its static files collected
    project = created(modules)
    port = free_port()
    unreachable = f"sqlite:///{tmp_path / 'no-such-folder' / 'db.sqlite3'}"
    env = project.production_env(unreachable, CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}")
    shots = artifacts_dir / "theme-starter" / modules.replace(",", "-")
    shots.mkdir(parents=True, exist_ok=True)
    with gunicorn(project, env=env, port=port) as broken:
        assert broken.url != site.url
        for width, scheme in VIEWS:
            watch = PageWatch(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
            try:
                watch.context.add_cookies([{"name": "sessionid", "value": "a" * 32, "url": broken.url}])
                watch.check(f"{broken.url}/accounts/", 500)
                assert watch.page.locator("h1").count() == 1
                assert watch.page.evaluate("document.documentElement.scrollWidth") <= width
                watch.page.screenshot(path=str(shots / f"server-error-{width}.png"), full_page=True)
            finally:
                watch.close()


@themed(EVERY)
def test_pricing_lists_the_billing_plans_from_the_database(browser, sites, modules, artifacts_dir):
    site = sites(modules)
    watch = PageWatch(browser, viewport={"width": 1280, "height": 900})
    try:
        watch.goto(f"{site.url}/pricing/")
        plans = watch.page.locator(".billing-plan")
        assert plans.count() == 2
        assert "15.00 USD / month" in plans.nth(0).text_content() and "Pro" in plans.nth(0).text_content()
        assert "49.00 USD / month" in plans.nth(1).text_content()
        assert watch.page.locator("button", has_text="Subscribe to Team").is_visible()
        watch.page.click("[data-testid=interval-year]")
        assert "150.00 USD / year" in watch.page.locator(".billing-plans").text_content()
        # The README's picture (docs/images/starter.png is this file): the signed-in shell over the plans.
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.page.set_viewport_size({"width": 1200, "height": 640})
        watch.goto(f"{site.url}/pricing/")
        (artifacts_dir / "theme-starter").mkdir(parents=True, exist_ok=True)
        watch.page.screenshot(path=str(artifacts_dir / "theme-starter" / "readme-starter.png"))
    finally:
        watch.close()


@themed(SMALL)
def test_without_billing_pricing_is_the_placeholder(sites, modules):
    answer = fetch(f"{sites(modules).url}/pricing/", headers={"X-Forwarded-Proto": "https"})
    assert answer.status == 200 and 'data-testid="pricing-placeholder"' in answer.text


@themed(SMALL, EVERY)
def test_the_menu_opens_with_alpine_on_a_360px_phone(browser, sites, modules):
    site = sites(modules)
    watch = PageWatch(browser, viewport={"width": 360, "height": 740}, color_scheme="dark")
    try:
        watch.sign_in(site.url, EMAIL, PASSWORD)
        menu = watch.page.locator("#site-menu")
        assert not menu.is_visible()
        watch.page.click(".navbar-burger")
        assert menu.is_visible()
        assert watch.page.get_attribute(".navbar-burger", "aria-expanded") == "true"
        watch.page.click(".account-menu summary")
        watch.page.click(".account-menu a[href='/accounts/email/']")
        watch.page.wait_for_load_state("networkidle")
        assert watch.page.url.endswith("/accounts/email/")
        assert watch.page.evaluate("document.documentElement.scrollWidth") <= 360
        assert watch.problems() == []
    finally:
        watch.close()


@themed(SMALL, EVERY)
def test_without_javascript_the_menu_shows_and_forms_post(browser, sites, modules):
    site = sites(modules)
    watch = PageWatch(browser, viewport={"width": 360, "height": 740}, java_script_enabled=False)
    try:
        # Sign up: allauth asks to confirm the address (the email goes to the console backend).
        watch.goto(f"{site.url}/accounts/signup/")
        assert watch.page.locator("#site-menu").is_visible()
        watch.page.fill("input[name=email]", "new@example.com")
        watch.page.fill("input[name=password1]", PASSWORD)
        watch.page.fill("input[name=password2]", PASSWORD)
        watch.page.click("form.qs-auth-form button[type=submit]")
        watch.page.wait_for_url("**/accounts/confirm-email/")
        # Sign in, then the account menu (a <details>) and a module form, each without a line of JavaScript.
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.page.click(".account-menu summary")
        assert watch.page.locator(".account-menu a[href='/accounts/logout/']").is_visible()
        watch.goto(f"{site.url}/t/new/")
        watch.page.fill("input[name=name]", "Globex")
        watch.page.click("form.qs-teams-form button[type=submit]")
        watch.page.wait_for_url("**/t/globex/members/")
        assert watch.page.locator("h1").text_content().strip() == "Globex"
        if "api" in modules:
            watch.goto(f"{site.url}/api/keys/")
            watch.page.fill("input[name=name]", "Deploys")
            watch.page.click("form.qs-api-form button[type=submit]")
            watch.page.wait_for_load_state("networkidle")
            assert len(watch.page.locator("[data-testid=new-key] code").text_content()) > 20
    finally:
        watch.close()


@themed(SMALL, EVERY)
def test_a_member_downloads_their_data_and_deletes_the_account(browser, sites, modules, artifacts_dir):
    """Issue 24: the account page's "Your data" gives the JSON file, then the deletion, which asks for the password
    again (signing in is not a recent confirmation) and ends signed out on the home page, the account gone."""
    site = sites(modules)
    shots = artifacts_dir / "theme-starter" / modules.replace(",", "-")
    shots.mkdir(parents=True, exist_ok=True)
    watch = PageWatch(browser, viewport={"width": 390, "height": 844}, color_scheme="dark", accept_downloads=True)
    page = watch.page
    try:
        watch.sign_in(site.url, LEAVER, PASSWORD)
        watch.goto(f"{site.url}/accounts/")
        with page.expect_download() as download:
            page.click("[data-testid=your-data] a[href='/accounts/data/']")
        assert re.fullmatch(r"127\.0\.0\.1-account-\d{4}-\d{2}-\d{2}\.json", download.value.suggested_filename)
        data = json.loads(Path(download.value.path()).read_text())
        auth = data["apps"]["quickscale_auth"]
        assert auth["account"]["email"] == LEAVER
        assert auth["email_addresses"] == [{"email": LEAVER, "verified": True, "primary": True}]
        assert PASSWORD not in json.dumps(data)

        page.click("[data-testid=your-data] a[href='/accounts/delete/']")
        page.wait_for_url(f"{site.url}/accounts/delete/")
        page.wait_for_load_state("networkidle")
        assert watch.problems() == [] and accessibility_violations(page) == []
        page.check("input[name=confirm]")
        page.click("form[data-testid=delete-account-form] button[type=submit]")
        page.wait_for_url(re.compile(r".*/accounts/reauthenticate/\?next=.*"))
        page.wait_for_load_state("networkidle")
        assert watch.problems() == [] and accessibility_violations(page) == []
        page.fill("input[name=password]", PASSWORD)
        page.click("form.qs-auth-form button[type=submit]")
        page.wait_for_url(f"{site.url}/")
        page.wait_for_load_state("networkidle")
        assert "Your account has been deleted." in page.locator(".messages").text_content()
        assert page.locator(".account-menu").count() == 0
        assert watch.problems() == [] and accessibility_violations(page) == []
        page.screenshot(path=str(shots / "member-account-deleted-390.png"), full_page=True)

        # The account is gone: its password opens nothing any more.
        watch.goto(f"{site.url}/accounts/login/")
        page.fill("input[name=login]", LEAVER)
        page.fill("input[name=password]", PASSWORD)
        page.click("form.qs-auth-form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.startswith(f"{site.url}/accounts/login/")
        assert page.locator(".account-menu").count() == 0
    finally:
        watch.close()


@themed(SMALL)
def test_static_libraries_are_served_with_their_versions_in_the_path(sites, modules):
    site = sites(modules)
    for path in ("vendor/htmx-2.0.11/htmx.min.js", "vendor/alpinejs-csp-3.17.4/alpine-csp.min.js"):
        assert fetch(f"{site.url}/static/{path}", headers={"X-Forwarded-Proto": "https"}).status == 200


CONTENT = pytest.mark.parametrize("modules", [pytest.param(EVERY, id=EVERY, marks=pytest.mark.xdist_group(EVERY))])


@CONTENT
@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_visitor_sends_the_contact_form(browser, sites, modules, javascript):
    """With JavaScript the proof of work is solved by pow.js before the form goes; without it the form still
    goes (held to the stricter limit). Either way the visitor lands on the thanks page."""
    site = sites(modules)
    watch = PageWatch(browser, viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    try:
        watch.goto(f"{site.url}/forms/contact/")
        if javascript:
            watch.page.wait_for_function("() => document.querySelector('input[name=qs_pow]').value !== ''")
        fill_contact_form(watch.page)
        watch.page.click("form.qs-forms-form button[type=submit]")
        watch.page.wait_for_url("**/forms/contact/thanks/")
        assert "Thank you" in watch.page.locator(".qs-forms-thanks").text_content()
        assert watch.problems() == []
    finally:
        watch.close()


@CONTENT
def test_a_bot_that_fills_the_honeypot_is_refused_without_being_told_why(browser, sites, modules):
    site = sites(modules)
    watch = PageWatch(browser, viewport={"width": 1280, "height": 900})
    try:
        watch.goto(f"{site.url}/forms/contact/")
        watch.page.evaluate("() => { document.querySelector('input[name=qs_website]').value = 'http://spam.example'; }")
        fill_contact_form(watch.page)
        watch.page.click("form.qs-forms-form button[type=submit]")
        watch.page.wait_for_load_state("networkidle")
        assert watch.page.url.endswith("/forms/contact/")
        assert "We could not accept this submission" in watch.page.locator(".notification.is-danger").text_content()
    finally:
        watch.close()


@CONTENT
def test_the_blog_serves_its_feeds_sitemap_and_search_engine_data(sites, modules):
    site = sites(modules)
    proxy = {"X-Forwarded-Proto": "https"}
    for path, content_type in (
        ("/blog/feed/rss/", "application/rss+xml; charset=utf-8"),
        ("/blog/feed/atom/", "application/atom+xml; charset=utf-8"),
        ("/blog/sitemap.xml", "application/xml; charset=utf-8"),
    ):
        answer = fetch(f"{site.url}{path}", headers=proxy)
        assert answer.status == 200 and answer.headers["Content-Type"] == content_type, path
        ElementTree.fromstring(answer.body)  # well-formed XML (the module's tests validate them in full)
    sitemap = fetch(f"{site.url}/blog/sitemap.xml", headers=proxy).text
    assert sitemap.count("<url>") == 1 + 1 + 12  # the index, the category, every post
    post = fetch(f"{site.url}/blog/release-3/", headers=proxy).text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', post, re.DOTALL).group(1))
    assert data["@type"] == "BlogPosting" and data["headline"] == "Release notes 3"
    assert data["url"].startswith("https://") and data["url"].endswith("/blog/release-3/")
