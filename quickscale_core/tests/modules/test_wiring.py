from __future__ import annotations

import tomllib

import pytest

from quickscale_core.errors import ProjectLayoutError
from quickscale_core.modules import find_modules
from quickscale_core.modules.wiring import add_urls, project_files, wire_module
from quickscale_core.scaffold import render_project
from quickscale_core.utils.pyproject import add_path_dependency, exclude_from_ruff

SETTINGS = """\
import environ

env = environ.Env()

INSTALLED_APPS = [
    "django.contrib.admin",
    "users",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
]
"""

URLS = """\
from django.contrib import admin
from django.urls import path

urlpatterns = [
    path("admin/", admin.site.urls),
]
"""

PYPROJECT = """\
[project]
name = "acme"
dependencies = [
    "Django==5.2.19",
]

[tool.ruff]
line-length = 120
"""


@pytest.fixture
def texts():
    paths = project_files("acme")
    return {
        paths["settings"]: SETTINGS,
        paths["urls"]: URLS,
        paths["env"]: "# Settings\nSECRET_KEY=\n",
        paths["readme"]: "# acme\n",
        paths["pyproject"]: PYPROJECT,
    }


@pytest.fixture
def auth(make_repo):
    return find_modules(make_repo(auth=[]))["auth"]


def test_wiring_edits_every_file_it_should(texts, auth):
    new = wire_module(texts, auth, "acme", "quickscale")
    settings = new["acme/settings/base.py"]
    assert '    "users",\n    "quickscale_modules.auth",\n    "thing",\n]' in settings
    assert '    "thing.middleware.ThingMiddleware",\n]' in settings
    assert settings.endswith('# QuickScale module: auth\nTHING_ENABLED = env.bool("THING_ENABLED", default=True)\n')
    compile(settings, "base.py", "exec")
    urls = new["acme/urls.py"]
    assert "from django.urls import include, path" in urls
    assert '    path("auth/", include("quickscale_modules.auth.urls")),\n]' in urls
    compile(urls, "urls.py", "exec")
    assert new[".env.example"].endswith("# --- auth module ---\n# Key for the auth service.\n# THING_KEY=\n")
    assert "## The auth module" in new["README.md"]
    pyproject = tomllib.loads(new["pyproject.toml"])
    assert pyproject["project"]["dependencies"] == ["Django==5.2.19", "quickscale-module-auth"]
    source = {"path": "quickscale/quickscale_modules/auth", "editable": True}
    assert pyproject["tool"]["uv"]["sources"]["quickscale-module-auth"] == source
    assert pyproject["tool"]["poetry"]["dependencies"]["quickscale-module-auth"]["develop"] is True


def test_wiring_twice_changes_nothing_more(texts, auth):
    once = {**texts, **wire_module(texts, auth, "acme", "quickscale")}
    assert wire_module(once, auth, "acme", "quickscale") == {}


def test_the_generated_starter_has_every_anchor_wiring_needs(auth):
    rendered = {str(path): text for path, text in render_project("acme").items()}
    texts = {path: rendered[path] for path in project_files("acme").values()}
    assert set(wire_module(texts, auth, "acme", "quickscale")) == set(texts)


def test_edited_away_list_is_a_clear_error(texts, auth):
    texts["acme/settings/base.py"] = "INSTALLED_APPS = ['x']\n"
    with pytest.raises(
        ProjectLayoutError, match=r"Cannot find the list INSTALLED_APPS = \[...\] in acme/settings/base"
    ):
        wire_module(texts, auth, "acme", "quickscale")


def test_urls_without_django_import_is_a_clear_error(auth):
    with pytest.raises(ProjectLayoutError, match=r"from django\.urls import"):
        add_urls("urlpatterns = [\n]\n", auth, "acme/urls.py")


def test_path_dependency_extends_existing_tables():
    text = PYPROJECT + '\n[tool.uv.sources]\nother = { path = "x" }\n\n[tool.other]\nx = 1\n'
    new = tomllib.loads(add_path_dependency(text, "quickscale-core", "quickscale/quickscale_core"))
    assert set(new["tool"]["uv"]["sources"]) == {"other", "quickscale-core"}
    assert new["tool"]["other"] == {"x": 1}


def test_path_dependency_needs_the_dependency_list():
    with pytest.raises(ProjectLayoutError, match="dependencies"):
        add_path_dependency("[project]\nname = 'x'\n", "quickscale-core", "quickscale/quickscale_core")


def test_ruff_exclusion_is_added_once_and_kept_beside_others():
    once = exclude_from_ruff(PYPROJECT, "quickscale")
    assert tomllib.loads(once)["tool"]["ruff"] == {"line-length": 120, "extend-exclude": ["quickscale"]}
    assert exclude_from_ruff(once, "quickscale") == once
    twice = tomllib.loads(exclude_from_ruff(once, "vendor"))
    assert twice["tool"]["ruff"]["extend-exclude"] == ["quickscale", "vendor"]


def test_ruff_exclusion_creates_the_table_when_missing():
    text = exclude_from_ruff("[project]\nname = 'x'\n", "quickscale")
    assert tomllib.loads(text)["tool"]["ruff"]["extend-exclude"] == ["quickscale"]
