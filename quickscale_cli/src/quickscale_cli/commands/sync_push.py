"""`quickscale sync-push`."""

from __future__ import annotations

from pathlib import Path

from quickscale_cli.output import info, note, success


def run_sync_push(branch: str, repo: str | None, dry_run: bool) -> None:
    from quickscale_core.sharing import sync_push

    result = sync_push(Path.cwd(), branch, repo=repo, dry_run=dry_run)
    if result.nothing_to_push:
        success(f"Nothing to push: {result.repo} already has every commit made under the embedded folder.")
        return
    info(f"Commits to push to {result.repo} as branch {branch}:")
    info("\n".join(f"  {commit.sha} {commit.subject}" for commit in result.commits))
    info("Files:")
    info("\n".join(f"  {change.status} {change.path}" for change in result.files))
    if branch == result.default_branch:
        note(f"{branch} is the default branch of {result.repo}; pushing there because you named it.")
    if result.pushed:
        count = len(result.commits)
        success(f"Pushed {count} commit(s) to {result.repo} as branch {branch}; review and merge it there.")
    else:
        info(f"Dry run: nothing was pushed. Push with: {result.command}")
