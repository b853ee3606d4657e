"""On PostgreSQL, with threads of their own connections: a webhook processing's older read of Stripe never
overwrites a newer one (issue 24, finding 7), and a team's seats equal its members after any interleaving of
joins, leaves and portal changes (finding 8, a hypothesis property test). Each runs concurrency_probe.py in a
process of its own against a fresh database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import servedproject

pytestmark = pytest.mark.slow

TESTS = Path(__file__).resolve().parent
ROUNDS = 5
EXAMPLES = 25


def probe(postgres_url: str, scenario: str, count: int) -> dict:
    with servedproject.database(postgres_url) as database_url:
        env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(TESTS)}
        run = subprocess.run(
            [sys.executable, str(TESTS / "concurrency_probe.py"), scenario, str(count)],
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_an_older_read_of_stripe_is_never_applied_over_a_newer_one(postgres_url):
    assert probe(postgres_url, "webhook-order", ROUNDS) == {"statuses": ["canceled"] * ROUNDS}


def test_seats_equal_members_after_concurrent_joins_leaves_and_portal_changes(postgres_url):
    result = probe(postgres_url, "seats", EXAMPLES)
    assert result == {"examples": EXAMPLES, "failure": None}
