"""Project name rules: a name must make a working package, folder and database."""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Iterable
from functools import cache
from importlib.resources import files

from quickscale_core.errors import InvalidProjectNameError

# PostgreSQL cuts identifiers at 63 bytes, and the name is also the default
# database name; it keeps every generated path far below the filesystem limits.
MAX_NAME_LENGTH = 63

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
# Close enough to a name that a corrected spelling is worth suggesting.
_IDENTIFIER_LIKE = re.compile(r"[\w -]{1,63}\Z", re.ASCII)

# sys.stdlib_module_names leaves out the regression-test package "test".
STDLIB_NAMES = sys.stdlib_module_names | {"test"}

# Import names of packages QuickScale projects commonly add (and of apps planned modules build on):
# a project package with one of these names would shadow the real package. The exact closure of the
# starter's and each module's pins is in data/dependency_names.json (scripts/update-dependency-names).
DEPENDENCY_NAMES = frozenset(
    {
        "allauth",
        "anymail",
        "coverage",
        "debug_toolbar",
        "django",
        "djstripe",
        "environ",
        "factory",
        "gunicorn",
        "jinja2",
        "pre_commit",
        "psycopg",
        "psycopg2",
        "psycopg_binary",
        "pytest",
        "pytest_cov",
        "pytest_django",
        "redis",
        "rest_framework",
        "ruff",
        "sentry_sdk",
        "stripe",
        "whitenoise",
    }
)

# Names the generated tree already uses beside the project package.
LAYOUT_NAMES = frozenset(
    {"conftest", "docs", "manage", "media", "static", "staticfiles", "templates", "tests", "users"}
)


@cache
def _dependency_closures() -> dict:
    text = files("quickscale_core").joinpath("data", "dependency_names.json").read_text(encoding="utf-8")
    return json.loads(text)


def shadowed_names(modules: Iterable[str] = ()) -> dict[str, str]:
    """{lower-case name: distribution} a project with the starter and `modules` must not be called.

    Both the import names of every distribution in the closure (the dev group included) and the
    distribution names themselves (uv refuses a project named like one of its dependencies).
    """
    closures = _dependency_closures()
    chosen = [closures["starter"], *(closures["modules"].get(module, {}) for module in modules)]
    names: dict[str, str] = {}
    for closure in chosen:
        for distribution, imports in closure.items():
            for candidate in (distribution.replace("-", "_"), *imports):
                names.setdefault(candidate.lower(), distribution)
    return names


def validate_project_name(name: str, modules: Iterable[str] = ()) -> str:
    """Return `name` if it can name a project with the starter and `modules`, else raise InvalidProjectNameError."""
    modules = tuple(modules)
    problem = _name_problem(name, modules)
    if problem is None:
        return name
    suggestion = suggest_name(name, modules) if _IDENTIFIER_LIKE.match(name) or "-" in name else None
    hint = f'; use "{suggestion}" instead' if suggestion else ""
    raise InvalidProjectNameError(f"{problem}{hint}.")


def suggest_name(name: str, modules: Iterable[str] = ()) -> str | None:
    """A valid name close to `name`, or None when nothing sensible is left of it."""
    modules = tuple(modules)
    candidate = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:MAX_NAME_LENGTH]
    if not candidate:
        return None
    if candidate[0].isdigit():
        candidate = f"project_{candidate}"[:MAX_NAME_LENGTH]
    if _name_problem(candidate, modules) is not None:
        candidate = f"{candidate[: MAX_NAME_LENGTH - 8]}_project"
    if candidate == name or _name_problem(candidate, modules) is not None:
        return None
    return candidate


def _name_problem(name: str, modules: tuple[str, ...] = ()) -> str | None:
    """Why `name` cannot be used, as the start of a sentence; None if it can."""
    shown = _displayable(name)
    if not name:
        return "The project name is empty; give one such as acme"
    if "/" in name or "\\" in name or name.startswith("."):
        return f'"{shown}" is a path, not a name: run the command from the folder that should contain the project'
    if len(name) > MAX_NAME_LENGTH:
        return f"The project name is {len(name)} characters long, more than the {MAX_NAME_LENGTH} allowed"
    if not _IDENTIFIER.match(name):
        return (
            f'"{shown}" is not a valid Python package name '
            "(ASCII letters, digits and underscores, starting with a letter)"
        )
    lowered = name.lower()
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f'"{name}" is a Python keyword'
    if lowered in STDLIB_NAMES:
        return f'"{name}" is a module of the Python standard library and would shadow it'
    if lowered in DEPENDENCY_NAMES or lowered.startswith("quickscale"):
        return f'"{name}" would shadow a package the project depends on'
    distribution = shadowed_names(modules).get(lowered)
    if distribution is not None:
        return f'"{name}" would shadow {distribution}, a package the project depends on'
    if lowered in LAYOUT_NAMES:
        return f'"{name}" is already used by a folder of the generated project'
    return None


def naming_advice(name: str) -> str | None:
    """A gentle note for valid names that break the lower-case convention."""
    if name == name.lower():
        return None
    return f'Python package names are lower case by convention; consider "{name.lower()}".'


def _displayable(name: str) -> str:
    """The name as it can be shown in one line of any terminal: short, escaped if need be."""
    shown = name if len(name) <= 40 else f"{name[:37]}..."
    return shown if shown.isprintable() else shown.encode("unicode_escape").decode("ascii")
