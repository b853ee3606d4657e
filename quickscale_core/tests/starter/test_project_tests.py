"""Proof 3: the generated project's own test suite passes, with its coverage gate, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.slow


def run_own_suite(project, database_url: str) -> None:
    result = project.pytest(env={"DATABASE_URL": database_url})
    summary = result.stdout.strip().splitlines()[-1]
    print(f"{project.name} on {database_url.split(':')[0]}: {summary}")  # shown with -s; figures for the report
    assert "Required test coverage of 90% reached" in result.stdout
    assert re.search(r"\b\d+ passed\b", summary)
    assert not re.search(r"failed|error|skipped", summary)


def test_own_suite_passes_on_sqlite(acme, tmp_path):
    run_own_suite(acme, f"sqlite:///{tmp_path / 'db.sqlite3'}")


def test_own_suite_passes_on_postgresql(acme, postgres_database):
    run_own_suite(acme, postgres_database)
