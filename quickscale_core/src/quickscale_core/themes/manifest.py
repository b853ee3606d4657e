"""The manifest of a theme (`quickscale_themes/<t>/theme.toml`): what it is and what each frontend adds.

A theme's files live in `src/quickscale_themes/<t>/frontend_<variant>/`, laid out
as the generated project is (`templates/base.html`, `static/...`, `pages/views.py`),
over the files every frontend of the theme shares, in `src/quickscale_themes/<t>/common/`;
they are copied into the project when it is generated.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from quickscale_core.errors import ThemeManifestError

MANIFEST_FILE = "theme.toml"
COMMON_FOLDER = "common"


@dataclass(frozen=True)
class Frontend:
    """One frontend variant of a theme: its files' folder and what the project's settings and packages gain."""

    name: str
    description: str
    folder: Path
    requires: tuple[str, ...] = ()  # modules this frontend's pages need, on top of the theme's
    node_app: str | None = None  # the folder of an npm-built app (package.json), built in CI and the Dockerfile
    dependencies: tuple[str, ...] = ()
    installed_apps: tuple[str, ...] = ()
    middleware: tuple[str, ...] = ()
    context_processors: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    urls: str | None = None
    nav: str | None = None
    base: Frontend | None = None  # the same frontend of the theme this one extends, whose files it lays over

    @property
    def common_folder(self) -> Path:
        """The files every frontend of this frontend's theme gets, beneath its own (may not exist)."""
        return self.folder.parent / COMMON_FOLDER

    @property
    def lineage(self) -> tuple[Frontend, ...]:
        """This frontend and the ones it extends, the furthest base first."""
        return (*self.base.lineage, self) if self.base else (self,)

    def gathered(self, key: str) -> tuple[str, ...]:
        """A wiring list (dependencies, installed_apps ...) of the whole lineage, bases first, each entry once."""
        entries = [entry for frontend in self.lineage for entry in _as_tuple(getattr(frontend, key))]
        return tuple(dict.fromkeys(entries))


@dataclass(frozen=True)
class ThemeManifest:
    name: str
    description: str
    version: str
    core: SpecifierSet
    path: Path
    frontends: dict[str, Frontend]
    extends: str | None = None
    requires: tuple[str, ...] = ()  # modules the theme's pages need

    @property
    def distribution(self) -> str:
        return f"quickscale-theme-{self.name}"

    @property
    def default_frontend(self) -> str:
        return next(iter(self.frontends))


@cache
def theme_schema() -> dict[str, Any]:
    text = resources.files("quickscale_core").joinpath("schemas", "theme.schema.json").read_text("utf-8")
    return json.loads(text)


def load_theme_manifest(path: Path, shown: str | None = None) -> ThemeManifest:
    """Read and check one theme.toml; raise ThemeManifestError naming it as `shown` (default: `path`)."""
    shown = shown or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThemeManifestError(
            f"The theme manifest {shown} cannot be read ({error}); fix it or update the QuickScale repository."
        ) from None
    problems = [_problem(error) for error in Draft202012Validator(theme_schema()).iter_errors(data)]
    if not problems and data["name"] != path.parent.name:
        problems.append(f'name "{data["name"]}" does not match its folder "{path.parent.name}"; make them equal.')
    if not problems:
        try:
            SpecifierSet(data["core"])
        except InvalidSpecifier:
            problems.append(f"core {data['core']!r} is not a PEP 440 version range such as >=0.56,<0.57.")
    if problems:
        raise ThemeManifestError(f"The theme manifest {shown}: {problem}" for problem in sorted(problems))
    return _from_data(data, path.parent)


def _problem(error) -> str:
    key = ".".join(str(part) for part in error.absolute_path) or "the manifest"
    return f"{key}: {error.message.rstrip('.')}; fix it."


def _from_data(data: dict[str, Any], folder: Path) -> ThemeManifest:
    package = folder / "src" / "quickscale_themes" / data["name"]
    frontends = {
        variant: Frontend(
            name=variant,
            description=entry["description"],
            folder=package / f"frontend_{variant}",
            requires=tuple(entry.get("requires", ())),
            node_app=entry.get("node_app"),
            dependencies=tuple(entry.get("dependencies", ())),
            installed_apps=tuple(entry.get("installed_apps", ())),
            middleware=tuple(entry.get("middleware", ())),
            context_processors=tuple(entry.get("context_processors", ())),
            packages=tuple(entry.get("packages", ())),
            urls=entry.get("urls"),
            nav=entry.get("nav"),
        )
        for variant, entry in data["frontends"].items()
    }
    return ThemeManifest(
        name=data["name"],
        description=data["description"],
        version=data["version"],
        core=SpecifierSet(data["core"]),
        path=folder,
        frontends=frontends,
        extends=data.get("extends"),
        requires=tuple(data.get("requires", ())),
    )


def _as_tuple(value: tuple[str, ...] | str | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else value
