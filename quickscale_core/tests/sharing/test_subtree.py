"""embed-core, update-core and sync-push against real git: a bare upstream and a committed client project."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from quickscale_core.errors import (
    DirtyWorkingTreeError,
    GitCommandError,
    GitUnavailableError,
    NotAGitRepositoryError,
    ProjectLayoutError,
    SharingUsageError,
    SubtreeConflictError,
)
from quickscale_core.sharing import embed_core, sync_push, update_core
from testsupport.git import commit_files, git, push_upstream_change, snapshot

NAMES = "quickscale_core/src/quickscale_core/utils/names.py"
FILES = "quickscale_core/src/quickscale_core/utils/files.py"


def embedded_text(project: Path, path: str) -> str:
    return (project / "quickscale" / path).read_text(encoding="utf-8")


def upstream_text(upstream: Path, path: str, ref: str = "main") -> str:
    return git(upstream, "show", f"{ref}:{path}") + "\n"


def edit_line(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


def all_commands(project: Path, upstream: Path):
    """Each command as a call, for the refusals every one of them must make."""
    return {
        "embed": lambda: embed_core(project, repo=str(upstream)),
        "update": lambda: update_core(project),
        "update --dry-run": lambda: update_core(project, dry_run=True),
        "sync-push": lambda: sync_push(project, "fix-x"),
    }


# --- embed-core ------------------------------------------------------------------------------------------


def test_embed_adds_the_upstream_tree_and_wires_pyproject(client, upstream):
    before = git(client, "rev-parse", "HEAD")
    result = embed_core(client, repo=str(upstream))
    assert git(client, "rev-parse", "HEAD:quickscale") == git(upstream, "rev-parse", "main^{tree}")
    assert result.upstream_commit == git(upstream, "rev-parse", "main")
    assert git(client, "status", "--porcelain") == ""
    assert git(client, "merge-base", "--is-ancestor", before, "HEAD") == ""  # history only grew
    pyproject = tomllib.loads((client / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["quickscale"] == {"repo": str(upstream), "ref": "main", "prefix": "quickscale"}
    # The generator is a development tool: the dev group has it, a production install does not.
    assert "quickscale-core" in pyproject["dependency-groups"]["dev"]
    assert not any(requirement.startswith("quickscale") for requirement in pyproject["project"]["dependencies"])
    source = {"path": "quickscale/quickscale_core", "editable": True}
    assert pyproject["tool"]["uv"]["sources"]["quickscale-core"] == source
    poetry_dev = pyproject["tool"]["poetry"]["group"]["dev"]["dependencies"]
    assert poetry_dev["quickscale-core"]["path"] == "quickscale/quickscale_core"


def test_embed_dry_run_changes_nothing_and_shows_the_manual_command(client, upstream):
    before = snapshot(client)
    result = embed_core(client, repo=str(upstream), prefix="vendor/qs", dry_run=True)
    assert snapshot(client) == before
    assert result.commands[:2] == (
        f"git fetch --no-tags --end-of-options {upstream} main",
        "git subtree add --prefix=vendor/qs --squash "
        "-m 'Embed the QuickScale repository (main) under vendor/qs/ with git subtree' -- FETCH_HEAD",
    )


def test_embed_from_a_subfolder_with_a_relative_repo_and_a_tag(client, upstream):
    git(upstream, "tag", "v1", "main")
    result = embed_core(client / "acme", repo=os.path.relpath(upstream, client / "acme"), ref="v1")
    assert result.record.repo == str(upstream)
    assert result.record.ref == "v1"
    assert (client / "quickscale" / "quickscale_core" / "pyproject.toml").is_file()


def test_embed_defaults_to_the_quickscale_repo_from_the_environment(client, upstream, monkeypatch):
    monkeypatch.setattr("quickscale_core.sharing.operations.installed_checkout", lambda: None)
    monkeypatch.setenv("QUICKSCALE_REPO", str(upstream))
    assert embed_core(client, dry_run=True).record.repo == str(upstream)


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"repo": "missing.git"}, "Cannot read the QuickScale repository missing.git"),
        ({"ref": "no-such-branch"}, 'has no branch or tag "no-such-branch"'),
        ({"prefix": "acme"}, 'already has a "acme" folder'),
        ({"prefix": "../x"}, "relative folder inside the project"),
    ],
)
def test_embed_refuses_bad_arguments_and_changes_nothing(client, upstream, arguments, words):
    before = snapshot(client)
    with pytest.raises(SharingUsageError, match=words):
        embed_core(client, **{"repo": str(upstream), **arguments})
    assert snapshot(client) == before


def test_embed_refuses_a_repository_that_is_not_quickscale(client, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "--quiet")
    commit_files(other, {"README.md": "hi\n"}, "init")
    before = snapshot(client)
    with pytest.raises(SharingUsageError, match=r"has no quickscale_core/pyproject\.toml"):
        embed_core(client, repo=str(other))
    assert snapshot(client) == before


def test_embedding_twice_is_refused(embedded, upstream):
    before = snapshot(embedded)
    for prefix in ("quickscale", "again"):
        with pytest.raises(SharingUsageError, match="already embeds QuickScale under quickscale/"):
            embed_core(embedded, repo=str(upstream), prefix=prefix)
    assert snapshot(embedded) == before


def test_embed_needs_a_pyproject(client, upstream):
    git(client, "rm", "--quiet", "pyproject.toml")
    git(client, "commit", "--quiet", "-m", "no pyproject")
    with pytest.raises(ProjectLayoutError, match=r"no pyproject\.toml at the top of the repository"):
        embed_core(client, repo=str(upstream))


# --- refusals shared by all three commands -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["embed", "update", "update --dry-run", "sync-push"])
@pytest.mark.parametrize(
    "dirt",
    [
        lambda project: (project / "README.md").write_text("edited\n"),
        lambda project: (project / "notes.txt").write_text("new\n"),
        lambda project: git(project, "rm", "--quiet", "--cached", "manage.py"),
    ],
    ids=["modified", "untracked", "staged"],
)
def test_a_dirty_tree_is_refused_and_left_as_it_is(embedded, client, upstream, command, dirt):
    project = embedded
    if command == "embed":  # embed needs a project that has not embedded yet
        git(project, "reset", "--quiet", "--hard", "HEAD~2")
    dirt(project)
    before = snapshot(project)
    with pytest.raises(DirtyWorkingTreeError, match="commit or stash them"):
        all_commands(project, upstream)[command]()
    assert snapshot(project) == before


@pytest.mark.parametrize("command", ["embed", "update", "update --dry-run", "sync-push"])
def test_outside_a_git_repository_is_refused(tmp_path, upstream, command):
    folder = tmp_path / "plain"
    folder.mkdir()
    with pytest.raises(NotAGitRepositoryError, match="is not inside a git repository"):
        all_commands(folder, upstream)[command]()
    assert list(folder.iterdir()) == []


def test_a_repository_without_commits_is_refused(tmp_path, upstream):
    git(tmp_path, "init", "--quiet", "fresh")
    with pytest.raises(NotAGitRepositoryError, match="no commits yet"):
        embed_core(tmp_path / "fresh", repo=str(upstream))


def test_a_missing_git_subtree_is_refused(client, upstream, tmp_path, monkeypatch):
    """A real git whose exec-path lacks git-subtree (as on systems that package it separately)."""
    exec_path = Path(git(client, "--exec-path"))
    stripped = tmp_path / "git-core"
    stripped.mkdir()
    for tool in exec_path.iterdir():
        if tool.name != "git-subtree":
            (stripped / tool.name).symlink_to(tool)
    monkeypatch.setenv("GIT_EXEC_PATH", str(stripped))
    before = snapshot(client)
    with pytest.raises(GitUnavailableError, match="git subtree is not installed"):
        embed_core(client, repo=str(upstream))
    assert snapshot(client) == before


def test_a_missing_git_identity_is_refused_before_any_commit(client, upstream, tmp_path, monkeypatch):
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    before = snapshot(client)
    with pytest.raises(GitUnavailableError, match="git does not know who you are"):
        embed_core(client, repo=str(upstream))
    assert snapshot(client) == before


def test_update_and_push_need_an_embedded_project(client):
    with pytest.raises(SharingUsageError, match="run quickscale embed-core first"):
        update_core(client)
    with pytest.raises(SharingUsageError, match="run quickscale embed-core first"):
        sync_push(client, "fix-x")


# --- update-core -------------------------------------------------------------------------------------------


def test_update_dry_run_lists_the_change_then_update_brings_it(embedded, upstream):
    new_names = edit_line(embedded_text(embedded, NAMES), '"""', '"""Upstream fix. ')
    commit = push_upstream_change(upstream, {NAMES: new_names}, "Fix: name rules")
    before = snapshot(embedded)

    preview = update_core(embedded, dry_run=True)
    assert snapshot(embedded) == before
    assert not preview.applied
    assert [c.subject for c in preview.incoming.commits] == ["Fix: name rules"]
    assert [(f.status, f.path) for f in preview.incoming.files] == [("M", f"quickscale/{NAMES}")]
    assert preview.incoming.new == commit

    result = update_core(embedded)
    assert result.applied
    assert embedded_text(embedded, NAMES) == new_names
    assert git(embedded, "status", "--porcelain") == ""
    assert git(embedded, "merge-base", "--is-ancestor", before[1], "HEAD") == ""


def test_update_when_up_to_date_changes_nothing(embedded):
    before = snapshot(embedded)
    result = update_core(embedded)
    assert result.incoming.up_to_date and not result.applied
    assert snapshot(embedded) == before


def test_local_and_upstream_edits_in_different_files_are_both_kept(embedded, upstream):
    local = edit_line(embedded_text(embedded, FILES), '"""', '"""Local tweak. ')
    commit_files(embedded, {f"quickscale/{FILES}": local}, "Local tweak to files.py")
    remote = edit_line(embedded_text(embedded, NAMES), '"""', '"""Upstream fix. ')
    push_upstream_change(upstream, {NAMES: remote}, "Upstream fix to names.py")

    preview = update_core(embedded, dry_run=True)
    assert preview.incoming.changed_locally == ()
    update_core(embedded)
    assert embedded_text(embedded, FILES) == local
    assert embedded_text(embedded, NAMES) == remote


def test_the_same_lines_edited_on_both_sides_stop_in_a_merge_that_aborts_cleanly(embedded, upstream):
    original = embedded_text(embedded, NAMES)
    commit_files(embedded, {f"quickscale/{NAMES}": edit_line(original, '"""', '"""Local. ')}, "Local edit")
    push_upstream_change(upstream, {NAMES: edit_line(original, '"""', '"""Upstream. ')}, "Upstream edit")
    before = snapshot(embedded)

    assert update_core(embedded, dry_run=True).incoming.changed_locally == (f"quickscale/{NAMES}",)
    with pytest.raises(SubtreeConflictError) as raised:
        update_core(embedded)
    assert raised.value.files == (f"quickscale/{NAMES}",)
    assert "git merge --abort" in str(raised.value)
    assert (embedded / ".git" / "MERGE_HEAD").is_file()
    assert "<<<<<<<" in embedded_text(embedded, NAMES)

    git(embedded, "merge", "--abort")
    assert snapshot(embedded) == before


def test_update_to_another_ref_and_a_rewritten_upstream_is_flagged(embedded, upstream):
    git(upstream, "branch", "rewritten", git(upstream, "commit-tree", "main^{tree}", "-m", "Rewritten history"))
    result = update_core(embedded, ref="rewritten", dry_run=True)
    assert result.record.ref == "rewritten"
    assert result.incoming.diverged
    assert result.incoming.commits == ()


def test_update_without_the_subtree_commit_in_history_is_refused(client, upstream):
    record = f'\n[tool.quickscale]\nrepo = "{upstream}"\nref = "main"\nprefix = "qs"\n'
    commit_files(client, {"pyproject.toml": (client / "pyproject.toml").read_text(encoding="utf-8") + record}, "x")
    with pytest.raises(SharingUsageError, match="No git subtree commit for qs/"):
        update_core(client)


# --- sync-push ---------------------------------------------------------------------------------------------


def test_sync_push_sends_exactly_the_local_fix_as_a_new_branch(embedded, upstream):
    main_before = git(upstream, "rev-parse", "main")
    fixed = edit_line(embedded_text(embedded, NAMES), '"""', '"""Fixed in a client. ')
    commit_files(embedded, {f"quickscale/{NAMES}": fixed, "acme/urls.py.notes": "client only\n"}, "Fix names")

    preview = sync_push(embedded, "fix-x", dry_run=True)
    assert not preview.pushed
    assert git(upstream, "branch", "--list", "fix-x") == ""

    result = sync_push(embedded, "fix-x")
    assert result.pushed and result.default_branch == "main"
    assert [c.subject for c in result.commits] == ["Fix names"]
    assert git(upstream, "rev-parse", "main") == main_before
    assert git(upstream, "rev-parse", "fix-x^") == main_before
    assert git(upstream, "diff", "--name-only", "main", "fix-x") == NAMES
    assert upstream_text(upstream, NAMES, "fix-x") == fixed


def test_sync_push_with_nothing_new_pushes_nothing(embedded, upstream):
    result = sync_push(embedded, "fix-x")
    assert result.nothing_to_push and not result.pushed
    assert git(upstream, "branch", "--list", "fix-x") == ""


def test_sync_push_never_overwrites_a_branch_that_moved_on(embedded, upstream):
    commit_files(embedded, {f"quickscale/{NAMES}": "# client\n"}, "Client change")
    push_upstream_change(upstream, {NAMES: "# someone else\n"}, "Other change", branch="main")
    git(upstream, "branch", "taken", "main")
    taken = git(upstream, "rev-parse", "taken")
    with pytest.raises(GitCommandError, match=r'refused to push branch "taken" \(non-fast-forward\)'):
        sync_push(embedded, "taken")
    assert git(upstream, "rev-parse", "taken") == taken


def test_sync_push_refuses_an_invalid_branch_name(embedded):
    for bad in ["two..dots", "-x", "a b", "@", "HEAD", "refs/heads/x", "@{-1}", "x\ny"]:
        with pytest.raises(SharingUsageError, match="not a plain git branch name"):
            sync_push(embedded, bad)


def test_without_git_on_the_path_the_commands_say_so(client, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    with pytest.raises(GitUnavailableError, match="git is not installed"):
        update_core(client)


def test_a_repository_with_a_detached_head_needs_an_explicit_ref(client, upstream, tmp_path):
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "--quiet", str(upstream), str(checkout))
    git(checkout, "checkout", "--quiet", "--detach")
    with pytest.raises(SharingUsageError, match="name the branch or tag with --ref"):
        embed_core(client, repo=str(checkout))
    assert embed_core(client, repo=str(checkout), ref="main", dry_run=True).record.ref == "main"


def test_sync_push_still_works_when_the_recorded_branch_is_gone_upstream(embedded, upstream):
    git(upstream, "branch", "-m", "main", "trunk")
    commit_files(embedded, {f"quickscale/{NAMES}": "# fixed\n"}, "Fix")
    result = sync_push(embedded, "fix-x")
    assert result.pushed and result.default_branch == "trunk"
    assert git(upstream, "diff", "--name-only", "trunk", "fix-x") == NAMES
