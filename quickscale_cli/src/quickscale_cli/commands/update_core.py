"""`quickscale update-core`."""

from __future__ import annotations

from pathlib import Path

import click

from quickscale_cli.errors import EXIT_FAILURE
from quickscale_cli.output import error_line, info, note, success


def run_update_core(ref: str | None, dry_run: bool) -> None:
    from quickscale_core.errors import SubtreeConflictError
    from quickscale_core.sharing import apply_update, plan_update

    # Show what comes in before merging, so the list is on screen even when the merge stops on a conflict;
    # the commit listed (fetched once) is exactly the one merged.
    result = plan_update(Path.cwd(), ref=ref)
    record, incoming = result.record, result.incoming
    if incoming.up_to_date:
        success(f"{record.prefix}/ is already up to date with {record.ref} ({incoming.new[:7]}).")
        return
    for line in describe_incoming(result):
        info(line)
    if incoming.diverged:
        note(
            f"The embedded commit {incoming.old[:7]} is no longer in {record.ref}'s history; "
            "expect conflicts where both sides changed."
        )
    if not dry_run:
        try:
            result = apply_update(Path.cwd(), result)
        except SubtreeConflictError as error:
            report_conflict(error)
            raise click.exceptions.Exit(EXIT_FAILURE) from None
    if result.applied:
        success(f"Updated {record.prefix}/ to {record.ref} ({incoming.new[:7]}).")
        info("Reinstall if dependencies changed: uv sync (or pip install -e . again).")
    else:
        info(f"Dry run: nothing was changed. Apply it with: {result.command}")


def describe_incoming(result) -> list[str]:
    """Lines listing the commits and files an update brings, marking files also changed in this project."""
    incoming, record = result.incoming, result.record
    lines = [
        f"Incoming from {record.repo} ({record.ref}): {len(incoming.commits)} commit(s), "
        f"{len(incoming.files)} file(s) under {record.prefix}/"
    ]
    lines += [f"  {commit.sha} {commit.subject}" for commit in incoming.commits]
    local = set(incoming.changed_locally)
    for change in incoming.files:
        mark = "   (also changed in this project)" if change.path in local else ""
        lines.append(f"  {change.status} {change.path}{mark}")
    return lines


def report_conflict(error) -> None:
    error_line(str(error))
    note("Conflicted files:")
    for path in error.files:
        note(f"  {path}")
    note("Either resolve them: edit each file, git add it, then git commit.")
    note("Or undo the update: git merge --abort (your tree is restored exactly as before).")
