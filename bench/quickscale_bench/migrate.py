"""Row 5: the first `migrate` of a project with every module against a project with auth alone (no billing), on
SQLite and on PostgreSQL.

Both projects are made by `quickscale create` from a bare repository of this checkout's files (as a client project
embeds QuickScale) and installed as production installs them (`uv sync --no-dev`); one `manage.py check` each
compiles their bytecode, so no sample pays for it. A sample is `manage.py migrate --noinput` with production
settings on a new database (a new SQLite file, or a new PostgreSQL database made and dropped outside the timing),
wall-clock, process start-up and system checks included; samples alternate every module / auth only. The notes
add the CPU seconds of the same samples, which a busy machine stretches less than the wall-clock.

With `originals`, the project with every module is also timed once per database with dj-stripe's own migrations
in place of the billing module's squash of them: the time before the squash (minutes).
"""

from __future__ import annotations

import resource
import secrets
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from quickscale_bench.databases import create_database, drop_database
from quickscale_bench.procs import clean_env, run
from quickscale_bench.report import Result, Row, median_at_most
from quickscale_bench.workspace import UV, Workspace
from testsupport.git import isolated_git_env, make_upstream

PROJECTS = {"every module": ("every", "auth,teams,billing,notifications,api"), "auth only": ("authonly", "auth")}
DATABASES = ("SQLite", "PostgreSQL")
GOAL = median_at_most(10)
DATABASE_PREFIX = "qs_bench_migrate"
# A settings module over the production one with dj-stripe's own migrations (MIGRATION_MODULES emptied).
ORIGINALS_SETTINGS = "from .production import *  # noqa: F403\n\nMIGRATION_MODULES = {}\n"
ORIGINALS_TIMEOUT = 3600


@dataclass(frozen=True)
class Sample:
    wall: float
    cpu: float


def first_migrate(ws: Workspace, runs: int, originals: bool = False) -> Result:
    with ws.scratch("migrate") as parent:
        git_env = isolated_git_env(parent)
        upstream = make_upstream(parent / "quickscale.git", env=git_env)
        projects = {label: _create(ws, parent, upstream, git_env, *PROJECTS[label]) for label in PROJECTS}
        samples: dict[tuple[str, str], list[Sample]] = {}
        for _ in range(runs):
            for database in DATABASES:
                for label, project in projects.items():
                    samples.setdefault((label, database), []).append(_sample(project, database, parent))
        if originals:
            every = projects["every module"]
            (every / every.name / "settings" / "djstripe_originals.py").write_text(ORIGINALS_SETTINGS)
            for database in DATABASES:
                sample = _sample(every, database, parent, settings="djstripe_originals", timeout=ORIGINALS_TIMEOUT)
                samples["every module, dj-stripe's own migrations", database] = [sample]
    return Result(_rows(samples), _notes(samples, runs))


def _create(ws: Workspace, parent: Path, upstream: Path, git_env: dict[str, str], name: str, modules: str) -> Path:
    """`quickscale create name --modules ... --repo upstream` (a bare repository of this checkout), installed as
    production installs it."""
    env = clean_env(UV_PYTHON=ws.python, **git_env)
    run([ws.quickscale, "create", name, "--modules", modules, "--repo", upstream], parent, env)
    project = parent / name
    run([UV, "sync", "--quiet", "--no-dev"], project, env)
    run([project / ".venv/bin/python", "manage.py", "check"], project, _production_env(project, "sqlite://:memory:"))
    return project


def _production_env(project: Path, database_url: str, settings: str = "production") -> dict[str, str]:
    return clean_env(
        DJANGO_SETTINGS_MODULE=f"{project.name}.settings.{settings}",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
    )


def _sample(project: Path, database: str, parent: Path, settings: str = "production", timeout: float = 600) -> Sample:
    """One `migrate` on a new database: wall-clock and CPU seconds (user + system) of the process."""
    if database == "SQLite":
        url = f"sqlite:///{parent / 'databases' / f'{project.name}-{time.monotonic_ns()}.sqlite3'}"
        (parent / "databases").mkdir(exist_ok=True)
    else:
        url = create_database(DATABASE_PREFIX)
    try:
        env = _production_env(project, url, settings)
        before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        run([project / ".venv/bin/python", "manage.py", "migrate", "--noinput"], project, env, timeout=timeout)
        wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        if database == "PostgreSQL":
            drop_database(url)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return Sample(wall, cpu)


def _rows(samples: dict[tuple[str, str], list[Sample]]) -> list[Row]:
    rows = []
    for (label, database), ours in samples.items():
        if label == "auth only":
            continue
        baseline = [sample.wall for sample in samples["auth only", database]]
        goal = GOAL if label == "every module" else None
        name = f"5 first migrate, {database}: {label} vs auth only"
        rows.append(Row(name, "s", [sample.wall for sample in ours], baseline, goal))
    return rows


def _notes(samples: dict[tuple[str, str], list[Sample]], runs: int) -> list[str]:
    cpu = "; ".join(
        f"{label}, {database} {statistics.median(sample.cpu for sample in group):.2f} s"
        for (label, database), group in samples.items()
    )
    every, auth = PROJECTS["every module"][1], PROJECTS["auth only"][1]
    return [
        f"Row 5: `quickscale create --modules {every}` against `--modules {auth}`, `uv sync --no-dev`, then "
        f"`manage.py migrate` with production settings on a new database; {runs} run(s) per side and database, "
        "alternating; `manage.py check` ran once before, in each project, to compile its bytecode.",
        f"Row 5 CPU seconds (median, user + system): {cpu}.",
    ]
