"""bench/api_me.py runs end to end in smoke mode (one round of 1 s) from this module's venv, so it cannot rot.

No timing is asserted: only that it measured all three URLs (each answered 2xx under wrk, which the bench
refuses otherwise) and printed a ratio for each row.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from testsupport.services import require

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[4] / "bench" / "api_me.py"
ROWS = (
    "api GET /api/v1/me (API key) vs bare DRF: throughput",
    "api GET /api/v1/me (API key) vs bare DRF: p50 latency",
    "api GET /api/v1/me (API key) vs bare DRF: p99 latency",
    "api GET /api/v1/me vs unauthenticated floor: throughput",
)


def test_the_bench_reports_every_row_with_a_ratio(redis_url):  # redis_url: Redis must be up
    require("wrk", shutil.which("wrk") is not None, "run scripts/services.sh (it installs Debian's wrk)")
    bench = subprocess.run([sys.executable, SCRIPT, "--smoke"], capture_output=True, text=True, timeout=300)
    assert bench.returncode == 0, f"bench exited {bench.returncode}:\n{bench.stderr}"
    for row in ROWS:
        cells = re.search(rf"^\| {re.escape(row)} \|(.*)$", bench.stdout, re.MULTILINE)
        assert cells, f"no row {row!r} in:\n{bench.stdout}"
        ratio = cells[1].split("|")[4].strip()
        assert float(ratio) > 0, cells[0]
