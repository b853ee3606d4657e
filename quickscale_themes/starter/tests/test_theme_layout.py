"""The starter theme as the contract in docs/themes.md asks: a valid manifest, a PEP 420 namespace, no inline
code in any template, every vendored library versioned and licensed, and every module page and menu partial
restyled by a template of the same name that keeps the module's data-testid hooks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from quickscale_core.themes import find_themes

THEME = Path(__file__).resolve().parent.parent
REPO = THEME.parent.parent
PACKAGE = THEME / "src" / "quickscale_themes" / "starter"
FRONTEND = PACKAGE / "frontend_htmx"
COMMON = PACKAGE / "common"  # the server-rendered pages every frontend gets
INLINE_CODE = re.compile(r"""\sstyle=|\son[a-z]+=|<style|<script(?![^>]*\ssrc=)|javascript:""", re.IGNORECASE)


def test_the_manifest_names_the_htmx_and_react_frontends_and_their_folders_exist():
    theme = find_themes(REPO)["starter"]
    assert list(theme.frontends) == ["htmx", "react"]
    frontend = theme.frontends["htmx"]
    assert frontend.folder == FRONTEND and frontend.folder.is_dir()
    assert all(pin.count("==") == 1 for pin in frontend.dependencies)
    assert (FRONTEND / frontend.urls.replace(".", "/")).with_suffix(".py").is_file()  # its own pages app URLs
    react = theme.frontends["react"]
    assert react.requires == ("api",) and (react.folder / react.node_app / "package.json").is_file()
    for package in frontend.packages:
        assert (COMMON / package / "__init__.py").is_file()


def test_quickscale_themes_is_a_namespace_package():
    assert not (THEME / "src" / "quickscale_themes" / "__init__.py").exists()
    assert (THEME / "src" / "quickscale_themes" / "starter" / "__init__.py").is_file()


def test_no_template_has_inline_scripts_styles_or_event_handlers():
    templates = sorted(path for folder in PACKAGE.glob("*/templates") for path in folder.rglob("*.html*"))
    assert len(templates) >= 10
    offenders = {str(path.relative_to(PACKAGE)): INLINE_CODE.findall(path.read_text()) for path in templates}
    assert {name: found for name, found in offenders.items() if found} == {}


def test_no_template_shows_a_comment_as_text():
    # Django's {# #} comments end on their line: one spread over two lines is printed on the page.
    templates = [
        *(path for folder in PACKAGE.glob("*/templates") for path in folder.rglob("*.html*")),
        *(REPO / "quickscale_modules").glob("*/src/quickscale_modules/*/templates/**/*.html"),
    ]
    unclosed = [
        f"{path.relative_to(REPO)}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if line.count("{#") > line.count("#}")
    ]
    assert unclosed == []


def test_every_vendored_library_is_versioned_and_licensed():
    vendor = COMMON / "static" / "vendor"
    folders = sorted(path for path in vendor.iterdir() if path.is_dir())
    assert [path.name for path in folders] == ["alpinejs-csp-3.17.4", "bulma-1.0.4", "htmx-2.0.11"]
    readme = (vendor / "README.md").read_text()
    base = (COMMON / "templates" / "base.html.j2").read_text()
    for folder in folders:
        assert (folder / "LICENSE").read_text().strip(), folder.name
        assert f"`{folder.name}/`" in readme
        assert f"vendor/{folder.name}/" in base
        for asset in folder.glob("*.min.*"):
            assert "sourceMappingURL" not in asset.read_text(), asset  # WhiteNoise's manifest needs every file


def test_htmx_is_told_not_to_add_styles_or_evaluate_code():
    base = (COMMON / "templates" / "base.html.j2").read_text()
    assert '"includeIndicatorStyles": false' in base and '"allowEval": false' in base


MODULE_TEMPLATES = sorted(REPO.glob("quickscale_modules/*/src/quickscale_modules/*/templates"))
TEST_ID = re.compile(r'data-testid="([^"{]+)')


def module_pages() -> dict[str, Path]:
    """Every module template that renders a page inside the project's base.html, by template name."""
    return {
        str(path.relative_to(folder)): path
        for folder in MODULE_TEMPLATES
        for path in folder.rglob("*.html")
        if '{% extends "base.html" %}' in path.read_text()
    }


def test_every_module_page_and_nav_partial_is_restyled_by_the_theme():
    navs = {tomllib.loads(path.read_text()).get("nav") for path in REPO.glob("quickscale_modules/*/module.toml")}
    names = {*module_pages(), *(nav for nav in navs if nav)}
    assert len(names) >= 20
    assert sorted(name for name in names if not (COMMON / "templates" / name).is_file()) == []


def test_restyled_pages_keep_the_modules_test_ids():
    # Tests (the modules', the project's and yours) find page parts by data-testid: a restyle must keep them.
    lost = {}
    for name, path in module_pages().items():
        missing = set(TEST_ID.findall(path.read_text())) - set(
            TEST_ID.findall((COMMON / "templates" / name).read_text())
        )
        if missing:
            lost[name] = sorted(missing)
    assert lost == {}
