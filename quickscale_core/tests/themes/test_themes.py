"""Themes: manifests, the choice of theme and frontend, and how a theme's files land in a generated project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quickscale_core.config.load import load_config
from quickscale_core.errors import ConfigError, ModuleRemovalError, ThemeManifestError, ThemeSelectionError
from quickscale_core.modules.create import create_project
from quickscale_core.project.generate import generate
from quickscale_core.project.render import render_starter
from quickscale_core.themes import choose_theme, find_themes
from quickscale_core.themes.render import theme_context, theme_files, with_nav
from testsupport.git import git

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def themes():
    return find_themes(REPO)


@pytest.fixture
def source(tmp_path) -> Path:
    """A QuickScale tree holding a copy of the starter theme, to break."""
    shutil.copytree(REPO / "quickscale_themes" / "starter", tmp_path / "quickscale_themes" / "starter")
    return tmp_path


def test_the_repository_offers_the_starter_theme_with_its_htmx_frontend(themes):
    assert list(themes) == ["starter", "todo"]
    theme, frontend = choose_theme(themes, "starter", None)
    assert (theme.distribution, frontend.name) == ("quickscale-theme-starter", "htmx")
    assert choose_theme(themes, None, None) is None


@pytest.mark.parametrize(
    ("theme", "frontend", "message"),
    [
        ("bulma", None, "There is no theme named bulma; available themes: starter, todo."),
        ("starter", "vue", "The theme starter has no frontend named vue; available frontends: htmx, react."),
        (None, "htmx", "A frontend (htmx) is a variant of a theme's frontend; choose a theme too"),
    ],
)
def test_an_unknown_theme_or_frontend_is_one_sentence_listing_the_available_ones(themes, theme, frontend, message):
    with pytest.raises(ThemeSelectionError) as raised:
        choose_theme(themes, theme, frontend)
    assert str(raised.value).startswith(message)


def test_a_themed_starter_wires_the_theme_and_lays_its_files_over_the_starter(themes):
    plain = render_starter("acme", REPO)
    themed = render_starter("acme", REPO, choose_theme(themes, "starter", "htmx"))
    assert '"django_htmx",\n    "pages",\n]' in themed["acme/settings/base.py"]
    assert '"django_htmx.middleware.HtmxMiddleware",\n]' in themed["acme/settings/base.py"]
    assert 'path("", include("pages.urls")),' in themed["acme/urls.py"]
    assert "TemplateView" not in themed["acme/urls.py"]
    assert '"django-htmx==1.29.0",' in themed["pyproject.toml"]
    assert '"users", "users.*", "pages", "pages.*"]' in themed["pyproject.toml"]
    # The theme's base.html replaces the starter's, keeps the modules' nav anchor and names the project.
    assert themed["templates/base.html"] != plain["templates/base.html"]
    assert "quickscale anchor: nav" in themed["templates/base.html"]
    assert ">acme</a>" in themed["templates/base.html"]
    assert "{% raw %}" not in themed["templates/index.html"]
    # Files the theme does not replace stay the starter's; the theme's own are added.
    assert themed["acme/views.py"] == plain["acme/views.py"]
    assert {"pages/views.py", "tests/test_theme_pages.py", "static/vendor/htmx-2.0.11/htmx.min.js"} <= set(themed)
    assert not any("__pycache__" in path for path in themed)


def test_without_a_theme_the_starter_is_unchanged():
    assert "TemplateView" in render_starter("acme", REPO)["acme/urls.py"]
    assert "django_htmx" not in render_starter("acme", REPO)["acme/settings/base.py"]


def test_a_broken_manifest_is_refused_naming_the_file(source):
    manifest = source / "quickscale_themes" / "starter" / "theme.toml"
    manifest.write_text(manifest.read_text().replace('name = "starter"', 'name = "other"'))
    with pytest.raises(ThemeManifestError, match=r'theme.toml: name "other" does not match its folder "starter"'):
        find_themes(source)
    manifest.write_text("name = [")
    with pytest.raises(ThemeManifestError, match="cannot be read"):
        find_themes(source)
    manifest.write_text('name = "starter"\ndescription = "x"\nversion = "1"\ncore = ">=0.56"\nfrontends = {}\n')
    with pytest.raises(ThemeManifestError, match="frontends"):
        find_themes(source)


def test_a_frontend_without_its_folder_or_with_a_binary_file_is_refused(source):
    theme, frontend = choose_theme(find_themes(source), "starter", None)
    (frontend.folder / "templates" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(ThemeManifestError, match=r"logo\.png of starter is not UTF-8 text"):
        theme_files(theme, frontend, {"project_name": "acme"})
    shutil.rmtree(frontend.folder)
    with pytest.raises(ThemeManifestError, match="has no folder frontend_htmx/"):
        theme_files(theme, frontend, {"project_name": "acme"})


def test_create_with_a_theme_commits_it_after_the_starter(upstream_seed, tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    created = create_project("demo", "auth", tmp_path, repo=str(upstream_seed), theme="starter")
    assert (created.theme, created.frontend) == ("starter", "htmx")
    assert created.commits[1] == (
        "Add the starter theme (htmx frontend): Landing, pricing and app shell pages that restyle every module's pages"
    )
    assert created.commits[-1].startswith("Add the auth module")
    config = load_config(created.path / "quickscale.yml")
    assert (config.theme, config.frontend_variant) == ("starter", "htmx")
    base = (created.path / "templates" / "base.html").read_text()
    assert "quickscale_auth/_nav.html" in base and "vendor/htmx-2.0.11/htmx.min.js" in base
    assert git(created.path, "status", "--porcelain") == ""


def test_create_refuses_an_unknown_theme_writing_nothing(upstream_seed, tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ThemeSelectionError, match="available themes: starter"):
        create_project("demo", None, tmp_path, repo=str(upstream_seed), theme="bulma")
    assert list(tmp_path.iterdir()) == []


def test_validate_reports_an_unknown_theme_against_its_line(tmp_path, upstream_seed):
    config = tmp_path / "quickscale.yml"
    config.write_text(
        f"schema_version: 2\nproject:\n  name: acme\ntheme: bulma\nquickscale:\n  repo: {upstream_seed}\n  ref: main\n"
    )
    with pytest.raises(ConfigError) as raised:
        load_config(config)
    assert raised.value.problems == (f"{config}:4:1: there is no theme named bulma; available themes: starter, todo.",)


# --- a theme that extends another (the todo theme over the starter) --------------------------------------


def test_a_theme_that_extends_another_gets_its_wiring_before_its_own(themes):
    theme, frontend = choose_theme(themes, "todo", None)
    assert theme.extends == "starter"
    assert frontend.base == themes["starter"].frontends["htmx"]
    assert [layer.folder.parent.name for layer in frontend.lineage] == ["starter", "todo"]
    wiring = theme_context(theme, frontend)
    assert wiring["installed_apps"] == ["django_htmx", "pages", "todo"]
    assert wiring["dependencies"] == ["django-htmx==1.29.0"]
    assert wiring["urls"] == ["pages.urls", "todo.urls"]


def test_the_todo_project_has_the_starter_files_and_the_todo_app_over_them(themes):
    themed = render_starter("acme", REPO, choose_theme(themes, "todo", None), ["auth"])
    starter = render_starter("acme", REPO, choose_theme(themes, "starter", None))
    # The starter's pages, styles and vendored libraries, once in the repository, reach the todo project.
    for path in ("static/vendor/htmx-2.0.11/htmx.min.js", "pages/views.py", "templates/allauth/elements/button.html"):
        assert themed[path] == starter[path]
    assert 'path("", include("pages.urls")),\n    path("", include("todo.urls")),' in themed["acme/urls.py"]
    assert '"pages", "pages.*", "todo", "todo.*"]' in themed["pyproject.toml"]
    # Its menu entry lands on the line above the nav anchor (the modules' entries go below it), indented like it.
    lines = themed["templates/base.html"].splitlines()
    anchor = next(index for index, line in enumerate(lines) if "quickscale anchor: nav" in line)
    assert lines[anchor - 1] == lines[anchor].replace(lines[anchor].lstrip(), '{% include "todo/_nav.html" %}')
    assert "todo:list" in themed["templates/todo/_nav.html"]


def test_theme_templates_follow_the_projects_modules(themes):
    todo = choose_theme(themes, "todo", None)
    alone = render_starter("acme", REPO, todo, ["auth"])
    teamed = render_starter("acme", REPO, todo, ["api", "auth", "teams"])
    assert "class Task(models.Model)" in alone["todo/models.py"] and "owner = " in alone["todo/models.py"]
    assert "class Task(TeamScopedModel)" in teamed["todo/models.py"]
    assert "todo:current" in teamed["templates/todo/_nav.html"]
    # A template that renders to nothing is a file the project does not get.
    assert "todo/api_routes.py" not in alone and "tests/test_todo_api.py" not in alone
    assert 'router.register("tasks"' in teamed["todo/api_routes.py"]


@pytest.fixture
def two_themes(tmp_path) -> Path:
    """A QuickScale tree holding copies of the starter and todo themes, to break."""
    for name in ("starter", "todo"):
        shutil.copytree(REPO / "quickscale_themes" / name, tmp_path / "quickscale_themes" / name)
    return tmp_path


def _edit_manifest(tree: Path, theme: str, old: str, new: str) -> None:
    manifest = tree / "quickscale_themes" / theme / "theme.toml"
    manifest.write_text(manifest.read_text().replace(old, new))


def test_extending_an_unknown_theme_or_frontend_or_in_a_circle_is_refused(two_themes):
    _edit_manifest(two_themes, "todo", 'extends = "starter"', 'extends = "bulma"')
    with pytest.raises(ThemeManifestError, match="The theme todo extends bulma, which is not a theme of this"):
        find_themes(two_themes)
    _edit_manifest(two_themes, "todo", 'extends = "bulma"', 'extends = "starter"')
    _edit_manifest(two_themes, "starter", "[frontends.htmx]", 'extends = "todo"\n[frontends.htmx]')
    with pytest.raises(ThemeManifestError, match=r"in a circle \(starter -> todo -> starter\)"):
        find_themes(two_themes)
    _edit_manifest(two_themes, "starter", 'extends = "todo"\n', "")
    _edit_manifest(two_themes, "todo", "[frontends.htmx]", "[frontends.vue]")
    with pytest.raises(ThemeManifestError, match="extends starter, which has no frontend named vue; available"):
        find_themes(two_themes)


def test_menu_entries_need_the_nav_anchor():
    page = "<nav>\n    {# quickscale anchor: nav (modules) #}\n</nav>\n"
    assert with_nav(page, []) == page
    assert with_nav(page, ["a.html"]).splitlines()[1] == '    {% include "a.html" %}'
    with pytest.raises(ThemeManifestError, match=r"has no line starting with .* for its menu entries"):
        with_nav("<nav></nav>\n", ["a.html"])


def test_a_theme_that_needs_a_module_refuses_a_project_without_it(upstream_seed, tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ThemeSelectionError, match=r"^The todo theme needs the auth module; add auth to --modules"):
        create_project("demo", None, tmp_path, repo=str(upstream_seed), theme="todo")
    assert list(tmp_path.iterdir()) == []


def test_a_module_that_pulls_in_the_needed_one_is_enough(upstream_seed, tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    created = create_project("demo", "teams", tmp_path, repo=str(upstream_seed), theme="todo")
    assert "auth" in load_config(created.path / "quickscale.yml").modules
    assert (created.path / "todo" / "models.py").is_file()


def test_the_module_a_projects_theme_needs_cannot_be_removed(upstream_seed, tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    created = create_project("demo", "auth", tmp_path, repo=str(upstream_seed), theme="todo")
    config = created.path / "quickscale.yml"
    config.write_text(config.read_text().replace("  auth: {}\n", ""))
    git(created.path, "commit", "-qam", "Drop auth")
    removal = r"^Cannot remove auth: the project's todo theme \(htmx frontend\) needs it; keep auth"
    with pytest.raises(ModuleRemovalError, match=removal):
        generate(created.path)
    assert (created.path / "todo").is_dir() and git(created.path, "status", "--porcelain") == ""
