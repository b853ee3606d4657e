"""nav, context_processors, options, [[files]], [[blocks]] and requires, with the fake widgets module."""

from __future__ import annotations

import re

import pytest
import yaml

from quickscale_core.config import CONFIG_FILE
from quickscale_core.errors import BlockEditedError, ModuleRemovalError
from quickscale_core.project.generate import generate
from quickscale_core.project.preview import preview
from testsupport.git import commit_files, git, snapshot

from .conftest import project_tree, set_modules


@pytest.fixture
def bare(projects, fake_upstream_seed):
    """A project from the fake upstream with no modules."""
    return projects(upstream=fake_upstream_seed)


def test_adding_widgets_pulls_in_auth_and_fills_every_anchor(bare):
    set_modules(bare, {"widgets": {}})
    result = generate(bare)
    assert result.pulled_in == {"auth": ("widgets",)}
    assert result.commits[0].startswith("Add the auth module: ") and result.commits[0].endswith("(required by widgets)")
    assert result.commits[1] == "Add the widgets module: Widgets for the test suite"
    assert list(yaml.safe_load((bare / CONFIG_FILE).read_text())["modules"]) == ["widgets", "auth"]
    settings = (bare / "acme" / "settings" / "base.py").read_text()
    assert settings.index("auth module, settings") < settings.index("widgets module, settings")
    assert (
        'TEMPLATES[0]["OPTIONS"]["context_processors"] += [\n    "quickscale_modules.widgets.context_processors'
        in settings
    )
    assert 'QUICKSCALE_WIDGETS_COLOUR = "blue"' in settings  # the option's default
    assert '{% include "quickscale_widgets/_nav.html" %}' in (bare / "templates" / "base.html").read_text()
    compose = yaml.safe_load((bare / "docker-compose.yml").read_text())
    assert compose["services"]["widgets"] == {"image": "busybox", "command": ["true"]}
    assert "WIDGETS_READY = True" in (bare / "acme" / "__init__.py").read_text()
    assert 'COLOUR = "blue"' in (bare / "acme" / "widgets.py").read_text()
    assert git(bare, "status", "--porcelain") == ""


def test_pulling_in_a_module_keeps_the_users_comments_in_quickscale_yml(bare):
    path = bare / CONFIG_FILE
    mine = path.read_text().replace("modules: {}\n", "# Widgets first, ticket 42.\nmodules:\n  widgets: {}  # blue\n")
    assert "widgets: {}  # blue" in mine
    path.write_text(mine)
    generate(bare)
    assert path.read_text() == mine.replace("  widgets: {}  # blue\n", "  widgets: {}  # blue\n  auth: {}\n")
    assert git(bare, "status", "--porcelain") == ""


def test_a_changed_option_updates_the_blocks_and_files_that_use_it(bare):
    set_modules(bare, {"auth": {}, "widgets": {}})
    generate(bare)
    set_modules(bare, {"auth": {}, "widgets": {"colour": "green"}})
    result = generate(bare)
    assert result.commits == ("Update the widgets module: acme/settings/base.py, acme/widgets.py",)
    assert 'COLOUR = "green"' in (bare / "acme" / "widgets.py").read_text()


def test_removing_a_module_another_one_requires_is_refused_with_the_names(bare):
    set_modules(bare, {"auth": {}, "widgets": {}})
    generate(bare)
    set_modules(bare, {"widgets": {}})
    before = snapshot(bare)
    with pytest.raises(ModuleRemovalError, match=r"Cannot remove the auth module: widgets requires it"):
        generate(bare)
    assert snapshot(bare) == before


def test_removing_both_gives_back_the_original_tree_and_deletes_the_modules_file(bare):
    original = project_tree(bare)
    set_modules(bare, {"widgets": {}})
    generate(bare)
    set_modules(bare, {})
    assert generate(bare, keep_data=True).commits == ("Remove the widgets module", "Remove the auth module")
    assert not (bare / "acme" / "widgets.py").exists()
    assert project_tree(bare) == original


def test_lines_added_to_a_modules_file_stop_its_removal(bare):
    set_modules(bare, {"auth": {}, "widgets": {}})
    generate(bare)
    text = (bare / "acme" / "widgets.py").read_text() + "MINE = 1\n"
    commit_files(bare, {"acme/widgets.py": text}, "My line")
    set_modules(bare, {"auth": {}})
    with pytest.raises(BlockEditedError) as raised:
        generate(bare)
    assert raised.value.edits == (
        ("acme/widgets.py", "widgets module, file: the file has lines outside the block: move them elsewhere"),
    )


def test_preview_writes_nothing_and_shows_the_diff_and_the_pulled_in_module(bare):
    set_modules(bare, {"widgets": {}})
    before = snapshot(bare)
    result = preview(bare)
    assert snapshot(bare) == before
    assert result.added == ("acme/widgets.py", "tests/test_auth_admin_login.py")  # widgets, and auth pulled in
    assert "quickscale.yml" in result.changed and "acme/settings/base.py" in result.changed
    assert result.pulled_in == {"auth": ("widgets",)}
    assert [c.split(":")[0] for c in result.commits] == ["Add the auth module", "Add the widgets module"]
    diff = next(d for d in result.diffs if d.startswith("--- a/templates/base.html"))
    assert re.search(r'^\+ +\{% include "quickscale_widgets/_nav\.html" %\}$', diff, flags=re.MULTILINE)


def test_preview_of_a_project_in_step_says_there_is_nothing_to_do(bare):
    before = snapshot(bare)
    assert preview(bare).nothing_to_do
    assert snapshot(bare) == before


def test_preview_in_a_folder_with_only_the_config_writes_nothing(tmp_path, fake_upstream_seed):
    from quickscale_core.config.load import dump_config

    from .conftest import config_for

    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / CONFIG_FILE).write_text(dump_config(config_for(fake_upstream_seed, {"gadgets": {}})))
    result = preview(folder)
    assert [p.name for p in folder.iterdir()] == [CONFIG_FILE]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]
    assert "manage.py" in result.added and "acme/settings/base.py" in result.added
    assert result.commits[-1] == "Add the gadgets module: Gadgets for the test suite"
    assert result.embedded.startswith("quickscale/ (")


def test_a_module_is_checked_against_the_embedded_cores_version_not_the_running_one(bare):
    """The project runs on its embedded quickscale-core: a module made for that version is accepted."""
    core_init = "quickscale/quickscale_core/src/quickscale_core/__init__.py"
    gadgets = "quickscale/quickscale_modules/gadgets/module.toml"
    newer = {
        core_init: (bare / core_init).read_text().replace('__version__ = "0.56.0"', '__version__ = "0.57.0"'),
        gadgets: (bare / gadgets).read_text().replace('core = ">=0.56,<0.57"', 'core = ">=0.57,<0.58"'),
    }
    assert all(newer[path] != (bare / path).read_text() for path in newer)
    commit_files(bare, newer, "Update the embedded copy to 0.57")
    set_modules(bare, {"gadgets": {}})
    assert generate(bare).commits == ("Add the gadgets module: Gadgets for the test suite",)
