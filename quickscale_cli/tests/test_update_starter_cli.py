"""`quickscale update-starter` as a user runs it (real git, two real QuickScale versions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.main import cli
from testsupport.git import git, snapshot
from testsupport.starterversions import NEW_COMMENT, OLD_COMMENT, SETTINGS, push_next_version


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def project(upstream, tmp_path, monkeypatch, isolated_git) -> Path:
    """`quickscale create acme` from a QuickScale repository whose branch next is a newer version."""
    push_next_version(upstream)
    monkeypatch.chdir(tmp_path)
    assert invoke("create", "acme", "--repo", str(upstream)).exit_code == 0
    monkeypatch.chdir(tmp_path / "acme")
    return tmp_path / "acme"


def edit_comment(project: Path) -> None:
    settings = project / SETTINGS
    settings.write_text(settings.read_text().replace(OLD_COMMENT, "# Our Redis, our rules."))
    git(project, "commit", "--quiet", "-am", "Our Redis comment")


def test_dry_run_lists_each_file_and_the_update_stops_on_the_conflict(project):
    edit_comment(project)
    before = snapshot(project)
    dry = invoke("update-starter", "--to", "next", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lines = dry.stdout.splitlines()
    assert any(line.split() == ["conflict", SETTINGS] for line in lines)
    assert any(line.split() == ["added", "SECURITY.md"] for line in lines)
    assert any(line.split() == ["deleted", "upstream", ".editorconfig"] for line in lines)
    assert any(line.split() == ["updated", "cleanly", "Dockerfile"] for line in lines)
    assert any(line.split() == ["unchanged", "upstream", "manage.py"] for line in lines)
    assert "Dry run: nothing was changed." in dry.stdout
    assert snapshot(project) == before

    result = invoke("update-starter", "--to", "next")
    assert result.exit_code == 1
    assert f"  {SETTINGS}" in result.stderr.splitlines()
    assert "git merge --abort" in result.stderr and "Traceback" not in result.output
    assert NEW_COMMENT in (project / SETTINGS).read_text()
    again = invoke("update-starter", "--to", "next")
    assert again.exit_code == 1 and len(again.stderr.splitlines()) == 1 and "git merge --abort" in again.stderr
    git(project, "merge", "--abort")
    assert (snapshot(project)[0], snapshot(project)[2]) == (before[0], before[2])


def test_an_update_prints_how_to_undo_it_and_a_second_run_is_up_to_date(project):
    result = invoke("update-starter", "--to", "next")
    assert result.exit_code == 0, result.output
    undo = next(line for line in result.stdout.splitlines() if line.startswith("Undo it: git revert -m 1 "))
    assert git(project, "rev-parse", "--short=12", "HEAD") in undo
    again = invoke("update-starter", "--to", "next")
    assert again.exit_code == 0 and again.stdout.startswith("The generated files are up to date")


def test_a_dirty_tree_is_refused_in_one_sentence(project):
    (project / SETTINGS).write_text("changed\n")
    result = invoke("update-starter", "--to", "next")
    assert result.exit_code == 1
    assert (
        result.stderr.startswith("Error: The working tree has uncommitted changes")
        and len(result.stderr.splitlines()) == 1
    )


def test_a_folder_that_is_not_a_repository_is_told_how_to_become_one(tmp_path, monkeypatch, isolated_git):
    monkeypatch.chdir(tmp_path)
    result = invoke("update-starter")
    assert result.exit_code == 2
    assert "git init && git add -A && git commit" in result.stderr and "quickscale embed-core" in result.stderr
