"""What removing a module cannot undo: its tables in the database, and how generate checks for them."""

from __future__ import annotations

import ast
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from quickscale_core.errors import ModuleRemovalError
from quickscale_core.project.blocks import Block

DEFAULT_DATABASE = "db.sqlite3"  # the starter's local database when DATABASE_URL is not set
PROJECT_PYTHON = Path(".venv", "bin", "python")


@dataclass(frozen=True)
class Removal:
    """A module being removed and the app labels whose tables it brought, dependents first."""

    module: str
    apps: tuple[str, ...]

    def commands(self, apps: Iterable[str] | None = None) -> tuple[str, ...]:
        return tuple(f"python manage.py migrate {app} zero" for app in (self.apps if apps is None else apps))


def removal(
    module: str, blocks: list[tuple[str, Block]], remaining: list[tuple[str, Block]], root: Path, prefix: str
) -> Removal:
    kept = set(installed_apps(remaining))
    apps = [app_label(app) for app in installed_apps(blocks) if app not in kept and has_migrations(root, prefix, app)]
    return Removal(module=module, apps=tuple(reversed(dict.fromkeys(apps))))


def has_migrations(root: Path, prefix: str, app: str) -> bool:
    """Whether the app has a migrations package: looked up in the embedded copy or the project's .venv.

    True when it cannot tell (no .venv), so a command is printed rather than left out.
    """
    parts = app.split(".")
    if len(parts) > 2 and parts[-2] == "apps" and parts[-1].endswith("Config"):
        parts = parts[:-2]
    if parts[0] == "quickscale_modules" and len(parts) == 2:
        folder = root / prefix / "quickscale_modules" / parts[1] / "src" / Path(*parts)
        return (folder / "migrations").is_dir() if folder.is_dir() else True
    packages = list((root / ".venv" / "lib").glob("python3*/site-packages"))
    if not packages:
        return True
    return any((site / Path(*parts) / "migrations").is_dir() for site in packages)


def installed_apps(blocks: list[tuple[str, Block]]) -> list[str]:
    """The apps the blocks' `INSTALLED_APPS += [...]` lines add."""
    apps = []
    for _, block in blocks:
        if block.anchor != "settings":
            continue
        try:
            tree = ast.parse(block.body)
        except SyntaxError:
            continue
        for node in tree.body:
            if (
                isinstance(node, ast.AugAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == "INSTALLED_APPS"
                and isinstance(node.value, ast.List)
            ):
                apps += [item.value for item in node.value.elts if isinstance(item, ast.Constant)]
    return apps


def app_label(app: str) -> str:
    """Django's label of an INSTALLED_APPS entry (QuickScale modules: quickscale_<m>)."""
    parts = app.split(".")
    if parts[0] == "quickscale_modules" and len(parts) == 2:
        return f"quickscale_{parts[1]}"
    if len(parts) > 2 and parts[-2] == "apps" and parts[-1].endswith("Config"):
        return parts[-3]
    return parts[-1]


def require_no_data(root: Path, removals: tuple[Removal, ...]) -> None:
    """Refuse to remove modules whose migrations are applied to the local database (or when that is unknown)."""
    removals = tuple(item for item in removals if item.apps)
    if not removals:
        return
    applied = applied_apps(root)
    if applied is None:
        names = ", ".join(item.module for item in removals)
        commands = "; ".join(command for item in removals for command in item.commands())
        raise ModuleRemovalError(
            f"Cannot tell whether the tables of the {names} module are in the local database (no .venv to ask "
            f"Django, and DATABASE_URL is not the default SQLite file); run {commands} first, then rerun generate "
            "with --keep-data."
        )
    for item in removals:
        hit = [app for app in item.apps if app in applied]
        if hit:
            raise ModuleRemovalError(
                f"The {item.module} module's migrations are applied to the local database ({', '.join(hit)}); "
                f"run {'; '.join(item.commands(hit))} before removing it, or rerun generate with --keep-data to "
                "keep its tables."
            )


def applied_apps(root: Path) -> set[str] | None:
    """Labels of the apps with migrations applied to the project's local database; None when it cannot tell."""
    python = root / PROJECT_PYTHON
    if python.exists() and (root / "manage.py").exists():
        applied = _ask_django(root, python)
        if applied is not None:
            return applied
    if _database_url_set(root):
        return None
    return _read_sqlite(root / DEFAULT_DATABASE)


def _ask_django(root: Path, python: Path) -> set[str] | None:
    try:
        result = subprocess.run(
            [str(python), "manage.py", "showmigrations", "--plan"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return set(re.findall(r"^\[X\]\s+(\w+)\.", result.stdout, flags=re.MULTILINE))


def _database_url_set(root: Path) -> bool:
    if os.environ.get("DATABASE_URL"):
        return True
    try:
        dotenv = (root / ".env").read_text(encoding="utf-8")
    except OSError:
        return False
    return re.search(r"^\s*(export\s+)?DATABASE_URL\s*=\s*\S", dotenv, flags=re.MULTILINE) is not None


def _read_sqlite(path: Path) -> set[str] | None:
    if not path.exists():
        return set()
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            rows = connection.execute("SELECT DISTINCT app FROM django_migrations").fetchall()
    except sqlite3.Error as error:
        return set() if "no such table" in str(error) else None
    return {row[0] for row in rows}
