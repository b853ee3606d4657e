"""Projects made by `quickscale create` from the bare QuickScale repository of testsupport.git, each installed
into a fresh venv once per test session and shared by every test that asks for the same modules."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

import pytest

from testsupport.projects import InstalledProject, create_and_install

# Every module alone (with what it requires), all of them together, and the pairs that interact:
# per-seat billing (teams + billing), team-scoped API resources (teams + api), emails of auth and teams
# through notifications. The admin module meets every other one in the all-modules project, as do the blog's and
# the forms' API resources and the forms' emails through notifications. `payments` alone is payments beside
# billing (it requires billing, whose Stripe keys and webhook endpoint it shares).
ALL_MODULES = "auth,teams,billing,notifications,api,admin,payments,blog,forms"
# The starter theme's React frontend over the modules its pages use (test_frontend_react.py).
REACT = "auth,teams,billing,notifications,api"
COMBINATIONS = (
    "auth",
    "auth,teams",
    "auth,billing",
    "notifications",
    "auth,api",
    "auth,admin",
    "blog",
    "forms",
    "auth,teams,billing",
    "auth,teams,api",
    "auth,notifications,teams",
    "payments",
    ALL_MODULES,
    REACT,
)
# Combinations created with a theme (no extra projects): the starter theme over every module, and over a project
# without billing and api, for the browser checks; the todo theme over team-scoped tasks with their API; the
# starter's React frontend ("theme:frontend").
THEMES = {
    ALL_MODULES: "starter",
    "auth,notifications,teams": "starter",
    "auth,teams,api": "todo",
    REACT: "starter:react",
}

# Pages in Chromium: a phone in the dark scheme and a desktop in the light one.
VIEWS = ((390, "dark"), (1280, "light"))
# The contact form of the forms module's browser tests (themed and not): every kind of field the theme shows.
CONTACT_FORM = """
from quickscale_modules.forms.models import Field, Form
form = Form.objects.create(slug="contact", title="Contact us", intro="We answer within a day.")
fields = [("name", "Your name", "text", ""), ("email", "Your email", "email", ""),
          ("message", "Message", "textarea", ""), ("topic", "Topic", "radio", "Sales\\nSupport"),
          ("consent", "You may answer me by email", "checkbox", "")]
for order, (name, label, kind, choices) in enumerate(fields):
    Field.objects.create(form=form, name=name, label=label, kind=kind, choices=choices, order=order,
                         help_text="Pick the closest one." if kind == "radio" else "")
"""


def fill_contact_form(page) -> None:
    """Fill in CONTACT_FORM as a person does, taking longer than the form's 2 seconds."""
    page.fill("input[name=name]", "Ada")
    page.fill("input[name=email]", "ada@example.com")
    page.fill("textarea[name=message]", "Hello from Chromium")
    page.check("input[name=topic][value=Support]")
    page.check("input[name=consent]")
    page.wait_for_timeout(2500)


@pytest.fixture(scope="session")
def created(tmp_path_factory, upstream_seed, git_env) -> Callable[[str], InstalledProject]:
    """`created("auth,teams")`: `quickscale create demo --modules auth,teams` (with its THEMES theme), installed
    (made on first use)."""
    projects: dict[str, InstalledProject] = {}

    def project(modules: str) -> InstalledProject:
        if modules not in projects:
            parent = tmp_path_factory.mktemp("created-" + modules.replace(",", "-"))
            theme = THEMES.get(modules)
            projects[modules] = create_and_install("demo", modules, parent, upstream_seed, git_env, theme=theme)
        return projects[modules]

    return project


@pytest.fixture
def demo(created) -> InstalledProject:
    """`quickscale create demo --modules auth`."""
    return created("auth")


@pytest.fixture(scope="session")
def migrated(created, postgres_url) -> Callable[[str], str]:
    """`migrated("auth,billing")`: URL of a PostgreSQL database that `migrate` (production settings) brought up
    to date for that combination's project; made once per session."""
    databases: dict[str, str] = {}

    def database(modules: str) -> str:
        if modules not in databases:
            name = f"qs_{uuid.uuid4().hex[:12]}"
            _psql(postgres_url, f'CREATE DATABASE "{name}"')
            databases[modules] = urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))
            project = created(modules)
            env = project.production_env(databases[modules])
            project.manage("migrate", "--noinput", env=env)
        return databases[modules]

    yield database
    for url in databases.values():
        _psql(postgres_url, f'DROP DATABASE IF EXISTS "{urlsplit(url).path[1:]}" WITH (FORCE)')


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)
