"""Minimal, formatting-preserving edits of a generated project's pyproject.toml."""

from __future__ import annotations

import re

from quickscale_core.errors import ProjectLayoutError

UV_SOURCES = "[tool.uv.sources]"
POETRY_DEPENDENCIES = "[tool.poetry.dependencies]"
RUFF = "[tool.ruff]"


def add_path_dependency(text: str, distribution: str, path: str) -> str:
    """Depend on `distribution` from the local folder `path`, editable, for uv, pip and Poetry 2.

    Adds the name to `[project] dependencies` and the folder to `[tool.uv.sources]`
    and `[tool.poetry.dependencies]` (both tables are created when missing).
    Editing an already-wired pyproject changes nothing.
    """
    text = _add_dependency_name(text, distribution)
    text = _add_table_entry(text, UV_SOURCES, distribution, f'{{ path = "{path}", editable = true }}')
    return _add_table_entry(text, POETRY_DEPENDENCIES, distribution, f'{{ path = "{path}", develop = true }}')


def exclude_from_ruff(text: str, folder: str) -> str:
    """Keep ruff off `folder` (an embedded copy is linted in its own repository, by its own rules)."""
    span = _table_span(text, RUFF)
    section = text[span[0] : span[1]] if span else ""
    match = re.search(r"^extend-exclude = \[(?P<items>[^\]]*)\]", section, flags=re.MULTILINE)
    if match is None:
        return _add_table_entry(text, RUFF, "extend-exclude", f'["{folder}"]')
    items = [item.strip() for item in match["items"].split(",") if item.strip()]
    quoted = f'"{folder}"'
    if quoted in items:
        return text
    at = span[0] + match.start("items")
    return text[:at] + ", ".join([*items, quoted]) + text[span[0] + match.end("items") :]


def _table_span(text: str, table: str) -> tuple[int, int] | None:
    """Start and end of the body of `[table]` (after its header line), or None when it is missing."""
    header = re.search(rf"^{re.escape(table)}[ \t]*$", text, flags=re.MULTILINE)
    if header is None:
        return None
    following = re.search(r"^\[", text[header.end() :], flags=re.MULTILINE)
    return header.end(), header.end() + following.start() if following else len(text)


def _add_dependency_name(text: str, distribution: str) -> str:
    match = re.search(r"^dependencies = \[\n(?P<body>.*?)^\]", text, flags=re.MULTILINE | re.DOTALL)
    if match is None:
        raise ProjectLayoutError(
            "Cannot find the multi-line dependencies = [...] list in pyproject.toml; restore it or add "
            f"{distribution} by hand."
        )
    if re.search(rf'^\s*"{re.escape(distribution)}\b', match["body"], flags=re.MULTILINE):
        return text
    end = match.end("body")
    return f'{text[:end]}    "{distribution}",\n{text[end:]}'


def _add_table_entry(text: str, table: str, key: str, value: str) -> str:
    line = f"{key} = {value}"
    span = _table_span(text, table)
    if span is None:
        return f"{text.rstrip()}\n\n{table}\n{line}\n"
    section = text[span[0] : span[1]]
    if re.search(rf"^{re.escape(key)}\s*=", section, flags=re.MULTILINE):
        return text
    insert_at = span[0] + len(section.rstrip())
    return f"{text[:insert_at]}\n{line}{text[insert_at:]}"
