"""`quickscale create NAME [--modules a,b]`: write NAME/quickscale.yml, then generate it."""

from __future__ import annotations

import shutil
from pathlib import Path

from quickscale_cli.output import info, success


def run_create(
    name: str,
    modules: str | None,
    repo: str | None,
    ref: str | None,
    prefix: str,
    theme: str | None = None,
    frontend: str | None = None,
) -> None:
    from quickscale_core.modules.create import create_project

    created = create_project(
        name, modules, Path.cwd(), repo=repo, ref=ref, prefix=prefix, theme=theme, frontend=frontend
    )
    chosen = [manifest.name for manifest in created.modules]
    with_modules = f" with the modules {', '.join(chosen)}" if chosen else ""
    with_theme = f" and the {created.theme} theme ({created.frontend} frontend)" if created.theme else ""
    success(f"Created the Django project {name} in ./{name}{with_modules}{with_theme}")
    for module, requirers in created.pulled_in.items():
        info(f"  {module} was added because {', '.join(requirers)} requires it")
    info(f"\n{name}/quickscale.yml describes it; edit it and run quickscale generate to add or remove modules.")
    info("\nCommits:")
    for subject in created.commits:
        info(f"  {subject}")
    info("\nNext steps:")
    for step in next_steps(name, prefix, chosen, uv_available=shutil.which("uv") is not None):
        info(f"  {step}")


def next_steps(name: str, prefix: str, modules: list[str], uv_available: bool = True) -> list[str]:
    """From the new folder to a running server and green tests, with uv when it is installed, else pip."""
    if uv_available:
        return [
            f"cd {name}",
            "uv sync",
            "uv run python manage.py migrate",
            "uv run python manage.py runserver",
            "uv run pytest",
        ]
    editable = " ".join([f"-e {prefix}/quickscale_core", *(f"-e {prefix}/quickscale_modules/{m}" for m in modules)])
    return [
        f"cd {name}",
        "python3 -m venv .venv && . .venv/bin/activate",
        f"python -m pip install --upgrade pip && pip install {editable} -e . --group dev",
        "python manage.py migrate",
        "python manage.py runserver",
        "pytest",
    ]
