"""quickscale update-starter on real generated projects, real git and two real QuickScale versions.

The second version is a commit on the branch `next` of a private copy of the test QuickScale repository:
a settings comment changed, the Dockerfile changed, SECURITY.md added, .editorconfig deleted.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from quickscale_core.config import CONFIG_FILE
from quickscale_core.config.load import dump_config
from quickscale_core.errors import DirtyWorkingTreeError, MergeInProgressError, StarterConflictError
from quickscale_core.project import update
from quickscale_core.project.update import update_starter
from quickscale_core.sharing import embed_core, update_core
from quickscale_core.sharing.record import read_record
from testsupport.git import client_project, git, snapshot
from testsupport.starterversions import NEW_COMMENT, NEW_DOCKER, OLD_COMMENT, SETTINGS, push_next_version

from .conftest import config_for, project_tree


@pytest.fixture
def versions(upstream) -> Path:
    """A private QuickScale repository: main is this checkout (the first version), next the second."""
    push_next_version(upstream)
    return upstream


def follow(project: Path, upstream: Path) -> None:
    """Point quickscale.yml at `upstream` (the user's own QuickScale fork) and commit it."""
    path = project / CONFIG_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["quickscale"]["repo"] = str(upstream)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    git(project, "commit", "--quiet", "-am", "Follow our QuickScale fork")


def edit(project: Path, path: str, old: str, new: str, message: str = "My change") -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(project, "commit", "--quiet", "-am", message)


def statuses(result) -> dict[str, str]:
    return {item.path: item.status for item in result.files if item.status != update.UNCHANGED}


THEME_404 = "quickscale_themes/starter/src/quickscale_themes/starter/common/templates/404.html"
EXPECTED = {
    SETTINGS: update.UPDATED,
    "Dockerfile": update.UPDATED,
    "SECURITY.md": update.ADDED,
    ".editorconfig": update.DELETED,
}


@pytest.fixture
def project(projects, versions) -> Path:
    made = projects()
    follow(made, versions)
    return made


def test_an_untouched_project_becomes_exactly_the_second_render(project, versions, tmp_path):
    result = update_starter(project, to="next")
    assert statuses(result) == EXPECTED and not result.conflicts
    assert git(project, "status", "--porcelain") == ""
    fresh = tmp_path / "fresh" / "acme"
    fresh.mkdir(parents=True)
    config = (project / CONFIG_FILE).read_text(encoding="utf-8")
    (fresh / CONFIG_FILE).write_text(config.replace("ref: main", "ref: next"), encoding="utf-8")
    new_project_from(fresh)
    expected = project_tree(fresh)
    # The one difference: the fresh project's [tool.quickscale] record names the fork and its next branch.
    recorded = read_record((project / "pyproject.toml").read_text(encoding="utf-8"))
    pyproject = expected["pyproject.toml"].replace(b'ref = "next"', f'ref = "{recorded.ref}"'.encode())
    expected["pyproject.toml"] = pyproject.replace(f'"{versions}"'.encode(), f'"{recorded.repo}"'.encode())
    assert project_tree(project) == expected
    assert not (project / ".editorconfig").exists()
    assert b"not a public issue" in (project / "SECURITY.md").read_bytes()
    log = git(project, "log", "--first-parent", "-2", "--format=%s").splitlines()
    assert log[0].startswith("Update the starter from QuickScale") and log[1].startswith("Record QuickScale")


def new_project_from(folder: Path) -> None:
    from quickscale_core.project.generate import generate

    generate(folder)


def test_edits_on_other_lines_are_merged_with_the_update(project):
    edit(project, SETTINGS, "DEBUG = False", "DEBUG = False  # never True in production (ours)")
    edit(project, "Dockerfile", "WORKDIR /app", "WORKDIR /app\n# our own line")
    result = update_starter(project, to="next")
    assert statuses(result) == EXPECTED
    settings = (project / SETTINGS).read_text(encoding="utf-8")
    assert NEW_COMMENT in settings and "never True in production (ours)" in settings
    dockerfile = (project / "Dockerfile").read_text(encoding="utf-8")
    assert NEW_DOCKER in dockerfile and "# our own line" in dockerfile
    assert git(project, "status", "--porcelain") == ""


def test_an_edit_on_the_same_line_conflicts_and_merge_abort_restores_every_byte(project):
    edit(project, SETTINGS, OLD_COMMENT, "# Our Redis, our rules.")
    before = snapshot(project)
    with pytest.raises(StarterConflictError) as raised:
        update_starter(project, to="next")
    assert raised.value.update.conflicts == (SETTINGS,)
    assert statuses(raised.value.update)[SETTINGS] == update.CONFLICT
    settings = (project / SETTINGS).read_text(encoding="utf-8")
    assert "<<<<<<<" in settings and "# Our Redis, our rules." in settings and NEW_COMMENT in settings
    with pytest.raises(MergeInProgressError, match="git merge --abort"):
        update_starter(project, to="next")
    git(project, "merge", "--abort")
    after = snapshot(project)
    assert (after[0], after[2]) == (before[0], before[2])  # status and every file's bytes
    with pytest.raises(StarterConflictError) as again:  # trying again after the abort: the same update
        update_starter(project, to="next")
    assert statuses(again.value.update) == {**EXPECTED, SETTINGS: update.CONFLICT}
    assert again.value.update.old_commit == raised.value.update.old_commit != again.value.update.new_commit


def test_a_file_the_user_deleted_is_reported_not_resurrected(project):
    git(project, "rm", "--quiet", "Dockerfile")
    git(project, "commit", "--quiet", "-m", "We deploy without Docker")
    result = update_starter(project, to="next")
    assert statuses(result)["Dockerfile"] == update.KEPT_DELETED
    assert not (project / "Dockerfile").exists()
    assert git(project, "status", "--porcelain") == ""


def test_a_deleted_upstream_file_the_user_changed_is_kept_and_reported(project):
    edit(project, ".editorconfig", "indent_size = 4", "indent_size = 8")
    result = update_starter(project, to="next")
    assert statuses(result)[".editorconfig"] == update.KEPT_CHANGED
    assert "indent_size = 8" in (project / ".editorconfig").read_text(encoding="utf-8")


def test_dry_run_lists_every_file_and_writes_nothing(project):
    edit(project, SETTINGS, OLD_COMMENT, "# Our Redis, our rules.")
    before = snapshot(project), git(project, "for-each-ref")
    result = update_starter(project, to="next", dry_run=True)
    assert statuses(result) == {**EXPECTED, SETTINGS: update.CONFLICT}
    assert result.conflicts == (SETTINGS,)
    assert {item.path for item in result.files} >= {"manage.py", "README.md", SETTINGS}
    assert (snapshot(project), git(project, "for-each-ref")) == before


def test_a_second_update_is_up_to_date_and_the_merge_can_be_reverted(project):
    original = project_tree(project)
    result = update_starter(project, to="next")
    assert update_starter(project, to="next").up_to_date
    git(project, "revert", "--no-edit", "-m", "1", result.merge_commit)
    assert project_tree(project) == original


def test_a_dirty_tree_is_refused(project):
    (project / SETTINGS).write_text("changed\n", encoding="utf-8")
    with pytest.raises(DirtyWorkingTreeError, match="uncommitted changes"):
        update_starter(project, to="next")


def test_an_init_project_updates_once_it_is_a_repository_and_after_update_core_without_to(tmp_path, versions):
    made = client_project(tmp_path, "acme")  # quickscale init acme, then git init, add, commit
    embed_core(made, str(versions), "main")
    assert update_starter(made).up_to_date  # the embedded copy is the version init rendered
    edit(made, SETTINGS, "DEBUG = False", "DEBUG = False  # ours")
    update_core(made, ref="next")
    result = update_starter(made)  # to the embedded copy's version: next
    assert statuses(result) == EXPECTED
    settings = (made / SETTINGS).read_text(encoding="utf-8")
    assert NEW_COMMENT in settings and "DEBUG = False  # ours" in settings
    assert (made / "SECURITY.md").is_file() and not (made / ".editorconfig").exists()


def test_a_file_of_the_users_own_where_quickscale_adds_one_is_kept_byte_for_byte(project):
    (project / "SECURITY.md").write_text("Our own policy.\n", encoding="utf-8")
    (project / "notes.txt").write_text("not QuickScale's\n", encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "Our files")
    result = update_starter(project, to="next")
    assert statuses(result) == {**EXPECTED, "SECURITY.md": update.KEPT_OWN}
    assert (project / "SECURITY.md").read_text(encoding="utf-8") == "Our own policy.\n"
    assert (project / "notes.txt").read_text(encoding="utf-8") == "not QuickScale's\n"
    assert git(project, "status", "--porcelain") == ""


def test_a_themed_project_gets_the_update_and_keeps_its_theme(versions, tmp_path):
    def themed(folder: Path, ref: str) -> Path:
        folder.mkdir(parents=True)
        config = replace(config_for(versions, {}), theme="starter")
        config = replace(config, source=replace(config.source, ref=ref))
        (folder / CONFIG_FILE).write_text(dump_config(config), encoding="utf-8")
        new_project_from(folder)
        return folder

    made = themed(tmp_path / "made" / "acme", "main")
    assert update_starter(made, to="main").up_to_date  # the theme's files are part of the pristine render
    # The next version also changes a page of the theme.
    clone = tmp_path / "next-theme"
    git(tmp_path, "clone", "--quiet", "--branch", "next", str(versions), str(clone))
    page = clone / THEME_404
    page.write_text(page.read_text(encoding="utf-8").replace("Page not found", "Nothing here"), encoding="utf-8")
    git(clone, "commit", "--quiet", "-am", "Theme: a friendlier 404 title")
    git(clone, "push", "--quiet", "origin", "HEAD:next")
    result = update_starter(made, to="next")
    assert statuses(result) == {**EXPECTED, "templates/404.html": update.UPDATED} and not result.conflicts
    assert "Nothing here" in (made / "templates" / "404.html").read_text(encoding="utf-8")
    expected = project_tree(themed(tmp_path / "fresh" / "acme", "next"))
    expected["pyproject.toml"] = expected["pyproject.toml"].replace(b'ref = "next"', b'ref = "main"')
    assert project_tree(made) == expected
    assert any(path.startswith("templates/") for path in expected)  # the theme's templates are there
