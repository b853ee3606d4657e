"""The `[tool.quickscale]` record in a client project's pyproject.toml: where the embedded copy comes from.

Read with tomllib; written with tomlkit (never by pasting strings), so the values
are escaped by a TOML library and the rest of the file keeps its formatting and comments.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass

import tomlkit

from quickscale_core.errors import ProjectLayoutError, SharingUsageError
from quickscale_core.utils.pyproject import parse, tool_table

TABLE = "[tool.quickscale]"
KEYS = ("repo", "ref", "prefix")
COMMENT = "Where the embedded QuickScale copy comes from; quickscale update-core and sync-push read this."


@dataclass(frozen=True)
class SubtreeRecord:
    """The QuickScale repository (URL or path), the branch or tag followed, and the folder it lives in."""

    repo: str
    ref: str
    prefix: str


def read_record(pyproject_text: str) -> SubtreeRecord | None:
    """The record in `pyproject_text`, or None when the project has not embedded QuickScale."""
    try:
        data = tomllib.loads(pyproject_text)
    except tomllib.TOMLDecodeError as error:
        raise ProjectLayoutError(
            f"pyproject.toml is not valid TOML ({error}); fix it and run the command again."
        ) from None
    table = data.get("tool", {}).get("quickscale")
    if table is None:
        return None
    missing = [key for key in KEYS if not isinstance(table.get(key), str) or not table[key]]
    if missing:
        raise ProjectLayoutError(
            f"The {TABLE} table in pyproject.toml lacks {', '.join(missing)}; add it as a string "
            "(see docs/code-sharing.md) and run the command again."
        )
    return SubtreeRecord(repo=table["repo"], ref=table["ref"], prefix=table["prefix"])


def require_record(pyproject_text: str) -> SubtreeRecord:
    record = read_record(pyproject_text)
    if record is None:
        raise SharingUsageError(
            f"This project has not embedded QuickScale (no {TABLE} in pyproject.toml); run quickscale embed-core first."
        )
    return record


def add_record(pyproject_text: str, record: SubtreeRecord) -> str:
    """`pyproject_text` with the record appended as a `[tool.quickscale]` table."""
    if read_record(pyproject_text) is not None:
        raise SharingUsageError(f"pyproject.toml already has a {TABLE} table; use quickscale update-core instead.")
    document = parse(pyproject_text)
    table = tomlkit.table()
    table.add(tomlkit.comment(COMMENT))
    for key in KEYS:
        table[key] = getattr(record, key)
    tool_table(document)["quickscale"] = table
    return tomlkit.dumps(document)
