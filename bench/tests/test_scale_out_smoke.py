"""bench/scale_out.py runs end to end in smoke mode (one round of 1 s), so it cannot rot. No timing is asserted:
only that it reported both topologies, a numeric ratio and what limits it, and left no server running."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from testsupport.scaleout import HAPROXY
from testsupport.services import require

SCRIPT = Path(__file__).resolve().parents[1] / "scale_out.py"


@pytest.fixture(scope="module")
def printed(postgres_url, redis_url) -> str:
    require("wrk", shutil.which("wrk") is not None, "run scripts/services.sh (it installs Debian's wrk)")
    require("HAProxy", Path(HAPROXY).exists(), "run scripts/services.sh (it installs Debian's haproxy)")
    bench = subprocess.run([sys.executable, SCRIPT, "--smoke"], capture_output=True, text=True, timeout=600)
    assert bench.returncode == 0, f"bench exited {bench.returncode}:\n{bench.stderr}"
    return bench.stdout


def test_reports_both_topologies_and_their_ratio(printed):
    rates = dict(re.findall(r"^\| (1 instance|2 instances) \| ([\d.]+) \|", printed, re.MULTILINE))
    assert set(rates) == {"1 instance", "2 instances"} and all(float(rate) > 0 for rate in rates.values())
    assert float(re.search(r"ratio 2 instances / 1 instance: ([\d.]+)", printed)[1]) > 0


def test_says_where_the_cpu_went(printed):
    for topology in ("1 instance", "2 instances"):
        assert re.search(rf"^- {topology}: web1 [\d.]+, web2 [\d.]+, haproxy [\d.]+, wrk [\d.]+", printed, re.M)
    assert re.search(r"^- (CPU is the limit|The cores were not all busy)", printed, re.MULTILINE)


def test_no_server_is_left_running(printed):
    ports = [int(port) for port in re.findall(r"at http://127\.0\.0\.1:(\d+)", printed)]
    assert len(ports) == 4
    for port in ports:
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
