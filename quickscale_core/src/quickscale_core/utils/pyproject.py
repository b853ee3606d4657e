"""Edits of a generated project's pyproject.toml, made with a TOML library so the result is always valid TOML.

tomlkit keeps the rest of the file (comments, order, formatting) as it was; every
value QuickScale adds is written by tomlkit's own escaping, never pasted into the text.
"""

from __future__ import annotations

import re

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, Table

from quickscale_core.errors import ProjectLayoutError


def add_path_dependency(text: str, distribution: str, path: str) -> str:
    """Depend at run time on `distribution` from the local folder `path`, editable, for uv, pip and Poetry 2.

    Adds the name to `[project] dependencies`, the folder to `[tool.uv.sources]` and
    `[tool.poetry.dependencies]`. Editing an already-wired pyproject changes nothing.
    """
    document = parse(text)
    project = document.get("project")
    dependencies = project.get("dependencies") if isinstance(project, Table) else None
    if not isinstance(dependencies, Array):
        raise ProjectLayoutError(
            f"Cannot find the dependencies = [...] list of [project] in pyproject.toml; restore it or add "
            f"{distribution} by hand."
        )
    _add_requirement(dependencies, distribution)
    _set_source(document, distribution, path, poetry=("tool", "poetry", "dependencies"))
    return tomlkit.dumps(document)


def add_dev_path_dependency(text: str, distribution: str, path: str) -> str:
    """Depend on `distribution` in the dev dependency group only (PEP 735), from the local folder `path`.

    A production install (`uv sync --no-dev`, `pip install .`) leaves it out; uv reads
    `[tool.uv.sources]`, Poetry `[tool.poetry.group.dev.dependencies]`.
    """
    document = parse(text)
    groups = _table(document, "dependency-groups", super_table=False)
    dev = groups.get("dev")
    if dev is None:
        dev = tomlkit.array()
        groups["dev"] = dev
    if not isinstance(dev, Array):
        raise ProjectLayoutError("[dependency-groups] dev in pyproject.toml is not a list; restore it and retry.")
    _add_requirement(dev, distribution)
    _set_source(document, distribution, path, poetry=("tool", "poetry", "group", "dev", "dependencies"))
    return tomlkit.dumps(document)


def exclude_from_ruff(text: str, folder: str) -> str:
    """Keep ruff off `folder` (an embedded copy is linted in its own repository, by its own rules)."""
    document = parse(text)
    ruff = _table(_table(document, "tool"), "ruff", super_table=False)
    excluded = ruff.get("extend-exclude")
    if excluded is None:
        ruff["extend-exclude"] = [folder]
    elif folder not in excluded:
        excluded.append(folder)
    return tomlkit.dumps(document)


def tool_table(document: tomlkit.TOMLDocument) -> Table:
    """The document's `[tool]` table, created as a header-less super-table when missing."""
    return _table(document, "tool")


def parse(text: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except TOMLKitError as error:
        raise ProjectLayoutError(
            f"pyproject.toml is not valid TOML ({error}); fix it and run the command again."
        ) from None


def requirement_name(requirement: str) -> str:
    """The normalised distribution name a requirement string starts with (PEP 503)."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    return re.sub(r"[-_.]+", "-", match[1]).lower() if match else ""


def _add_requirement(requirements: Array, distribution: str) -> None:
    if any(requirement_name(str(item)) == requirement_name(distribution) for item in requirements):
        return
    requirements.append(distribution)
    requirements.multiline(True)


def _set_source(document: tomlkit.TOMLDocument, distribution: str, path: str, poetry: tuple[str, ...]) -> None:
    tool = _table(document, "tool")
    sources = _table(_table(tool, "uv"), "sources", super_table=False)
    if distribution not in sources:
        sources[distribution] = _inline(path=path, editable=True)
    table = tool
    for key in poetry[1:]:
        table = _table(table, key, super_table=key != poetry[-1])
    if distribution not in table:
        table[distribution] = _inline(path=path, develop=True)


def _inline(**values) -> tomlkit.items.InlineTable:
    table = tomlkit.inline_table()
    table.update(values)
    return table


def _table(parent, key: str, super_table: bool = True) -> Table:
    """`parent[key]` as a table, created (as a header-less super-table when `super_table`) when missing."""
    table = parent.get(key)
    if table is None:
        table = tomlkit.table(is_super_table=super_table)
        parent[key] = table
    if not isinstance(table, Table):
        raise ProjectLayoutError(f'"{key}" in pyproject.toml is not a table; restore it and run the command again.')
    return table
