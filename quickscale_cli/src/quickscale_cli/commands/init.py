"""`quickscale init NAME`."""

from __future__ import annotations

import shutil
from pathlib import Path

from quickscale_cli.output import info, note, success


def run_init(name: str) -> None:
    from quickscale_core.scaffold import ProjectGenerator
    from quickscale_core.utils import naming_advice

    target = ProjectGenerator().generate(name, Path.cwd())
    success(f"Created the Django project {name} in ./{target.name}")
    advice = naming_advice(name)
    if advice:
        note(advice)
    info("\nNext steps:")
    for step in next_steps(name, uv_available=shutil.which("uv") is not None):
        info(f"  {step}")


def next_steps(name: str, uv_available: bool) -> list[str]:
    """The commands that take a fresh project to a running server and green tests."""
    if uv_available:
        return [
            f"cd {name}",
            "uv sync",
            "uv run python manage.py migrate",
            "uv run python manage.py runserver",
            "uv run pytest",
        ]
    return [
        f"cd {name}",
        "python3 -m venv .venv && . .venv/bin/activate",
        "python -m pip install --upgrade pip && pip install -e . --group dev",
        "python manage.py migrate",
        "python manage.py runserver",
        "pytest",
    ]
