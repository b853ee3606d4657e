"""Pure planning and rendering: module order, requires, settings warnings, determinism, app labels."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quickscale_core.errors import ModuleManifestError, ModuleRemovalError, ModuleSelectionError
from quickscale_core.modules.catalog import find_modules
from quickscale_core.project.data import app_label, has_migrations
from quickscale_core.project.plan import plan_changes, wanted_modules
from quickscale_core.project.render import assigned_settings, module_blocks, render_project, render_starter
from testsupport.git import REPO_ROOT

from .conftest import FAKE_MODULES, config_for


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A QuickScale tree: this checkout's auth module and starter templates, plus the fake modules."""
    root = tmp_path_factory.mktemp("tree")
    for name, text in FAKE_MODULES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    auth = root / "quickscale_modules" / "auth"
    auth.mkdir(parents=True)
    (auth / "module.toml").write_text((REPO_ROOT / "quickscale_modules" / "auth" / "module.toml").read_text())
    shutil.copytree(REPO_ROOT / "quickscale_modules" / "auth" / "project", auth / "project")  # its [[files]]
    return root


@pytest.fixture(scope="module")
def catalog(tree):
    return find_modules(tree)


def test_wanted_modules_pull_in_what_they_require(catalog):
    wanted, pulled_in = wanted_modules({"widgets": {}}, catalog, set())
    assert set(wanted) == {"widgets", "auth"} and pulled_in == {"auth": ("widgets",)}


def test_removing_a_required_installed_module_is_refused(catalog):
    with pytest.raises(ModuleRemovalError, match="Cannot remove the auth module: widgets requires it"):
        wanted_modules({"widgets": {}}, catalog, {"auth", "widgets"})


def test_an_unknown_module_lists_the_available_ones(catalog):
    with pytest.raises(ModuleSelectionError, match="available modules: auth, gadgets, widgets"):
        wanted_modules({"nope": {}}, catalog, set())


def test_render_is_deterministic_and_independent_of_the_order_modules_are_listed(tree, catalog):
    one = render_project(config_for(tree, {"widgets": {}, "auth": {}, "gadgets": {}}), tree, catalog)
    other = render_project(config_for(tree, {"gadgets": {}, "auth": {}, "widgets": {}}), tree, catalog)
    assert one == other
    settings = one["acme/settings/base.py"]
    assert settings.index("auth module, settings") < settings.index("gadgets module, settings")
    assert settings.index("gadgets module, settings") < settings.index("widgets module, settings")
    compile(settings, "base.py", "exec")


def test_adding_then_removing_every_module_gives_the_starter_back(tree, catalog):
    starter = render_starter("acme", tree)
    wanted = {"auth": {}, "gadgets": {}, "widgets": {}}
    added = dict(starter)
    for step in plan_changes(starter, wanted, catalog, "acme", "quickscale").steps:
        added.update(step.changes)
    plan = plan_changes(added, {}, catalog, "acme", "quickscale")
    assert [(s.action, s.module) for s in plan.steps] == [
        ("remove", "widgets"),
        ("remove", "gadgets"),
        ("remove", "auth"),
    ]
    removed = dict(added)
    for step in plan.steps:
        for path, text in step.changes.items():
            if text is None:
                del removed[path]
            else:
                removed[path] = text
    assert removed == starter


def test_a_setting_assigned_above_the_blocks_gets_a_warning(tree, catalog):
    starter = render_starter("acme", tree)
    base = "acme/settings/base.py"
    starter[base] = starter[base].replace(
        'ROOT_URLCONF = "acme.urls"', 'ROOT_URLCONF = "acme.urls"\nLOGIN_URL = "/in/"'
    )
    plan = plan_changes(starter, {"auth": {}}, catalog, "acme", "quickscale")
    assert plan.warnings == (
        "acme/settings/base.py sets LOGIN_URL above the auth module's block, which overrides it; move your line "
        "below the module blocks to keep your value.",
    )


def test_options_fill_the_settings_template_with_defaults_and_given_values(catalog):
    def colour(options):
        [settings] = [b for b in module_blocks(catalog["widgets"], options, "acme", "qs") if b.anchor == "settings"]
        return settings.body

    assert 'QUICKSCALE_WIDGETS_COLOUR = "blue"' in colour({})
    assert 'QUICKSCALE_WIDGETS_COLOUR = "green"' in colour({"colour": "green"})


def test_a_block_for_a_file_the_project_lacks_is_a_manifest_error(tree, catalog):
    starter = render_starter("acme", tree)
    del starter["docker-compose.yml"]
    with pytest.raises(ModuleManifestError, match=r"adds a block to docker-compose\.yml"):
        plan_changes(starter, {"auth": {}, "widgets": {}}, catalog, "acme", "quickscale")


def test_assigned_settings_lists_plain_assignments_only():
    text = 'INSTALLED_APPS += ["x"]\nLOGIN_URL = "a"\nX: int = 1\nlower = 2\nif True:\n    NESTED = 1\n'
    assert assigned_settings(text) == ["LOGIN_URL", "X"]
    assert assigned_settings("not python (") == []


@pytest.mark.parametrize(
    ("app", "label"),
    [
        ("quickscale_modules.auth", "quickscale_auth"),
        ("allauth.account", "account"),
        ("allauth", "allauth"),
        ("billing.apps.BillingConfig", "billing"),
    ],
)
def test_app_labels(app, label):
    assert app_label(app) == label


def test_only_apps_with_migrations_get_a_migrate_zero_command(tmp_path):
    site = tmp_path / ".venv" / "lib" / "python3.11" / "site-packages"
    (site / "allauth" / "account" / "migrations").mkdir(parents=True)
    (tmp_path / "qs" / "quickscale_modules" / "auth" / "src" / "quickscale_modules" / "auth").mkdir(parents=True)
    assert has_migrations(tmp_path, "qs", "allauth.account")
    assert not has_migrations(tmp_path, "qs", "allauth")
    assert not has_migrations(tmp_path, "qs", "quickscale_modules.auth")  # the embedded copy has no migrations/
    assert has_migrations(tmp_path / "elsewhere", "qs", "allauth")  # no .venv: cannot tell, so keep the command
