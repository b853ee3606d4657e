"""`quickscale create`, `list modules` and `info` against a real bare QuickScale repository."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.git import REPO_ROOT, git, push_upstream_change

TEAMS_MANIFEST = """\
name = "teams"
description = "Teams of users"
version = "0.1.0"
core = ">=0.56"
requires = ["auth"]
installed_apps = ["quickscale_modules.teams"]
"""


@pytest.fixture(scope="module")
def upstream(upstream_seed, git_env, tmp_path_factory) -> Path:
    """A bare QuickScale repository built from this checkout, plus a module `teams` that requires auth."""
    bare = Path(shutil.copytree(upstream_seed, tmp_path_factory.mktemp("upstream") / "quickscale.git", symlinks=True))
    push_upstream_change(bare, {"quickscale_modules/teams/module.toml": TEAMS_MANIFEST}, "Add teams", env=git_env)
    return bare


@pytest.fixture
def workdir(tmp_path, monkeypatch, isolated_git) -> Path:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


# The modules of this checkout, as the catalogue lists them (sorted by name).
MODULES = sorted(path.parent.name for path in (REPO_ROOT / "quickscale_modules").glob("*/module.toml"))
AVAILABLE = ", ".join(MODULES)
THEMES = ", ".join(sorted(path.parent.name for path in (REPO_ROOT / "quickscale_themes").glob("*/theme.toml")))


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_list_modules_shows_one_line_per_module(upstream, workdir):
    result = invoke("list", "modules", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == MODULES
    assert lines[MODULES.index("auth")].split()[1] == "0.1.0"
    assert len(lines) == len(MODULES)  # one line each, not the manifest


def test_info_shows_the_manifest(upstream, workdir):
    result = invoke("info", "auth", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("auth 0.1.0: ")
    assert "quickscale-module-auth (app label quickscale_auth)" in result.stdout
    assert "django-allauth" in result.stdout
    assert "GOOGLE_CLIENT_ID" in result.stdout


def test_info_unknown_module_lists_the_available_ones(upstream, workdir):
    result = invoke("info", "nope", "--repo", str(upstream))
    assert result.exit_code == 2
    expected = (
        f"Error: There is no module or theme named nope; available modules: {AVAILABLE}; available themes: {THEMES}.\n"
    )
    assert result.stderr == expected


def test_list_reads_the_checkout_by_default(workdir, monkeypatch):
    monkeypatch.delenv("QUICKSCALE_REPO", raising=False)
    result = invoke("list", "modules")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.stdout.splitlines()] == MODULES


def test_unreadable_repository_is_one_sentence(workdir):
    result = invoke("list", "modules", "--repo", str(workdir / "missing.git"))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: Cannot read the modules of the QuickScale repository")
    assert len(result.stderr.splitlines()) == 1


def test_create_makes_a_git_repository_with_one_commit_per_step(upstream, workdir):
    result = invoke("create", "demo", "--modules", "auth", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    project = workdir / "demo"
    subjects = git(project, "log", "--format=%s", "--first-parent", "--reverse").splitlines()
    assert subjects[0] == "Generate demo with quickscale 0.56.0"
    assert subjects[1] == "Embed the QuickScale repository (main) under quickscale/ with git subtree"
    assert subjects[2] == "Wire the embedded QuickScale core (quickscale/) into pyproject.toml"
    assert subjects[3].startswith("Add the auth module: ")
    assert git(project, "status", "--porcelain") == ""
    assert (project / "quickscale" / "quickscale_modules" / "auth" / "module.toml").is_file()
    settings = (project / "demo" / "settings" / "base.py").read_text()
    assert '"allauth.account",' in settings and '"quickscale_modules.auth",' in settings
    assert 'include("quickscale_modules.auth.urls")' in (project / "demo" / "urls.py").read_text()
    assert "# GOOGLE_CLIENT_ID=" in (project / ".env.example").read_text()
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    assert "quickscale-module-auth" in pyproject["project"]["dependencies"]  # imported at run time
    assert "quickscale-core" in pyproject["dependency-groups"]["dev"]  # the generator: development only
    assert pyproject["tool"]["uv"]["sources"]["quickscale-module-auth"]["editable"] is True
    assert pyproject["tool"]["quickscale"]["repo"] == str(upstream)
    assert "quickscale" in pyproject["tool"]["ruff"]["extend-exclude"]  # the embedded copy is linted upstream
    assert sorted(p.name for p in workdir.iterdir()) == ["demo"]  # no staging folder left


def test_create_prints_the_commits_and_next_steps(upstream, workdir, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda tool: None)
    result = invoke("create", "demo", "--modules", "auth", "--repo", str(upstream))
    lines = result.stdout.splitlines()
    assert lines[0] == "Created the Django project demo in ./demo with the modules auth"
    assert "  cd demo" in lines
    assert "-e quickscale/quickscale_modules/auth" in result.stdout
    assert not any(line.strip().startswith("uv ") for line in lines)  # uv is not installed: pip steps only


def test_create_next_steps_use_uv_when_it_is_installed():
    from quickscale_cli.commands.create import next_steps

    assert next_steps("demo", "quickscale", ["auth"], uv_available=True)[1] == "uv sync"
    assert all("uv" not in step for step in next_steps("demo", "quickscale", ["auth"], uv_available=False))


@pytest.mark.parametrize(
    ("modules", "message"),
    [
        ("nope", f"Error: There is no module named nope; available modules: {AVAILABLE}.\n"),
        ("auth,auth", "Error: The module auth is listed more than once; name each module once.\n"),
        ("", "Error: The module list is empty; name at least one module, such as --modules auth.\n"),
    ],
)
def test_bad_module_choices_are_refused_before_anything_is_written(upstream, workdir, modules, message):
    result = invoke("create", "demo", "--modules", modules, "--repo", str(upstream))
    assert result.exit_code == 2
    assert result.stderr == message
    assert list(workdir.iterdir()) == []


def test_create_refuses_an_existing_folder_and_leaves_it(upstream, workdir):
    (workdir / "demo").mkdir()
    (workdir / "demo" / "keep.txt").write_text("mine")
    result = invoke("create", "demo", "--modules", "auth", "--repo", str(upstream))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert [p.name for p in (workdir / "demo").iterdir()] == ["keep.txt"]


def test_create_refuses_a_bad_name(upstream, workdir):
    result = invoke("create", "my-app", "--modules", "auth", "--repo", str(upstream))
    assert result.exit_code == 2
    assert 'use "my_app" instead' in result.stderr
    assert list(workdir.iterdir()) == []


def test_create_without_modules_writes_the_config_and_no_module(upstream, workdir):
    result = invoke("create", "demo", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Created the Django project demo in ./demo"
    config = yaml.safe_load((workdir / "demo" / "quickscale.yml").read_text())
    assert config["modules"] == {}
    assert config["quickscale"] == {"repo": str(upstream), "ref": "main", "prefix": "quickscale"}
    assert ">>> quickscale:" not in (workdir / "demo" / "demo" / "settings" / "base.py").read_text()


def test_create_pulls_in_the_modules_a_chosen_one_requires(upstream, workdir):
    result = invoke("create", "demo", "--modules", "teams", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    assert "  auth was added because teams requires it" in result.stdout.splitlines()
    assert list(yaml.safe_load((workdir / "demo" / "quickscale.yml").read_text())["modules"]) == ["auth", "teams"]
    subjects = git(workdir / "demo", "log", "--format=%s", "--first-parent", "--reverse").splitlines()
    assert [s.split(":")[0] for s in subjects[3:]] == ["Add the auth module", "Add the teams module"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--theme", "bulma"], "Error: There is no theme named bulma; available themes: starter, todo.\n"),
        (
            ["--theme", "starter", "--frontend", "vue"],
            "Error: The theme starter has no frontend named vue; available frontends: htmx, react.\n",
        ),
        (
            ["--modules", "auth,teams", "--theme", "starter", "--frontend", "react"],
            "Error: The react frontend of the starter theme needs the api module; add api to --modules (or under "
            "modules: in quickscale.yml), or choose another frontend.\n",
        ),
        (
            ["--frontend", "htmx"],
            "Error: A frontend (htmx) is a variant of a theme's frontend; choose a theme too "
            "(available themes: starter, todo).\n",
        ),
        (
            ["--theme", "todo"],
            "Error: The todo theme needs the auth module; add auth to --modules (or under modules: in "
            "quickscale.yml), or choose another theme.\n",
        ),
    ],
)
def test_create_refuses_an_unknown_theme_or_frontend_writing_nothing(upstream, workdir, args, message):
    result = invoke("create", "demo", "--repo", str(upstream), *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert list(workdir.iterdir()) == []


def test_create_with_a_custom_prefix_wires_modules_from_it(upstream, workdir):
    result = invoke("create", "demo", "--modules", "auth", "--repo", str(upstream), "--prefix", "vendor/qs/")
    assert result.exit_code == 0, result.output
    pyproject = tomllib.loads((workdir / "demo" / "pyproject.toml").read_text())
    assert pyproject["tool"]["uv"]["sources"]["quickscale-module-auth"]["path"] == "vendor/qs/quickscale_modules/auth"
    assert (workdir / "demo" / "vendor" / "qs" / "quickscale_modules" / "auth" / "module.toml").is_file()


def test_create_refuses_a_prefix_outside_the_project(upstream, workdir):
    result = invoke("create", "demo", "--modules", "auth", "--repo", str(upstream), "--prefix", "../out")
    assert result.exit_code == 2
    assert "give --prefix a relative folder inside the project" in result.stderr
    assert list(workdir.iterdir()) == []


def test_list_themes_and_info_of_a_theme_that_extends_another(upstream, workdir):
    listed = invoke("list", "themes", "--repo", str(upstream))
    assert listed.exit_code == 0, listed.output
    assert [line.split()[0] for line in listed.stdout.splitlines()] == THEMES.split(", ")
    result = invoke("info", "todo", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    assert "Extends:         starter" in result.stdout
    assert "Requires:        auth (modules its pages need)" in result.stdout
    # The wiring shown is what the project gets: the starter's first, then the todo theme's.
    assert "INSTALLED_APPS:  django_htmx, pages, todo" in result.stdout
    assert "URLs:            / -> pages.urls, todo.urls" in result.stdout
