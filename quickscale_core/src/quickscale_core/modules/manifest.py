"""The manifest (`quickscale_modules/<m>/module.toml`) that tells the CLI how to wire a module."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from quickscale_core.errors import ModuleManifestError

MANIFEST_FILE = "module.toml"


@dataclass(frozen=True)
class ModuleFile:
    """A whole file the module adds: `path` in the project (Jinja), rendered from `template` in the module folder."""

    path: str
    template: str


@dataclass(frozen=True)
class ModuleBlock:
    """A block the module adds to the generated `file` at `anchor`, rendered from `template` in the module folder."""

    file: str
    anchor: str
    template: str


@dataclass(frozen=True)
class ModuleManifest:
    name: str
    description: str
    version: str
    core: SpecifierSet
    path: Path
    requires: tuple[str, ...] = ()
    dependencies: tuple[str, ...] = ()
    installed_apps: tuple[str, ...] = ()
    middleware: tuple[str, ...] = ()
    url_prefix: str | None = None
    urls: str | None = None
    settings: str = ""
    env: dict[str, str] = field(default_factory=dict)
    readme: str = ""
    context_processors: tuple[str, ...] = ()
    nav: str | None = None
    # Option name -> its JSON Schema fragment ([options.<name>]); "default" fills an option quickscale.yml leaves out.
    options: dict[str, dict] = field(default_factory=dict)
    files: tuple[ModuleFile, ...] = ()
    blocks: tuple[ModuleBlock, ...] = ()

    @property
    def distribution(self) -> str:
        return f"quickscale-module-{self.name}"

    @property
    def app_label(self) -> str:
        return f"quickscale_{self.name}"

    def supports_core(self, version: str) -> bool:
        return self.core.contains(version, prereleases=True)

    def option_values(self, given: dict | None = None) -> dict:
        """The module's options: the declared defaults, overridden by `given` (from quickscale.yml)."""
        defaults = {name: schema["default"] for name, schema in self.options.items() if "default" in schema}
        return {**defaults, **(given or {})}


def load_manifest(path: Path) -> ModuleManifest:
    """Read and check one module.toml; raise ModuleManifestError naming the file on any problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return _from_data(data, path.parent)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, InvalidSpecifier) as error:
        raise ModuleManifestError(
            f"The module manifest {path} is invalid ({_describe(error)}); fix it or update the QuickScale repository."
        ) from None


def _from_data(data: dict, path: Path) -> ModuleManifest:
    name = _text(data, "name")
    if name != path.name:
        raise ValueError(f'name "{name}" does not match its folder "{path.name}"')
    return ModuleManifest(
        name=name,
        description=_text(data, "description"),
        version=_text(data, "version"),
        core=SpecifierSet(_text(data, "core")),
        path=path,
        requires=_texts(data, "requires"),
        dependencies=_texts(data, "dependencies"),
        installed_apps=_texts(data, "installed_apps"),
        middleware=_texts(data, "middleware"),
        url_prefix=data.get("url_prefix"),
        urls=data.get("urls"),
        settings=data.get("settings", "").strip("\n"),
        env={str(k): str(v) for k, v in data.get("env", {}).items()},
        readme=data.get("readme", {}).get("section", "").strip("\n"),
        context_processors=_texts(data, "context_processors"),
        nav=data.get("nav"),
        options={str(name): dict(schema) for name, schema in data.get("options", {}).items()},
        files=tuple(ModuleFile(path=item["path"], template=item["template"]) for item in data.get("files", [])),
        blocks=tuple(
            ModuleBlock(file=item["file"], anchor=item["anchor"], template=item["template"])
            for item in data.get("blocks", [])
        ),
    )


def _text(data: dict, key: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f'"{key}" must be a non-empty string')
    return value


def _texts(data: dict, key: str) -> tuple[str, ...]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValueError(f'"{key}" must be a list of strings')
    return tuple(values)


def _describe(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing {error.args[0]!r}"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).rstrip(".")
