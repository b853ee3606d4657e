"""A test QuickScale repository (this checkout plus two small fake modules) and projects generated from it.

The fake modules use every manifest key the real modules of this round use:
widgets (requires auth) has options, [[files]], [[blocks]] at the services and
init anchors, nav and context_processors; gadgets is a minimal app of its own.
Both are real Django apps, so a project with them passes manage.py check.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
import yaml

from quickscale_core.config import CONFIG_FILE, ProjectConfig, QuickScaleSource
from quickscale_core.config.load import dump_config
from quickscale_core.project.generate import generate
from testsupport.git import git, push_upstream_change

PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "quickscale-module-{name}"
version = "0.1.0"
requires-python = ">=3.11"
dependencies = ["Django>=5.2,<6"]

[tool.setuptools.packages.find]
where = ["src"]
namespaces = true
include = ["quickscale_modules.{name}", "quickscale_modules.{name}.*"]

[tool.setuptools.package-data]
"quickscale_modules.{name}" = ["templates/**/*"]
"""

APPS = """\
from django.apps import AppConfig


class {title}Config(AppConfig):
    name = "quickscale_modules.{name}"
    label = "quickscale_{name}"
"""

WIDGETS_MANIFEST = """\
name = "widgets"
description = "Widgets for the test suite"
version = "0.1.0"
core = ">=0.56,<0.57"
requires = ["auth"]
installed_apps = ["quickscale_modules.widgets"]
context_processors = ["quickscale_modules.widgets.context_processors.widgets"]
nav = "quickscale_widgets/_nav.html"
url_prefix = "widgets/"
urls = "quickscale_modules.widgets.urls"
settings = '''
QUICKSCALE_WIDGETS_COLOUR = "{{ options.colour }}"
'''

[options.colour]
type = "string"
enum = ["blue", "green"]
default = "blue"
description = "Colour of the widgets"

[[files]]
path = "{{ project_name }}/widgets.py"
template = "project/widgets.py.j2"

[[blocks]]
file = "docker-compose.yml"
anchor = "services"
template = "project/docker-compose.worker.yml.j2"

[[blocks]]
file = "{{ project_name }}/__init__.py"
anchor = "init"
template = "project/init.py.j2"

[env]
WIDGETS_KEY = "Key of the widget service"

[readme]
section = '''
## Widgets

Widgets, in colour.
'''
"""

GADGETS_MANIFEST = """\
name = "gadgets"
description = "Gadgets for the test suite"
version = "0.1.0"
core = ">=0.56,<0.57"
installed_apps = ["quickscale_modules.gadgets"]
settings = '''
GADGETS_ENABLED = True
'''
"""


def module_files(name: str, manifest: str, extra: Mapping[str, str] = {}) -> dict[str, str]:
    root = f"quickscale_modules/{name}"
    package = f"{root}/src/quickscale_modules/{name}"
    return {
        f"{root}/module.toml": manifest,
        f"{root}/pyproject.toml": PYPROJECT.format(name=name),
        f"{package}/__init__.py": "",
        f"{package}/apps.py": APPS.format(name=name, title=name.title()),
        **{(root if path.startswith("project/") else package) + f"/{path}": text for path, text in extra.items()},
    }


FAKE_MODULES = {
    **module_files(
        "widgets",
        WIDGETS_MANIFEST,
        {
            "context_processors.py": 'def widgets(request):\n    return {"widgets_colour": "blue"}\n',
            "urls.py": "urlpatterns = []\n",
            "templates/quickscale_widgets/_nav.html": '<a href="/widgets/">Widgets</a>\n',
            "project/widgets.py.j2": '"""Widgets of {{ project_name }}."""\n\nCOLOUR = "{{ options.colour }}"\n',
            "project/docker-compose.worker.yml.j2": 'widgets:\n  image: busybox\n  command: ["true"]\n',
            "project/init.py.j2": "WIDGETS_READY = True\n",
        },
    ),
    **module_files("gadgets", GADGETS_MANIFEST),
}
MODULES = ("auth", "gadgets", "widgets")


@pytest.fixture(autouse=True)
def always_isolated_git(isolated_git):
    """Every test sees only the test identity, never the user's or the system's git configuration."""


@pytest.fixture(scope="session")
def fake_upstream_seed(upstream_seed, git_env, tmp_path_factory) -> Path:
    """A bare QuickScale repository of this checkout plus widgets and gadgets; shared: never push to it."""
    bare = Path(shutil.copytree(upstream_seed, tmp_path_factory.mktemp("fake") / "quickscale.git", symlinks=True))
    push_upstream_change(bare, FAKE_MODULES, "Add the widgets and gadgets test modules", env=git_env)
    return bare


@pytest.fixture
def fake_upstream(fake_upstream_seed, tmp_path) -> Path:
    """A private copy of fake_upstream_seed that the test may push to."""
    return Path(shutil.copytree(fake_upstream_seed, tmp_path / "fake-quickscale.git", symlinks=True))


def config_for(upstream: Path, modules: Mapping[str, Mapping], name: str = "acme") -> ProjectConfig:
    return ProjectConfig(name=name, source=QuickScaleSource(repo=str(upstream), ref="main"), modules=modules)


def new_project(folder: Path, upstream: Path, modules: Mapping[str, Mapping] | None = None) -> Path:
    """`folder` with only a quickscale.yml for `modules`, then `generate` run there."""
    folder.mkdir(parents=True)
    (folder / CONFIG_FILE).write_text(dump_config(config_for(upstream, modules or {})), encoding="utf-8")
    generate(folder)
    return folder


def set_modules(project: Path, modules: Mapping[str, Mapping]) -> None:
    """Edit quickscale.yml's modules as a user would (the file is left uncommitted)."""
    path = project / CONFIG_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["modules"] = {name: dict(options) for name, options in modules.items()}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def project_tree(project: Path, prefix: str = "quickscale") -> dict[str, bytes]:
    """Every committed file outside the embedded copy and quickscale.yml, with its bytes."""
    names = git(project, "ls-files", "-z").split("\0")
    return {
        name: (project / name).read_bytes()
        for name in names
        if name and name != CONFIG_FILE and not name.startswith(f"{prefix}/")
    }


@pytest.fixture(scope="session")
def _built_projects(tmp_path_factory, upstream_seed, fake_upstream_seed, git_env, session_git):
    """Projects generated once per session, by (upstream, modules); tests get copies (see `projects`)."""
    built: dict[tuple, Path] = {}

    def build(upstream: Path, modules: tuple[str, ...]) -> Path:
        key = (upstream, modules)
        if key not in built:
            folder = tmp_path_factory.mktemp("built") / "acme"
            built[key] = new_project(folder, upstream, {module: {} for module in modules})
        return built[key]

    return build


@pytest.fixture(scope="session")
def session_git(git_env):
    """The test identity for session-scoped git work (function-scoped isolated_git is not active there)."""
    saved = {key: os.environ.get(key) for key in (*git_env, "QUICKSCALE_REPO")}
    os.environ.update(git_env)
    os.environ.pop("QUICKSCALE_REPO", None)
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def projects(_built_projects, upstream_seed, tmp_path):
    """projects(*modules, upstream=...) -> a private copy of a project generated with those modules."""

    def copy(*modules: str, upstream: Path | None = None) -> Path:
        source = _built_projects(upstream or upstream_seed, tuple(modules))
        target = tmp_path / "copy" / "acme"
        shutil.rmtree(target.parent, ignore_errors=True)
        return Path(shutil.copytree(source, target, symlinks=True))

    return copy
