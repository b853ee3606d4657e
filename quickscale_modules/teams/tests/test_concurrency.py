"""On PostgreSQL, two concurrent requests removing the two owners of a team leave it with one owner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
ROUNDS = 20


def test_racing_owner_removals_never_leave_a_team_without_an_owner(postgres_database):
    env = {**os.environ, "DATABASE_URL": postgres_database, "PYTHONPATH": str(TESTS)}
    probe = subprocess.run(
        [sys.executable, str(TESTS / "concurrency_probe.py"), str(ROUNDS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert probe.returncode == 0, probe.stderr[-3000:]
    results = json.loads(probe.stdout.strip().splitlines()[-1])
    assert len(results) == ROUNDS
    for result in results:
        assert result["owners"] == 1, result
        # Both requests were answered (the refused one is sent back to its page with a message).
        assert result["statuses"] == [302, 302], result
