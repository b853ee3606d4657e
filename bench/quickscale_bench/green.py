"""Row 3: time to green, from an empty folder to a passing test suite, with a cold and a warm uv cache.

QuickScale follows the steps its README gives: `quickscale init`, `uv sync` (a fresh .venv with the dev
group), `uv run pytest`. The baseline is the same path for a bare Django project: `django-admin
startproject`, a fresh venv with Django installed by uv, `manage.py test`.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from pathlib import Path

from quickscale_bench.procs import clean_env, timed
from quickscale_bench.report import Result, Row, median_at_most
from quickscale_bench.workspace import UV, Workspace

NAME = "acme"
STEPS = ("init", "install", "test")
GOALS = {"cold": median_at_most(30), "warm": median_at_most(10)}

Steps = dict[str, float]
Pipeline = Callable[[Workspace, Path], Steps]


def quickscale_pipeline(ws: Workspace, cache: Path) -> Steps:
    env = clean_env(UV_CACHE_DIR=cache, UV_PYTHON=ws.python)
    with ws.scratch("green") as parent:
        project = parent / NAME
        return {
            "init": timed([ws.quickscale, "init", NAME], parent, env),
            "install": timed([UV, "sync", "--quiet"], project, env),
            "test": timed([UV, "run", "--quiet", "pytest", "-q"], project, env),
        }


def baseline_pipeline(ws: Workspace, cache: Path) -> Steps:
    env = clean_env(UV_CACHE_DIR=cache, UV_PYTHON=ws.python)
    with ws.scratch("green-baseline") as parent:
        project = parent / NAME
        init = timed([ws.django_admin, "startproject", NAME], parent, env)
        install = timed([UV, "venv", "--quiet", ".venv"], project, env)
        install += timed([UV, "pip", "install", "--quiet", "--python", ".venv/bin/python", ws.django], project, env)
        test = timed([project / ".venv/bin/python", "manage.py", "test"], project, env)
        return {"init": init, "install": install, "test": test}


def time_to_green(ws: Workspace, runs: int) -> Result:
    """Each run: a new empty uv cache (cold), then the same steps again with that cache (warm)."""
    samples: dict[tuple[str, str], list[Steps]] = {}
    for _ in range(runs):
        for who, pipeline in (("quickscale", quickscale_pipeline), ("baseline", baseline_pipeline)):
            cold, warm = _cold_then_warm(ws, pipeline)
            samples.setdefault((who, "cold"), []).append(cold)
            samples.setdefault((who, "warm"), []).append(warm)
    rows, notes = [], []
    for cache in ("cold", "warm"):
        ours, theirs = samples["quickscale", cache], samples["baseline", cache]
        name = f"3 time to green, {cache} uv cache: init + install + tests vs bare Django"
        rows.append(Row(name, "s", _totals(ours), _totals(theirs), GOALS[cache]))
        notes.append(f"Row 3 {cache}: quickscale {_shares(ours)}; baseline {_shares(theirs)}.")
    notes.append(
        f"Row 3: {runs} run(s); QuickScale: `quickscale init`, `uv sync`, `uv run pytest`; baseline: "
        f"`django-admin startproject`, `uv venv` + `uv pip install {ws.django}`, `manage.py test`."
    )
    return Result(rows, notes)


def _cold_then_warm(ws: Workspace, pipeline: Pipeline) -> tuple[Steps, Steps]:
    with ws.scratch("uv-cache") as cache:
        return pipeline(ws, cache), pipeline(ws, cache)


def _totals(runs: list[Steps]) -> list[float]:
    return [sum(steps.values()) for steps in runs]


def _shares(runs: list[Steps]) -> str:
    """Each step's median and its share of the sum of the step medians."""
    medians = {step: statistics.median(run[step] for run in runs) for step in STEPS}
    total = sum(medians.values())
    return ", ".join(f"{step} {seconds:.2f} s ({seconds / total:.0%})" for step, seconds in medians.items())
