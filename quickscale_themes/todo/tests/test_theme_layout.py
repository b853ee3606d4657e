"""The todo theme as the contract in docs/themes.md asks: a valid manifest that extends the starter, a PEP 420
namespace, no inline code in any template, and no copy of the starter's files (it gets them by extending it)."""

from __future__ import annotations

import re
from pathlib import Path

from quickscale_core.themes import find_themes

THEME = Path(__file__).resolve().parent.parent
REPO = THEME.parent.parent
FRONTEND = THEME / "src" / "quickscale_themes" / "todo" / "frontend_htmx"
STARTER = REPO / "quickscale_themes" / "starter" / "src" / "quickscale_themes" / "starter" / "frontend_htmx"
INLINE_CODE = re.compile(r"""\sstyle=|\son[a-z]+=|\shx-on|<style|<script|javascript:""", re.IGNORECASE)


def test_the_manifest_extends_the_starters_htmx_frontend():
    theme = find_themes(REPO)["todo"]
    assert theme.extends == "starter" and list(theme.frontends) == ["htmx"]
    frontend = theme.frontends["htmx"]
    assert frontend.folder == FRONTEND and frontend.base.folder == STARTER
    assert (FRONTEND / frontend.urls.replace(".", "/")).with_suffix(".py.j2").is_file()
    assert (FRONTEND / "templates" / f"{frontend.nav}.j2").is_file()
    for package in frontend.packages:
        assert (FRONTEND / package / "__init__.py").is_file()


def test_quickscale_themes_is_a_namespace_package():
    assert not (THEME / "src" / "quickscale_themes" / "__init__.py").exists()
    assert (THEME / "src" / "quickscale_themes" / "todo" / "__init__.py").is_file()


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    templates = sorted((FRONTEND / "templates").rglob("*.html*"))
    assert len(templates) >= 8
    offenders = {str(path.relative_to(FRONTEND)): INLINE_CODE.findall(path.read_text()) for path in templates}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_starters_files_are_not_copied_into_the_todo_theme():
    ours = {path.relative_to(FRONTEND) for path in FRONTEND.rglob("*") if path.is_file()}
    theirs = {path.relative_to(STARTER) for path in STARTER.rglob("*") if path.is_file()}
    assert ours & theirs == set()
    assert not (FRONTEND / "static" / "vendor").exists()
