"""bench/migrate.py runs end to end in smoke mode (one `migrate` per project and database), so it cannot rot. No
timing is asserted: only that it reported both databases with a numeric ratio against the project without billing
and the CPU seconds, and left none of its databases on the server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "migrate.py"
ROW = re.compile(
    r"^\| 5 first migrate, (?P<database>SQLite|PostgreSQL): every module vs auth only \| (?P<median>[\d.]+) s \|"
    r"(?:[^|]+\|){3} (?P<ratio>[\d.]+) \| <= 10 s \| not judged \(smoke\) \|$",
    re.MULTILINE,
)


def bench_databases(postgres_url: str) -> set[str]:
    sql = "SELECT datname FROM pg_database WHERE datname LIKE 'qs\\_bench\\_migrate\\_%'"
    listed = subprocess.run(["psql", postgres_url, "-Atc", sql], capture_output=True, text=True, check=True)
    return set(listed.stdout.split())


@pytest.fixture(scope="module")
def smoke(postgres_url) -> tuple[str, set[str]]:
    """What `bench/migrate.py --smoke` printed, and its databases left on the server."""
    before = bench_databases(postgres_url)
    bench = subprocess.run([sys.executable, SCRIPT, "--smoke"], capture_output=True, text=True, timeout=1800)
    assert bench.returncode == 0, f"bench exited {bench.returncode}:\n{bench.stderr}"
    return bench.stdout, bench_databases(postgres_url) - before


def test_reports_sqlite_and_postgresql_against_the_project_without_billing(smoke):
    rows = {match["database"]: match for match in ROW.finditer(smoke[0])}
    assert set(rows) == {"SQLite", "PostgreSQL"}
    assert all(float(row["median"]) > 0 and float(row["ratio"]) > 0 for row in rows.values())


def test_says_the_cpu_seconds_of_each_project(smoke):
    note = re.search(r"^- Row 5 CPU seconds \(median, user \+ system\): (.+)\.$", smoke[0], re.MULTILINE)
    for project in ("every module", "auth only"):
        for database in ("SQLite", "PostgreSQL"):
            assert re.search(rf"{project}, {database} [\d.]+ s", note[1])


def test_leaves_no_database_behind(smoke):
    assert smoke[1] == set()
