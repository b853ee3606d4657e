"""embed-core and update-core leave either their whole result or the repository as it was; update-core merges
exactly the commit it listed; commands that commit refuse a detached HEAD or an unfinished rebase; a shallow
clone is told what to do."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from quickscale_core.errors import GitCommandError, MergeInProgressError, SharingUsageError
from quickscale_core.sharing import apply_update, embed_core, plan_update, read_record, sync_push, update_core
from testsupport.git import commit_files, git, push_upstream_change, snapshot

NAMES = "quickscale_core/src/quickscale_core/utils/names.py"


def refusing_hook(project: Path, hook: str) -> Path:
    """A git hook that refuses, as a team's pre-commit or pre-merge-commit rules can."""
    path = project / ".git" / "hooks" / hook
    path.write_text("#!/bin/sh\necho 'refused by the team hook' >&2\nexit 1\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_a_failure_between_the_two_embed_commits_puts_everything_back(client, upstream):
    hook = refusing_hook(client, "pre-commit")  # git subtree's commit runs no hook; the wiring commit does
    before = snapshot(client)
    with pytest.raises(GitCommandError, match="refused by the team hook"):
        embed_core(client, repo=str(upstream))
    assert snapshot(client) == before
    assert not (client / "quickscale").exists()
    hook.unlink()
    embed_core(client, repo=str(upstream))  # nothing was left to get in the way
    assert read_record((client / "pyproject.toml").read_text(encoding="utf-8")) is not None


def test_an_embed_killed_after_the_subtree_commit_is_finished_by_running_it_again(client, upstream):
    # What a kill -9 between the two commits leaves: git subtree's commit, no record.
    git(client, "fetch", "--quiet", str(upstream), "main")
    git(client, "subtree", "add", "--prefix=quickscale", "--squash", "FETCH_HEAD")
    subtree_commit = git(client, "rev-parse", "HEAD")
    result = embed_core(client, repo=str(upstream))
    assert result.upstream_commit == git(upstream, "rev-parse", "main")
    assert git(client, "rev-parse", "HEAD^") == subtree_commit
    assert git(client, "status", "--porcelain") == ""
    pyproject = tomllib.loads((client / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["tool"]["quickscale"]["prefix"] == "quickscale"
    assert update_core(client, dry_run=True).incoming.up_to_date  # update-core now sees it as embedded


def test_a_quickscale_folder_of_the_project_is_not_mistaken_for_an_interrupted_embed(client, upstream):
    commit_files(client, {"quickscale/notes.md": "ours\n"}, "Our own quickscale folder")
    with pytest.raises(SharingUsageError, match='already has a "quickscale" folder'):
        embed_core(client, repo=str(upstream))


def test_update_merges_exactly_the_commit_it_listed(embedded, upstream):
    listed = push_upstream_change(upstream, {NAMES: "# listed\n"}, "Listed change")
    plan = plan_update(embedded)
    assert plan.incoming.new == listed
    push_upstream_change(upstream, {NAMES: "# arrived after the listing\n"}, "Later change")
    result = apply_update(embedded, plan)
    assert result.applied
    assert (embedded / "quickscale" / NAMES).read_text(encoding="utf-8") == "# listed\n"
    squash = git(embedded, "log", "-1", "--format=%B", "HEAD^2")
    assert f"git-subtree-split: {listed}" in squash


def test_update_refuses_when_the_branch_moved_since_the_listing(embedded, upstream):
    push_upstream_change(upstream, {NAMES: "# new\n"}, "Change")
    plan = plan_update(embedded)
    commit_files(embedded, {"notes.md": "later\n"}, "Meanwhile")
    before = snapshot(embedded)
    with pytest.raises(SharingUsageError, match="changed since the update was listed"):
        apply_update(embedded, plan)
    assert snapshot(embedded) == before


def test_a_failed_update_that_is_not_a_conflict_puts_the_branch_back(embedded, upstream):
    push_upstream_change(upstream, {NAMES: "# new\n"}, "Change")
    refusing_hook(embedded, "pre-merge-commit")
    before = snapshot(embedded)
    with pytest.raises(GitCommandError, match="git subtree merge failed"):
        update_core(embedded)
    assert snapshot(embedded) == before
    assert not (embedded / ".git" / "MERGE_HEAD").exists()


@pytest.mark.parametrize("command", ["embed", "update"])
def test_commands_that_commit_refuse_a_detached_head(client, embedded, upstream, command):
    git(embedded, "checkout", "--quiet", "--detach")
    before = snapshot(embedded)
    call = {
        "embed": lambda: embed_core(embedded, repo=str(upstream), prefix="other"),
        "update": lambda: update_core(embedded),
    }
    with pytest.raises(SharingUsageError, match=r"HEAD is detached.*git switch -c NAME"):
        call[command]()
    assert snapshot(embedded) == before


def test_commands_refuse_a_rebase_stopped_with_a_clean_tree(embedded, upstream):
    # An interactive rebase stopped at an `edit` leaves a clean tree: only git's rebase state says to wait.
    git(embedded, "commit", "--quiet", "--allow-empty", "-m", "A commit to edit")
    env = {"GIT_SEQUENCE_EDITOR": "sed -i 1s/^pick/edit/"}
    git(embedded, "rebase", "--quiet", "--interactive", "HEAD~1", env=env)
    before = snapshot(embedded)
    for call in (lambda: update_core(embedded), lambda: sync_push(embedded, "mid-rebase")):
        with pytest.raises(MergeInProgressError, match=r"A rebase is in progress.*git rebase --abort"):
            call()
    assert snapshot(embedded) == before


def test_sync_push_works_from_a_detached_head(embedded, upstream):
    commit_files(embedded, {f"quickscale/{NAMES}": "# fix\n"}, "Fix")
    git(embedded, "checkout", "--quiet", "--detach")
    assert sync_push(embedded, "fix-detached").pushed


def test_a_shallow_clone_is_told_how_to_unshallow(embedded, upstream, tmp_path):
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "--quiet", "--depth", "1", f"file://{embedded}", str(shallow))
    with pytest.raises(SharingUsageError, match="git fetch --unshallow"):
        update_core(shallow, dry_run=True)
    git(shallow, "fetch", "--quiet", "--unshallow")
    assert update_core(shallow, dry_run=True).incoming.up_to_date
