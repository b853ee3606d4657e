"""Rows, goals and the Markdown report (the same text goes to stdout and to bench/results/latest.md)."""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

COLUMNS = ("benchmark", "quickscale median", "min", "max", "baseline median", "ratio", "goal", "met?")
UNITS: dict[str, Callable[[float], str]] = {
    "ms": lambda seconds: f"{seconds * 1000:.1f} ms",
    "s": lambda seconds: f"{seconds:.2f} s",
    "req/s": lambda rate: f"{rate:.0f} req/s",
}


@dataclass(frozen=True)
class Goal:
    text: str
    reached: Callable[[Row], bool]


def ratio_at_most(limit: float) -> Goal:
    return Goal(f"ratio <= {limit}", lambda row: row.ratio <= limit)


def ratio_at_least(limit: float) -> Goal:
    return Goal(f"ratio >= {limit}", lambda row: row.ratio >= limit)


def median_at_most(seconds: float) -> Goal:
    return Goal(f"<= {seconds:g} s", lambda row: row.median <= seconds)


def above_baseline_at_most(seconds: float) -> Goal:
    return Goal(f"<= baseline + {seconds * 1000:g} ms", lambda row: row.median - row.baseline_median <= seconds)


@dataclass
class Row:
    """One line of the table: QuickScale's samples against the baseline's, from the same run."""

    name: str
    unit: str
    quickscale: list[float]
    baseline: list[float]
    goal: Goal | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.quickscale)

    @property
    def baseline_median(self) -> float:
        return statistics.median(self.baseline)

    @property
    def ratio(self) -> float:
        return self.median / self.baseline_median

    def cells(self, judge: bool) -> list[str]:
        show = UNITS[self.unit]
        return [
            self.name,
            show(self.median),
            show(min(self.quickscale)),
            show(max(self.quickscale)),
            show(self.baseline_median),
            f"{self.ratio:.2f}",
            self.goal.text if self.goal else "-",
            self._verdict(judge),
        ]

    def _verdict(self, judge: bool) -> str:
        if self.goal is None:
            return "-"
        if not judge:
            return "not judged (smoke)"
        return "yes" if self.goal.reached(self) else "NO"


@dataclass
class Result:
    """What one benchmark returns: its rows and the notes that explain them."""

    rows: list[Row]
    notes: list[str] = field(default_factory=list)


def machine_line(versions: dict[str, str]) -> str:
    cpu = _cpu_model()
    memory = _memory_gib()
    parts = [f"{platform.system()} {platform.release()} {platform.machine()}", f"{os.cpu_count()} CPUs ({cpu})"]
    if memory:
        parts.append(f"{memory:.0f} GiB RAM")
    parts.append(f"Python {platform.python_version()}")
    parts.extend(f"{name} {version}" for name, version in versions.items())
    return ", ".join(parts)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float | None:
    try:
        first = Path("/proc/meminfo").read_text().splitlines()[0]  # MemTotal:  25165824 kB
    except (OSError, IndexError):
        return None
    return int(first.split()[1]) / 1024**2


def render(results: list[Result], machine: str, smoke: bool) -> str:
    mode = "smoke (one iteration each, goals not judged)" if smoke else "full"
    lines = [
        "# QuickScale benchmarks",
        "",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. Mode: {mode}.",
        "",
        f"Machine: {machine}",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(row.cells(judge=not smoke)) + " |" for result in results for row in result.rows]
    notes = [note for result in results for note in result.notes]
    if notes:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def write(text: str, path: Path) -> None:
    """Replace `path` atomically, so an interrupted run never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(path.name + ".tmp")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, path)
