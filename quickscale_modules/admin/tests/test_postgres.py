"""On PostgreSQL the database itself keeps the audit log append-only: UPDATE and DELETE are refused, whoever
sends them; only the retention purge (old rows) and a deleted user's anonymisation get through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
TESTS = Path(__file__).resolve().parent


def test_update_and_delete_are_refused_by_the_database(postgres_database):
    env = {**os.environ, "DATABASE_URL": postgres_database, "PYTHONPATH": str(TESTS)}
    probe = subprocess.run(
        [sys.executable, str(TESTS / "pg_probe.py")], env=env, capture_output=True, text=True, timeout=600
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    results = json.loads(probe.stdout.strip().splitlines()[-1])
    refused = "refused: The audit log is append-only"
    assert results["update"] == f"{refused}: UPDATE of an entry is refused."
    assert results["delete"] == f"{refused}: DELETE of an entry is refused."
    assert results["orm_delete"].startswith(refused)
    assert results["purged"] == 1
    assert ["export_downloaded", "deleted user #1", "deleted user #1"] in results["after_user_deleted"]
    assert not any("ada@example.com" in " ".join(row) for row in results["after_user_deleted"])
