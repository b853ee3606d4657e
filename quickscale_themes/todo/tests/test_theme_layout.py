"""The todo theme as the contract in docs/themes.md asks: a valid manifest that extends the starter, a PEP 420
namespace, no inline code in any template, and no copy of the starter's files (it gets them by extending it)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from quickscale_core.project.render import render_starter
from quickscale_core.themes import choose_theme, find_themes

THEME = Path(__file__).resolve().parent.parent
REPO = THEME.parent.parent
PACKAGE = THEME / "src" / "quickscale_themes" / "todo"
FRONTEND = PACKAGE / "frontend_htmx"
COMMON = PACKAGE / "common"  # the todo app's models, services, admin and API: every frontend gets them
STARTER_PACKAGE = REPO / "quickscale_themes" / "starter" / "src" / "quickscale_themes" / "starter"
STARTER = STARTER_PACKAGE / "frontend_htmx"
INLINE_CODE = re.compile(r"""\sstyle=|\son[a-z]+=|\shx-on|<style|<script|javascript:""", re.IGNORECASE)


def test_the_manifest_extends_the_starters_htmx_frontend():
    theme = find_themes(REPO)["todo"]
    assert theme.extends == "starter" and list(theme.frontends) == ["htmx"]
    frontend = theme.frontends["htmx"]
    assert frontend.folder == FRONTEND and frontend.base.folder == STARTER
    assert (FRONTEND / frontend.urls.replace(".", "/")).with_suffix(".py.j2").is_file()
    assert (COMMON / "templates" / f"{frontend.nav}.j2").is_file()
    for package in frontend.packages:
        assert (COMMON / package / "__init__.py").is_file()


def test_quickscale_themes_is_a_namespace_package():
    assert not (THEME / "src" / "quickscale_themes" / "__init__.py").exists()
    assert (THEME / "src" / "quickscale_themes" / "todo" / "__init__.py").is_file()


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    templates = sorted(path for folder in PACKAGE.glob("*/templates") for path in folder.rglob("*.html*"))
    assert len(templates) >= 8
    offenders = {str(path.relative_to(PACKAGE)): INLINE_CODE.findall(path.read_text()) for path in templates}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_starters_files_are_not_copied_into_the_todo_theme():
    for folder in PACKAGE.glob("*/"):
        ours = {path.relative_to(folder) for path in folder.rglob("*") if path.is_file()}
        starter = STARTER_PACKAGE / folder.name
        theirs = {path.relative_to(starter) for path in starter.rglob("*") if path.is_file()}
        assert ours & theirs == set(), folder.name
        assert not (folder / "static" / "vendor").exists()


@pytest.mark.parametrize("modules", [["auth"], ["auth", "api"], ["auth", "teams"], ["api", "auth", "teams"]])
def test_the_todo_app_renders_to_lint_clean_python_for_each_module_set(modules, tmp_path):
    """What a project gets with or without teams and api passes the project's own ruff settings (the auth,teams,api
    project is also installed and tested end to end)."""
    theme, frontend = choose_theme(find_themes(REPO), "todo", None)
    files = render_starter("demo", REPO, (theme, frontend), modules)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    assert ("tests/test_todo_api.py" in files) == ("api" in modules)
    ruff = Path(sys.executable).with_name("ruff")
    ours = ["todo", *(path for path in files if path.startswith("tests/test_todo"))]
    for command in (["check", "--no-cache", *ours], ["format", "--check", "--no-cache", *ours]):
        result = subprocess.run([str(ruff), *command], cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
