"""`quickscale generate`: make the project match quickscale.yml."""

from __future__ import annotations

from pathlib import Path

import click

from quickscale_cli.errors import EXIT_FAILURE
from quickscale_cli.output import error_line, info, note, success


def run_generate(keep_data: bool) -> None:
    from quickscale_core.errors import BlockEditedError
    from quickscale_core.project.generate import generate

    try:
        result = generate(Path.cwd(), keep_data=keep_data)
    except BlockEditedError as error:
        report_edits(error)
        raise click.exceptions.Exit(EXIT_FAILURE) from None
    if result.nothing_to_do:
        success("Nothing to do: the project already matches quickscale.yml.")
    elif result.created:
        success(f"Created the project in {result.root} from quickscale.yml.")
    else:
        success(f"Made {len(result.commits)} commit(s) so the project matches quickscale.yml.")
    for module, requirers in result.pulled_in.items():
        info(f"  {module} was added because {', '.join(requirers)} requires it (now listed in quickscale.yml)")
    if result.commits:
        info("\nCommits:")
        for subject in result.commits:
            info(f"  {subject}")
    for removal in result.removals:
        describe_removal(removal)
    for warning in result.warnings:
        note(f"Warning: {warning}")
    if result.commits and not result.created:
        info("\nReinstall when dependencies changed: uv sync (or pip install -e . again).")


def describe_removal(removal) -> None:
    if not removal.apps:
        return
    note(
        f"The {removal.module} module's tables stay in every database where its migrations ran; drop them "
        "there before deploying this removal with:"
    )
    for command in removal.commands():
        note(f"  {command}")


def report_edits(error) -> None:
    error_line(str(error))
    note("Blocks:")
    for path, what in error.edits:
        note(f"  {path}: {what}")
    note("For each block, either:")
    note("  keep yours: move your lines out of the block (below it), delete the rest of the block, run generate again;")
    note("  take ours: delete the block, from its >>> line to its <<< line, and run generate again;")
    note("  or merge by hand: take ours, then put your changes back below the block.")
