"""quickscale generate on real generated projects (real git, a real bare QuickScale repository)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from quickscale_core.config import CONFIG_FILE
from quickscale_core.config.load import dump_config
from quickscale_core.errors import (
    BlockEditedError,
    ConfigError,
    DirtyWorkingTreeError,
    ModuleRemovalError,
    ProjectLayoutError,
)
from quickscale_core.project.generate import generate
from quickscale_core.utils import apply_changes
from testsupport.git import commit_files, git, snapshot

from .conftest import config_for, new_project, project_tree, set_modules


def subjects(project: Path) -> list[str]:
    return git(project, "log", "--first-parent", "--reverse", "--format=%s").splitlines()


def commit_config(project: Path) -> None:
    git(project, "commit", "--quiet", "-am", "Change quickscale.yml")


def test_generate_in_a_folder_with_only_the_config_creates_the_project(tmp_path, upstream_seed):
    project = new_project(tmp_path / "acme", upstream_seed, {"auth": {}})
    assert subjects(project) == [
        "Generate acme with quickscale 0.56.0",
        "Embed the QuickScale repository (main) under quickscale/ with git subtree",
        "Wire the embedded QuickScale core (quickscale/) into pyproject.toml",
        "Add the auth module: " + subjects(project)[3].removeprefix("Add the auth module: "),
    ]
    assert git(project, "status", "--porcelain") == ""
    assert (project / "quickscale" / "quickscale_modules" / "auth" / "module.toml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme"]  # no staging folder left beside it


def test_running_generate_twice_changes_nothing_and_says_so(projects):
    project = projects("auth")
    before = snapshot(project)
    assert generate(project).nothing_to_do
    assert snapshot(project) == before


def test_add_then_remove_auth_gives_back_the_original_tree(projects):
    project = projects()
    original = project_tree(project)
    set_modules(project, {"auth": {}})
    added = generate(project)
    assert added.commits == (subjects(project)[-1],) and added.commits[0].startswith("Add the auth module: ")
    assert '"allauth.account",' in (project / "acme" / "settings" / "base.py").read_text()
    set_modules(project, {})
    removed = generate(project)
    assert removed.commits == ("Remove the auth module",)
    assert removed.removals[0].commands()[-1] == "python manage.py migrate quickscale_auth zero"
    assert project_tree(project) == original
    assert git(project, "status", "--porcelain") == ""


def test_payments_added_beside_billing_and_removed_through_quickscale_yml_leaves_billing_as_it_was(projects):
    project = projects("auth", "billing")
    with_billing = project_tree(project)
    set_modules(project, {"auth": {}, "billing": {}, "payments": {}})
    assert generate(project, keep_data=True).commits[0].startswith("Add the payments module: ")
    assert '"quickscale_modules.payments",' in (project / "acme" / "settings" / "base.py").read_text()
    assert (
        'path("payments/", include("quickscale_modules.payments.urls"))' in (project / "acme" / "urls.py").read_text()
    )
    set_modules(project, {"auth": {}, "billing": {}})
    assert generate(project, keep_data=True).commits == ("Remove the payments module",)
    assert project_tree(project) == with_billing
    assert git(project, "status", "--porcelain") == ""


def test_payments_alone_brings_the_modules_it_requires(tmp_path, upstream_seed):
    project = new_project(tmp_path / "acme", upstream_seed, {"payments": {}})
    added = [s.split(":")[0] for s in subjects(project) if s.startswith("Add the ")]
    assert added == ["Add the auth module", "Add the billing module", "Add the payments module"]


def test_add_then_remove_blog_and_forms_gives_back_the_original_tree(projects):
    """The content modules wire in and come out through quickscale.yml like the others, each with its own commit."""
    project = projects()
    original = project_tree(project)
    set_modules(project, {"blog": {}, "forms": {}})
    added = generate(project)
    assert [commit.split(":")[0] for commit in added.commits] == ["Add the blog module", "Add the forms module"]
    settings = (project / "acme" / "settings" / "base.py").read_text()
    assert '"quickscale_modules.blog",' in settings and '"quickscale_modules.forms",' in settings
    urls = (project / "acme" / "urls.py").read_text()
    assert 'path("blog/", include("quickscale_modules.blog.urls"))' in urls
    assert 'path("forms/", include("quickscale_modules.forms.urls"))' in urls
    assert '{% include "quickscale_blog/_nav.html" %}' in (project / "templates" / "base.html").read_text()
    set_modules(project, {})
    removed = generate(project)
    assert removed.commits == ("Remove the forms module", "Remove the blog module")
    assert project_tree(project) == original
    assert git(project, "status", "--porcelain") == ""


def test_a_changed_manifest_in_the_embedded_copy_replaces_the_block(projects):
    project = projects("auth")
    manifest = project / "quickscale" / "quickscale_modules" / "auth" / "module.toml"
    text = manifest.read_text().replace('LOGIN_URL = "account_login"', 'LOGIN_URL = "/signin/"')
    commit_files(project, {"quickscale/quickscale_modules/auth/module.toml": text}, "Auth: new login URL")
    result = generate(project)
    assert result.commits == ("Update the auth module: acme/settings/base.py",)
    settings = (project / "acme" / "settings" / "base.py").read_text()
    assert 'LOGIN_URL = "/signin/"' in settings and 'LOGIN_URL = "account_login"' not in settings
    assert settings.count(">>> quickscale: auth module, settings") == 1
    assert generate(project).nothing_to_do


def test_an_edit_inside_a_block_stops_generate_with_everything_untouched(projects):
    project = projects("auth")
    settings = project / "acme" / "settings" / "base.py"
    edited = settings.read_text().replace('VERIFICATION = "mandatory"', 'VERIFICATION = "none"')
    commit_files(project, {"acme/settings/base.py": edited}, "My verification setting")
    set_modules(project, {})
    before = snapshot(project)
    with pytest.raises(BlockEditedError) as raised:
        generate(project)
    assert raised.value.edits == (("acme/settings/base.py", "auth module, settings: edited inside the block"),)
    assert "never overwrites your lines" in str(raised.value)
    assert snapshot(project) == before


def test_taking_ours_deleting_the_edited_block_lets_generate_write_it_again(projects):
    project = projects("auth")
    settings = project / "acme" / "settings" / "base.py"
    pristine = settings.read_text()
    start = pristine.index("# >>> quickscale: auth module, settings")
    end = pristine.index("# <<< quickscale: auth module, settings\n") + len("# <<< quickscale: auth module, settings\n")
    commit_files(project, {"acme/settings/base.py": pristine[:start] + pristine[end:]}, "Take ours")
    assert generate(project).commits == ("Update the auth module: acme/settings/base.py",)
    assert settings.read_text() == pristine


def test_generate_refuses_a_dirty_tree_but_not_an_edited_config(projects):
    project = projects()
    (project / "README.md").write_text("mine\n")
    set_modules(project, {"auth": {}})
    with pytest.raises(DirtyWorkingTreeError, match=r"uncommitted changes \(README\.md\)"):
        generate(project)
    assert (project / "README.md").read_text() == "mine\n"


def test_an_unknown_module_lists_the_available_ones(projects):
    project = projects()
    set_modules(project, {"nope": {}})
    with pytest.raises(
        ConfigError,
        match=r"quickscale\.yml:\d+:\d+: there is no module named nope; available modules: (\w+, )*auth(, \w+)*\.",
    ):
        generate(project)


def test_a_folder_with_other_files_but_no_project_is_refused(tmp_path, upstream_seed):
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / CONFIG_FILE).write_text(dump_config(config_for(upstream_seed, {})))
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(ProjectLayoutError, match="holds other files but no generated project"):
        generate(folder)
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt", CONFIG_FILE]


def test_a_failure_half_way_puts_the_repository_back(projects, monkeypatch):
    project = projects()
    set_modules(project, {"auth": {}})
    before = snapshot(project)
    config = (project / CONFIG_FILE).read_text()
    calls = []

    def commit_then_fail(root, changes):
        """Writes the first step's files, then fails like a full disk; later calls (the roll-back) work."""
        calls.append(changes)
        apply_changes(root, changes)
        if len(calls) == 1:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr("quickscale_core.project.generate.apply_changes", commit_then_fail)
    with pytest.raises(OSError):
        generate(project)
    monkeypatch.undo()
    assert calls  # it did write before failing
    assert snapshot(project) == before
    assert (project / CONFIG_FILE).read_text() == config


