"""Rows 1 and 2: `quickscale init` against `django-admin startproject`, and the CLI's start-up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from quickscale_bench.procs import clean_env, timed
from quickscale_bench.report import Result, Row, above_baseline_at_most, ratio_at_most
from quickscale_bench.workspace import Workspace

NAME = "acme"
STARTUP_ALLOWANCE = 0.060  # seconds above a bare interpreter


def alternate(a: Callable[[], float], b: Callable[[], float], runs: int) -> tuple[list[float], list[float]]:
    """Time A and B in turns (A B A B ...), after one untimed warm-up each, so drift hits both alike."""
    a()
    b()
    samples_a, samples_b = [], []
    for _ in range(runs):
        samples_a.append(a())
        samples_b.append(b())
    return samples_a, samples_b


def generate(ws: Workspace, runs: int) -> Result:
    env = clean_env()

    def quickscale() -> float:
        return timed([ws.quickscale, "init", NAME], ws.fresh_dir("init"), env)

    def startproject() -> float:
        return timed([ws.django_admin, "startproject", NAME], ws.fresh_dir("startproject"), env)

    ours, theirs = alternate(quickscale, startproject, runs)
    files = {prefix: _count_files(ws.root, prefix) for prefix in ("init", "startproject")}
    row = Row("1 generate: `quickscale init` vs `django-admin startproject`", "ms", ours, theirs, ratio_at_most(1.0))
    note = (
        f"Row 1: {runs} run(s) each, alternating, fresh folder per run; quickscale init writes {files['init']} "
        f"files, startproject {files['startproject']}."
    )
    return Result([row], [note])


def startup(ws: Workspace, runs: int) -> Result:
    env = clean_env()
    cwd = ws.fresh_dir("startup")
    ours, theirs = alternate(
        lambda: timed([ws.quickscale, "--version"], cwd, env),
        lambda: timed([ws.python, "-c", "pass"], cwd, env),
        runs,
    )
    row = Row(
        "2 CLI start-up: `quickscale --version` vs `python -c pass`",
        "ms",
        ours,
        theirs,
        above_baseline_at_most(STARTUP_ALLOWANCE),
    )
    return Result([row], [f"Row 2: {runs} run(s) each, alternating; the goal is judged on the difference of medians."])


def _count_files(root: Path, prefix: str) -> int:
    """Files in one generated project (the first run's), for the notes."""
    first = sorted(root.glob(f"{prefix}-*/{NAME}"))[0]
    return sum(1 for path in first.rglob("*") if path.is_file() and "__pycache__" not in path.parts)
