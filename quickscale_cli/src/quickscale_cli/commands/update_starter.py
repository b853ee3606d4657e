"""`quickscale update-starter`."""

from __future__ import annotations

from pathlib import Path

import click

from quickscale_cli.errors import EXIT_FAILURE
from quickscale_cli.output import error_line, info, note, success


def run_update_starter(to: str | None, dry_run: bool) -> None:
    from quickscale_core.errors import StarterConflictError
    from quickscale_core.project.update import update_starter

    try:
        update = update_starter(Path.cwd(), to=to, dry_run=dry_run)
    except StarterConflictError as error:
        for line in file_lines(error.update, unchanged=False):
            info(line)
        report_conflict(error)
        raise click.exceptions.Exit(EXIT_FAILURE) from None
    if update.up_to_date:
        success(f"The generated files are up to date with QuickScale {update.new_version} ({update.new_commit[:7]}).")
        if to is None:
            info("To update to a newer QuickScale: quickscale update-core, then quickscale update-starter again.")
        return
    for line in file_lines(update, unchanged=dry_run):
        info(line)
    if dry_run:
        if update.conflicts:
            note(f"{len(update.conflicts)} file(s) would conflict; the update would stop there for you to resolve.")
        info("Dry run: nothing was changed. Apply it with: quickscale update-starter" + (f" --to {to}" if to else ""))
        return
    success(f"Updated the generated files to QuickScale {update.new_version} ({update.new_commit[:7]}).")
    info(f"Undo it: {update.undo_command()}")
    for line in not_applied_lines(update):
        note(line)


def file_lines(update, unchanged: bool = True) -> list[str]:
    """A heading, then one line per file, grouped by what the update does to it (unchanged ones last, if shown)."""
    from quickscale_core.project.update import STATUS_ORDER, UNCHANGED

    lines = [
        f"QuickScale {update.old_version} ({update.old_commit[:7]}) -> {update.new_version} "
        f"({update.new_commit[:7]}): {len(update.changed)} of {len(update.files)} generated file(s) change upstream"
    ]
    shown = [status for status in STATUS_ORDER if update.paths(status) and (unchanged or status != UNCHANGED)]
    width = max((len(status) for status in shown), default=0)
    for status in shown:
        lines += [f"  {status:<{width}}  {path}" for path in update.paths(status)]
    return lines


def not_applied_lines(update) -> list[str]:
    from quickscale_core.project.pristine import VENDOR_BRANCH
    from quickscale_core.project.update import NOT_APPLIED

    paths = [item.path for item in update.files if item.status in NOT_APPLIED]
    if not paths:
        return []
    return [
        "Kept as you have them (QuickScale's version was not applied):",
        *(f"  {path}   (QuickScale's: git show {VENDOR_BRANCH}:{path})" for path in paths),
    ]


def report_conflict(error) -> None:
    error_line(str(error))
    note("Conflicted files:")
    for path in error.update.conflicts:
        note(f"  {path}")
    note("Either resolve them: edit each file (look for <<<<<<<), git add it, then git commit.")
    note("Or undo the update: git merge --abort (your files are restored exactly as before).")
    for line in not_applied_lines(error.update):
        note(line)
