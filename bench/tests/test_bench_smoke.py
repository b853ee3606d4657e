"""The benchmarks run end to end in smoke mode (one iteration each, no goals judged), so they cannot rot.

No timing is asserted: only that every benchmark ran and reported a numeric ratio against its baseline.
"""

from __future__ import annotations

import importlib
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from testsupport.services import require

BENCH = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| (?P<number>\d) (?P<name>[^|]+) \| (?P<cells>.+) \|$", re.MULTILINE)
SERVER = re.compile(r"at http://127\.0\.0\.1:(\d+)")
ROWS_1_TO_4 = ("--only", "generate", "--only", "startup", "--only", "green", "--only", "serving")


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> tuple[str, str]:
    """stdout of `bench/run.py --smoke` and the report file it wrote."""
    require("wrk", shutil.which("wrk") is not None, "run scripts/services.sh (it installs Debian's wrk)")
    report = tmp_path_factory.mktemp("bench") / "smoke.md"
    bench = subprocess.Popen(
        # Row 5 (first migrate) has its own smoke test, test_migrate_smoke.py.
        [sys.executable, BENCH / "run.py", "--smoke", "--output", report, *ROWS_1_TO_4],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        stdout, stderr = bench.communicate(timeout=900)
    finally:
        if bench.poll() is None:  # SIGTERM lets the bench stop its servers before it exits
            bench.terminate()
            bench.communicate(timeout=60)
    assert bench.returncode == 0, f"bench exited {bench.returncode}:\n{stderr}"
    return stdout, report.read_text()


def rows(report: str) -> list[dict[str, str]]:
    table = []
    for match in ROW.finditer(report):
        cells = [cell.strip() for cell in match["cells"].split("|")]
        table.append({"number": match["number"], "name": match["name"], "ratio": cells[4], "met": cells[6]})
    return table


def test_smoke_run_reports_the_four_benchmarks_with_numeric_ratios(smoke):
    table = rows(smoke[1])
    assert {row["number"] for row in table} == {"1", "2", "3", "4"}
    for row in table:
        assert float(row["ratio"]) > 0, row


def test_report_file_holds_what_was_printed(smoke):
    printed, written = smoke
    assert written == printed
    assert "Machine: " in written


def test_goals_are_not_judged_from_a_single_iteration(smoke):
    judged = [row for row in rows(smoke[1]) if row["met"] != "-"]
    assert {row["number"] for row in judged} == {"1", "2", "3", "4"}
    assert all(row["met"] == "not judged (smoke)" for row in judged)


def test_no_server_is_left_running(smoke):
    ports = [int(port) for port in SERVER.findall(smoke[1])]
    assert len(ports) >= 2
    for port in ports:
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
            pass


@pytest.fixture
def serving_module(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    return importlib.import_module("quickscale_bench.serving")


WRK_OUTPUT = """\
Running 1s test @ http://127.0.0.1:8000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.02ms    3.10ms  41.20ms   80.00%
  Latency Distribution
     50%  850.00us
     75%   15.00ms
     90%   17.00ms
     99%    1.20s
  1130 requests in 1.00s, 6.13MB read
{failures}Requests/sec:   1129.50
Transfer/sec:      6.12MB
"""


def test_wrk_output_is_read_with_its_units(serving_module):
    load = serving_module.parse_wrk(WRK_OUTPUT.format(failures=""))
    assert load.requests_per_second == pytest.approx(1129.5)
    assert load.p50 == pytest.approx(0.00085)
    assert load.p99 == pytest.approx(1.2)


def test_a_load_run_with_error_responses_is_refused(serving_module):
    with pytest.raises(serving_module.BenchError, match="Non-2xx or 3xx responses: 7"):
        serving_module.parse_wrk(WRK_OUTPUT.format(failures="  Non-2xx or 3xx responses: 7\n"))