def _applied_migrations(project: Path, *apps: str) -> None:
    with sqlite3.connect(project / "db.sqlite3") as connection:
        connection.execute("CREATE TABLE django_migrations (id integer primary key, app text, name text, applied text)")
        connection.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, '0001_initial', '')", [(a,) for a in apps]
        )


def test_removal_is_refused_while_the_modules_migrations_are_applied_locally(projects, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    project = projects("auth")
    _applied_migrations(project, "users", "account")  # db.sqlite3 is in the starter's .gitignore
    set_modules(project, {})
    before = snapshot(project)
    with pytest.raises(
        ModuleRemovalError,
        match=r"applied to the local database \(account\); run python manage\.py "
        r"migrate account zero before removing it, or rerun generate with --keep-data",
    ):
        generate(project)
    assert snapshot(project) == before
    assert generate(project, keep_data=True).commits == ("Remove the auth module",)


def test_removal_needs_keep_data_when_the_database_is_unknown(projects, monkeypatch):
    project = projects("auth")
    monkeypatch.setenv("DATABASE_URL", "postgres://somewhere/acme")
    set_modules(project, {})
    with pytest.raises(ModuleRemovalError, match="Cannot tell whether the tables of the auth module"):
        generate(project)
    assert generate(project, keep_data=True).commits == ("Remove the auth module",)


def test_removal_without_applied_migrations_goes_ahead(projects, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    project = projects("auth")
    _applied_migrations(project, "users", "contenttypes")
    set_modules(project, {})
    assert generate(project).commits == ("Remove the auth module",)
