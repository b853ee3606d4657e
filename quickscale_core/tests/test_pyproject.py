"""The pyproject.toml edits embed-core makes (the quickscale-core path dependency, the ruff exclusion)."""

from __future__ import annotations

import tomllib

import pytest

from quickscale_core.errors import ProjectLayoutError
from quickscale_core.utils.pyproject import add_path_dependency, exclude_from_ruff

PYPROJECT = """\
[project]
name = "acme"
dependencies = [
    "Django==5.2.19",
]

[tool.ruff]
line-length = 120
"""


def test_path_dependency_extends_existing_tables():
    text = PYPROJECT + '\n[tool.uv.sources]\nother = { path = "x" }\n\n[tool.other]\nx = 1\n'
    new = tomllib.loads(add_path_dependency(text, "quickscale-core", "quickscale/quickscale_core"))
    assert set(new["tool"]["uv"]["sources"]) == {"other", "quickscale-core"}
    assert new["tool"]["other"] == {"x": 1}


def test_path_dependency_needs_the_dependency_list():
    with pytest.raises(ProjectLayoutError, match="dependencies"):
        add_path_dependency("[project]\nname = 'x'\n", "quickscale-core", "quickscale/quickscale_core")


def test_ruff_exclusion_is_added_once_and_kept_beside_others():
    once = exclude_from_ruff(PYPROJECT, "quickscale")
    assert tomllib.loads(once)["tool"]["ruff"] == {"line-length": 120, "extend-exclude": ["quickscale"]}
    assert exclude_from_ruff(once, "quickscale") == once
    twice = tomllib.loads(exclude_from_ruff(once, "vendor"))
    assert twice["tool"]["ruff"]["extend-exclude"] == ["quickscale", "vendor"]


def test_ruff_exclusion_creates_the_table_when_missing():
    text = exclude_from_ruff("[project]\nname = 'x'\n", "quickscale")
    assert tomllib.loads(text)["tool"]["ruff"]["extend-exclude"] == ["quickscale"]
