"""bench/notifications.py runs end to end (a few messages), so the benchmark cannot rot; no timing is judged."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

BENCH = Path(__file__).resolve().parents[3] / "bench" / "notifications.py"


def test_the_bench_reports_both_rates_and_their_ratio(postgres_url, redis_url):
    result = subprocess.run(
        [sys.executable, str(BENCH), "--messages", "10"], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"^\| 1 \| \d+\.\d \|$", result.stdout, re.MULTILINE)
    assert re.search(r"^\| 2 \| \d+\.\d \|$", result.stdout, re.MULTILINE)
    assert re.search(r"^ratio 2 workers / 1 worker: \d+\.\d\d$", result.stdout, re.MULTILINE)
