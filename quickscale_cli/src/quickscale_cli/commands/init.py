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


def run_init_interactive(name: str | None) -> None:
    """`quickscale init --interactive`: ask for the name, modules and theme, then write ./quickscale.yml."""
    from quickscale_core.config import CONFIG_FILE, ProjectConfig
    from quickscale_core.config.load import dump_config
    from quickscale_core.errors import InvalidInputError, TargetExistsError
    from quickscale_core.utils.files import write_new_file

    if not stdin_is_terminal():
        raise InvalidInputError(
            "quickscale init --interactive asks questions and needs a terminal; run it in one, "
            "or write quickscale.yml yourself (docs/config.md)."
        )
    target = Path.cwd() / CONFIG_FILE
    if target.exists():
        raise TargetExistsError(
            f"{CONFIG_FILE} already exists here; edit it, check it with quickscale validate, or run this elsewhere."
        )
    source, catalog = _wizard_source()
    info("QuickScale writes quickscale.yml here; quickscale generate then builds the project from it.\n")
    project = _ask_name(name)
    modules = _ask_modules(catalog)
    theme = _ask_theme(catalog.themes)
    config = ProjectConfig(
        name=project,
        source=source,
        theme=theme[0].name if theme else None,
        frontend_variant=theme[1].name if theme else None,
        modules={module: catalog[module].complete_options({}) for module in modules},
    )
    write_new_file(target, dump_config(config))
    success(f"\nWrote {CONFIG_FILE}: project {project}, modules {', '.join(modules) or 'none'}.")
    info("\nNext step:\n  quickscale generate")


def stdin_is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()


def _wizard_source():
    """The QuickScale source the project will embed (this checkout or $QUICKSCALE_REPO), and its modules."""
    import os

    from quickscale_core.config import QuickScaleSource
    from quickscale_core.modules.catalog import load_catalog
    from quickscale_core.sharing.plans import absolute_if_local, resolve_repo
    from quickscale_core.sharing.source import installed_checkout

    repo = absolute_if_local(resolve_repo(None, installed_checkout(), os.environ), Path.cwd())
    return QuickScaleSource(repo=repo, ref=_default_ref(repo)), load_catalog(repo)


def _default_ref(repo: str) -> str:
    """The branch the repository's HEAD is on (its default branch), else main."""
    from quickscale_core.sharing.git import default_branch

    return default_branch(Path.cwd(), repo) or "main"


def _ask_name(default: str | None) -> str:
    import click

    from quickscale_core.errors import InvalidProjectNameError
    from quickscale_core.utils import validate_project_name

    while True:
        name = click.prompt("Project name (a Python package name, such as acme)", default=default)
        try:
            return validate_project_name(name.strip())
        except InvalidProjectNameError as error:
            note(str(error))


def _ask_modules(catalog) -> list[str]:
    import click

    from quickscale_core.errors import ModuleSelectionError
    from quickscale_core.modules.catalog import parse_module_list, resolve_selection

    if not catalog:
        info("\nModules: this QuickScale source has none yet.")
        return []
    width = max(len(name) for name in catalog)
    info("\nModules:")
    for manifest in catalog.values():
        info(f"  {manifest.name:<{width}}  {manifest.description}")
    while True:
        answer = click.prompt("Modules to add (comma-separated, empty for none)", default="", show_default=False)
        if not answer.strip():
            return []
        try:
            names = parse_module_list(answer)
            chosen = [manifest.name for manifest in resolve_selection(_with_requirements(names, catalog), catalog)]
        except ModuleSelectionError as error:
            note(str(error))
            continue
        added = [name for name in chosen if name not in names]
        if added:
            info(f"Also added, as required: {', '.join(added)}.")
        return chosen


def _ask_theme(themes):
    """The theme and frontend to copy into the project (None: the starter's own templates)."""
    import click

    from quickscale_core.errors import ThemeSelectionError
    from quickscale_core.themes import choose_theme

    if not themes:
        info("\nThemes: this QuickScale source has none, so the project uses the starter's own templates.")
        return None
    width = max(len(name) for name in themes)
    info("\nThemes (copied into the project, yours to edit):")
    for theme in themes.values():
        info(f"  {theme.name:<{width}}  {theme.description} (frontends: {', '.join(theme.frontends)})")
    while True:
        answer = click.prompt("Theme (empty for none)", default="", show_default=False).strip()
        try:
            return choose_theme(themes, answer, None) if answer else None
        except ThemeSelectionError as error:
            note(str(error))


def _with_requirements(names: list[str], catalog) -> list[str]:
    """`names` and every module they require, directly or not (unknown names are left for the check)."""
    wanted = list(names)
    for name in wanted:
        if name in catalog:
            wanted += [required for required in catalog[name].requires if required not in wanted]
    return wanted
