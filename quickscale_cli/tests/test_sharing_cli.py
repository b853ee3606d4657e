"""embed-core, update-core and sync-push as a user runs them: real git, CliRunner, the project as cwd."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quickscale_cli.commands.embed_core import install_steps
from quickscale_cli.main import cli
from testsupport.git import client_project, commit_files, git, push_upstream_change
from testsupport.git import snapshot as repo_snapshot

NAMES = "quickscale_core/src/quickscale_core/utils/names.py"


@pytest.fixture
def client(tmp_path, monkeypatch, isolated_git) -> Path:
    project = client_project(tmp_path)
    monkeypatch.chdir(project)
    return project


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def embed(upstream: Path):
    result = invoke("embed-core", "--repo", str(upstream))
    assert result.exit_code == 0, result.output
    return result


def one_sentence_error(result, exit_code: int) -> str:
    assert result.exit_code == exit_code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and lines[0].endswith("."), result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("embed-core", "quickscale embed-core --repo"),
        ("update-core", "quickscale update-core --dry-run"),
        ("sync-push", "quickscale sync-push --branch"),
    ],
)
def test_help_has_an_example(command, example):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example:" in result.stdout and example in result.stdout


def test_embed_core_reports_what_it_did_and_the_next_steps(client, upstream, monkeypatch):
    monkeypatch.setattr("shutil.which", lambda tool: None)
    result = embed(upstream)
    short = git(upstream, "rev-parse", "--short=7", "main")
    assert result.stdout.splitlines()[0] == f"Embedded {upstream} (main, commit {short}) under quickscale/"
    assert "  pip install -e quickscale/quickscale_core -e ." in result.stdout.splitlines()
    assert (client / "quickscale" / "quickscale_core" / "pyproject.toml").is_file()


def test_install_steps_prefer_uv():
    assert install_steps("vendor/qs", uv_available=True)[0] == "uv sync"
    assert install_steps("vendor/qs", uv_available=False)[0] == "pip install -e vendor/qs/quickscale_core -e ."


def test_embed_core_dry_run_prints_the_command_and_changes_nothing(client, upstream):
    before = repo_snapshot(client)
    result = invoke("embed-core", "--repo", str(upstream), "--dry-run")
    assert result.exit_code == 0, result.output
    message = "'Embed the QuickScale repository (main) under quickscale/ with git subtree'"
    lines = result.stdout.splitlines()
    assert f"  git fetch --no-tags --end-of-options {upstream} main" in lines
    assert f"  git subtree add --prefix=quickscale --squash -m {message} -- FETCH_HEAD" in lines
    assert result.stdout.endswith("Dry run: nothing was changed.\n")
    assert repo_snapshot(client) == before


def test_update_core_lists_incoming_files_then_applies_them(client, upstream):
    embed(upstream)
    text = (client / "quickscale" / NAMES).read_text(encoding="utf-8").replace('"""', '"""Fixed. ', 1)
    push_upstream_change(upstream, {NAMES: text}, "Fix: names")
    before = repo_snapshot(client)

    preview = invoke("update-core", "--dry-run")
    assert preview.exit_code == 0, preview.output
    assert f"  M quickscale/{NAMES}" in preview.stdout.splitlines()
    assert "Fix: names" in preview.stdout
    assert "Dry run: nothing was changed." in preview.stdout
    assert repo_snapshot(client) == before

    applied = invoke("update-core")
    assert applied.exit_code == 0, applied.output
    assert "Updated quickscale/ to main" in applied.stdout
    assert (client / "quickscale" / NAMES).read_text(encoding="utf-8") == text

    again = invoke("update-core")
    assert again.exit_code == 0 and "already up to date" in again.stdout


def test_update_core_conflict_exits_1_lists_the_file_and_both_ways_out(client, upstream):
    embed(upstream)
    original = (client / "quickscale" / NAMES).read_text(encoding="utf-8")
    commit_files(client, {f"quickscale/{NAMES}": original.replace('"""', '"""Local. ', 1)}, "Local")
    push_upstream_change(upstream, {NAMES: original.replace('"""', '"""Upstream. ', 1)}, "Upstream")
    before = repo_snapshot(client)

    result = invoke("update-core")
    assert result.exit_code == 1
    assert f"  M quickscale/{NAMES}   (also changed in this project)" in result.stdout.splitlines()
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: The update conflicts with local changes in 1 file(s)")
    assert f"  quickscale/{NAMES}" in lines
    assert any("git commit" in line for line in lines[1:]) and any("git merge --abort" in line for line in lines[1:])
    assert "Traceback" not in result.output
    git(client, "merge", "--abort")
    assert repo_snapshot(client) == before


def test_dirty_tree_is_one_sentence_exit_1(client, upstream):
    (client / "README.md").write_text("edited\n")
    before = repo_snapshot(client)
    for args in (["embed-core", "--repo", str(upstream)], ["update-core"], ["sync-push", "--branch", "x"]):
        assert "uncommitted changes (README.md)" in one_sentence_error(invoke(*args), exit_code=1)
    assert repo_snapshot(client) == before


def test_outside_a_repository_is_one_sentence_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for args in (["embed-core", "--repo", "x"], ["update-core", "--dry-run"], ["sync-push", "--branch", "x"]):
        assert "is not inside a git repository" in one_sentence_error(invoke(*args), exit_code=2)


def test_no_repo_configured_names_both_options(client, monkeypatch):
    monkeypatch.setattr("quickscale_core.sharing.operations.installed_checkout", lambda: None)
    message = one_sentence_error(invoke("embed-core"), exit_code=2)
    assert "--repo" in message and "QUICKSCALE_REPO" in message


def test_sync_push_needs_a_branch(client):
    result = invoke("sync-push")
    assert result.exit_code == 2
    assert "Missing option '--branch'" in result.stderr


def test_sync_push_pushes_the_fix_as_a_branch_and_leaves_main(client, upstream):
    embed(upstream)
    nothing = invoke("sync-push", "--branch", "fix-x")
    assert nothing.exit_code == 0 and "Nothing to push" in nothing.stdout
    main = git(upstream, "rev-parse", "main")
    commit_files(client, {f"quickscale/{NAMES}": "# fixed in a client\n"}, "Fix names in acme")

    dry = invoke("sync-push", "--branch", "fix-x", "--dry-run")
    assert dry.exit_code == 0 and "Dry run: nothing was pushed." in dry.stdout
    assert git(upstream, "branch", "--list", "fix-x") == ""

    result = invoke("sync-push", "--branch", "fix-x")
    assert result.exit_code == 0, result.output
    assert "Fix names in acme" in result.stdout
    assert f"Pushed 1 commit(s) to {upstream} as branch fix-x" in result.stdout
    assert git(upstream, "diff", "--name-only", "main", "fix-x") == NAMES
    assert git(upstream, "rev-parse", "main") == main


def test_sync_push_to_the_default_branch_only_when_named_and_says_so(client, upstream):
    embed(upstream)
    commit_files(client, {f"quickscale/{NAMES}": "# fixed\n"}, "Fix")
    result = invoke("sync-push", "--branch", "main")
    assert result.exit_code == 0, result.output
    assert "main is the default branch" in result.stderr
    assert git(upstream, "show", f"main:{NAMES}") == "# fixed"
