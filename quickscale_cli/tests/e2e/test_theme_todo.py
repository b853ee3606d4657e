"""The todo theme (htmx frontend) over auth, teams and api, as `quickscale create --theme todo` makes it (THEMES in
conftest.py), under gunicorn with production settings in Chromium: every todo page, signed out and signed in, at
390 px and 1280 px sends the strict CSP, shows no console error or CSP violation and has 0 WCAG 2.1 AA violations
(screenshots in test-artifacts/theme-todo-*.png); the task flows (create, rename inline, complete, delete and undo,
filter) work with htmx without reloading the page (in dark mode, axe-checked mid-flow), and the same flows work with
JavaScript disabled.
The deployment checks, migrations and the project's own tests are in test_module_combinations.py."""

from __future__ import annotations

import pytest

from testsupport.projects import PageWatch, accessibility_violations, free_port, gunicorn

MODULES = "auth,teams,api"
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group(MODULES)]

EMAIL = "grace@example.com"
PASSWORD = "correct-horse-battery-staple"
MAKE_MEMBER = f"""
from allauth.account.models import EmailAddress
from quickscale_modules.teams.services import create_team
from todo import services
from users.models import User
user = User.objects.create_user({EMAIL!r}, password={PASSWORD!r})
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
team = create_team("Acme", user)
services.set_done(services.add_task({{"team": team}}, "Book the venue"), True)
print(services.add_task({{"team": team}}, "Send the invitations").pk)
"""
LIST = "/t/acme/todo/"
WIDTHS = (390, 1280)


@pytest.fixture(scope="module")
def site(created, tmp_path_factory):
    """The todo project under gunicorn with production settings; a member of the team Acme with two tasks."""
    project = created(MODULES)
    port = free_port()
    database = tmp_path_factory.mktemp("theme-todo") / "db.sqlite3"
    env = project.production_env(f"sqlite:///{database}", CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}")
    project.manage("migrate", "--noinput", env=env)
    task = project.manage("shell", "--no-imports", "-c", MAKE_MEMBER, env=env).stdout.split()[-1]
    project.manage("collectstatic", "--noinput", env=env)
    with gunicorn(project, env=env, port=port) as server:
        server.task = task
        yield server


def shoot(watch: PageWatch, artifacts_dir, name: str, width: int) -> None:
    # caret="initial": hiding the caret leaves style="" on inputs, which htmx would copy into swapped rows.
    path = artifacts_dir / f"theme-todo-{name}-{width}.png"
    watch.page.screenshot(path=str(path), full_page=True, caret="initial")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_todo_page_is_strict_clean_and_accessible(browser, site, artifacts_dir, width):
    watch = PageWatch(browser, viewport={"width": width, "height": 900})
    try:
        # Signed out, the task pages send visitors to sign in (the starter's restyled page).
        for name, path in (("home", "/"), ("todo", "/todo/"), ("list", LIST)):
            watch.check(f"{site.url}{path}")
            shoot(watch, artifacts_dir, f"visitor-{name}", width)
        assert "/accounts/login/" in watch.page.url

        watch.sign_in(site.url, EMAIL, PASSWORD)
        pages = {
            "todo": "/todo/",
            "list": LIST,
            "active": f"{LIST}?show=active",
            "done": f"{LIST}?show=done",
            "edit": f"{LIST}{site.task}/edit/",
        }
        for name, path in pages.items():
            watch.check(f"{site.url}{path}")
            shoot(watch, artifacts_dir, f"member-{name}", width)
        watch.goto(f"{site.url}/")
        assert watch.page.locator("header a[href='/todo/']").count() == 1  # the menu's Tasks entry
    finally:
        watch.close()


def row(watch: PageWatch, title: str):
    return watch.page.locator(".todo-task", has_text=title)


def test_the_task_flows_with_htmx_change_the_page_in_place(browser, site, artifacts_dir):
    # In dark mode (the system setting), so the contrast checks below cover the dark colours too.
    watch = PageWatch(browser, viewport={"width": 390, "height": 844}, color_scheme="dark")
    try:
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.goto(f"{site.url}{LIST}")
        watch.page.evaluate("window.__samePage = true")  # gone if any step reloads the page
        watch.page.fill("#id_title", "Order the cake")
        watch.page.click(".todo-new button[type=submit]")
        row(watch, "Order the cake").wait_for()
        assert watch.page.locator("#id_title").input_value() == ""

        row(watch, "Order the cake").locator(".todo-edit").click()
        editor = watch.page.locator(".todo-task.is-editing input[name=title]")
        assert accessibility_violations(watch.page) == []  # the row being renamed, too
        shoot(watch, artifacts_dir, "dark-editing", 390)
        editor.fill("Order the big cake")
        watch.page.click(".todo-task.is-editing button[type=submit]")
        row(watch, "Order the big cake").locator(".todo-toggle").click()
        watch.page.locator(".todo-task.is-done", has_text="Order the big cake").wait_for()

        row(watch, "Order the big cake").locator(".todo-delete").click()
        watch.page.locator(".todo-task.is-deleted", has_text="Order the big cake").wait_for()
        watch.page.locator(".todo-task.is-deleted .todo-undo-button").click()
        row(watch, "Order the big cake").locator(".todo-toggle").wait_for()

        watch.page.click(".todo-filter a:text-is('Active')")
        watch.page.wait_for_url("**?show=active")
        assert row(watch, "Send the invitations").count() == 1
        assert row(watch, "Order the big cake").count() == 0 and row(watch, "Book the venue").count() == 0
        assert watch.page.evaluate("window.__samePage") is True
        assert watch.problems() == []
    finally:
        watch.close()


def test_the_task_flows_without_javascript_use_plain_forms(browser, site):
    watch = PageWatch(browser, viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        watch.sign_in(site.url, EMAIL, PASSWORD)
        watch.goto(f"{site.url}/todo/")
        assert watch.page.url.endswith(LIST)
        watch.page.fill("#id_title", "Print the badges")
        watch.page.click(".todo-new button[type=submit]")
        watch.page.wait_for_load_state()

        row(watch, "Print the badges").locator(".todo-edit").click()
        watch.page.wait_for_url("**/edit/")
        watch.page.fill("input[name=title]", "Print the name badges")
        watch.page.click(".todo-edit-form button[type=submit]")
        watch.page.wait_for_url(f"**{LIST}")
        row(watch, "Print the name badges").locator(".todo-toggle").click()
        watch.page.locator(".todo-task.is-done", has_text="Print the name badges").wait_for()

        row(watch, "Print the name badges").locator(".todo-delete").click()
        watch.page.wait_for_url("**?deleted=*")
        assert row(watch, "Print the name badges").count() == 0
        watch.page.click(".todo-undo button[type=submit]")
        row(watch, "Print the name badges").wait_for()

        watch.page.click(".todo-filter a:text-is('Done')")
        watch.page.wait_for_url("**?show=done")
        assert row(watch, "Print the name badges").count() == 1 and row(watch, "Send the invitations").count() == 0
    finally:
        watch.close()
