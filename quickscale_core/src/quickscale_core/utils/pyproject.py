"""Minimal, formatting-preserving edits of a generated project's pyproject.toml."""

from __future__ import annotations

import re

from quickscale_core.errors import ProjectLayoutError

UV_SOURCES = "[tool.uv.sources]"
POETRY_DEPENDENCIES = "[tool.poetry.dependencies]"


def add_path_dependency(text: str, distribution: str, path: str) -> str:
    """Depend on `distribution` from the local folder `path`, editable, for uv, pip and Poetry 2.

    Adds the name to `[project] dependencies` and the folder to `[tool.uv.sources]`
    and `[tool.poetry.dependencies]` (both tables are created when missing).
    Editing an already-wired pyproject changes nothing.
    """
    text = _add_dependency_name(text, distribution)
    text = _add_table_entry(text, UV_SOURCES, distribution, f'{{ path = "{path}", editable = true }}')
    return _add_table_entry(text, POETRY_DEPENDENCIES, distribution, f'{{ path = "{path}", develop = true }}')


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
    if table not in text:
        return f"{text.rstrip()}\n\n{table}\n{line}\n"
    start = text.index(table) + len(table)
    next_table = re.search(r"^\[", text[start:], flags=re.MULTILINE)
    end = start + next_table.start() if next_table else len(text)
    section = text[start:end]
    if re.search(rf"^{re.escape(key)}\s*=", section, flags=re.MULTILINE):
        return text
    insert_at = start + len(section.rstrip())
    return f"{text[:insert_at]}\n{line}{text[insert_at:]}"
