"""`quickscale preview`: what generate would do, as diffs and a summary; writes nothing."""

from __future__ import annotations

from pathlib import Path

import click

from quickscale_cli.errors import EXIT_FAILURE
from quickscale_cli.output import info, note, success


def run_preview() -> None:
    from quickscale_cli.commands.generate import report_edits
    from quickscale_core.errors import BlockEditedError
    from quickscale_core.project.preview import preview

    try:
        result = preview(Path.cwd())
    except BlockEditedError as error:
        report_edits(error)
        raise click.exceptions.Exit(EXIT_FAILURE) from None
    if result.nothing_to_do:
        success("Nothing to do: the project already matches quickscale.yml.")
        return
    for diff in result.diffs:
        info(diff.rstrip("\n"))
    info("")
    for line in summary_lines(result):
        info(line)
    for warning in result.warnings:
        note(f"Warning: {warning}")
    # Like diff: 1 means "generate would change something", so scripts can check a project is in step.
    raise click.exceptions.Exit(EXIT_FAILURE)


def summary_lines(result) -> list[str]:
    lines = ["Summary (nothing was written):"]
    for title, paths in (("added", result.added), ("changed", result.changed), ("removed", result.removed)):
        lines.append(f"  files {title}: {len(paths)}" + (f" ({', '.join(paths)})" if paths else ""))
    if result.embedded:
        lines.append(f"  embedded QuickScale copy: {result.embedded}")
    for module, requirers in result.pulled_in.items():
        lines.append(f"  {module} would be added because {', '.join(requirers)} requires it")
    lines.append(f"  commits generate would make: {len(result.commits)}")
    lines += [f"    {subject}" for subject in result.commits]
    for removal in result.removals:
        if removal.apps:
            lines.append(f"  {removal.module}'s tables stay in the database; drop them first with:")
            lines += [f"    {command}" for command in removal.commands()]
    return lines
