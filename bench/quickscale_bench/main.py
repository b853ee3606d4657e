"""`python bench/run.py [--smoke]`: run the benchmarks, print the table, write bench/results/latest.md."""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from quickscale_bench.generate import generate, startup
from quickscale_bench.green import time_to_green
from quickscale_bench.migrate import first_migrate
from quickscale_bench.procs import BenchError
from quickscale_bench.report import Result, machine_line, render, write
from quickscale_bench.serving import serving
from quickscale_bench.workspace import REPO, UV, Workspace, workspace

LATEST = REPO / "bench" / "results" / "latest.md"
BENCHMARKS = ("generate", "startup", "green", "serving", "migrate")


@dataclass(frozen=True)
class Plan:
    """How many samples each benchmark takes: a full run, or one of each (smoke)."""

    runs: int  # rows 1 and 2, per side
    green_runs: int  # row 3, cold + warm pairs per side
    rounds: int  # row 4, wrk measurements per URL per side
    seconds: int  # row 4, length of one wrk measurement
    migrate_runs: int  # row 5, first migrate per side and database


FULL = Plan(runs=20, green_runs=3, rounds=5, seconds=5, migrate_runs=3)
SMOKE = Plan(runs=1, green_runs=1, rounds=1, seconds=1, migrate_runs=1)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="one iteration of each benchmark; goals not judged")
    parser.add_argument("--only", action="append", choices=BENCHMARKS, help="run only this benchmark (repeatable)")
    parser.add_argument(
        "--output", type=Path, help=f"where to write the report (default: {LATEST.relative_to(REPO)} for a full run)"
    )
    parser.add_argument("--runs", type=int, help="samples per side for rows 1 and 2 (default 20; at least 10)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder for inspection")
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < (1 if args.smoke else 10):
        parser.error("--runs must be at least 10 in a full run (at least 1 with --smoke)")
    return args


def run_benchmarks(ws: Workspace, plan: Plan, only: tuple[str, ...]) -> list[Result]:
    steps = {
        "generate": lambda: generate(ws, plan.runs),
        "startup": lambda: startup(ws, plan.runs),
        "green": lambda: time_to_green(ws, plan.green_runs),
        "serving": lambda: serving(ws, plan.rounds, plan.seconds),
        "migrate": lambda: first_migrate(ws, plan.migrate_runs),
    }
    results = []
    for name in only:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(steps[name]())
    return results


def tool_versions(ws: Workspace) -> dict[str, str]:
    return {
        "quickscale": _second_word(ws.quickscale, "--version"),
        "Django": ws.django.split("==")[1],
        "uv": _second_word(UV, "--version"),
        "wrk": _second_word("wrk", "--version"),
    }


def _second_word(*command: str | Path) -> str:
    """The version in a `tool 1.2.3 ...` banner (wrk prints its banner and exits 1)."""
    try:
        output = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=30)
    except OSError:
        return "missing"
    words = (output.stdout or output.stderr).split()
    return words[1] if len(words) > 1 else "?"


def report_in_workspace(benchmarks: Callable[[Workspace], list[Result]], smoke: bool, keep: bool = False) -> str | None:
    """The report of `benchmarks` run in a new workspace; None, with one `Error:` line printed, when a step failed."""
    # A terminated bench still stops its servers and removes its scratch folder (the `finally` blocks run).
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        with workspace(keep=keep) as ws:
            return render(benchmarks(ws), machine_line(tool_versions(ws)), smoke=smoke)
    except BenchError as error:
        print(f"Error: {error}", file=sys.stderr)
    except subprocess.CalledProcessError as error:  # setting up the bench's venv failed; uv said why above
        print(f"Error: `{' '.join(map(str, error.cmd))}` exited {error.returncode}.", file=sys.stderr)
    return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    if args.runs:
        plan = replace(plan, runs=args.runs)
    only = tuple(args.only or BENCHMARKS)
    if "serving" in only and not shutil.which("wrk"):
        print("Error: wrk is not installed; run scripts/services.sh (Debian: apt-get install wrk).", file=sys.stderr)
        return 1
    text = report_in_workspace(lambda ws: run_benchmarks(ws, plan, only), smoke=args.smoke, keep=args.keep)
    if text is None:
        return 1
    print(text, end="")
    output = args.output or (None if args.smoke else LATEST)
    if output:
        write(text, output)
    return 0
