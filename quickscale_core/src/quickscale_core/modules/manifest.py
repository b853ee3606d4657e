"""The manifest (`quickscale_modules/<m>/module.toml`) that tells the CLI how to wire a module.

A manifest is checked against schemas/module.schema.json before anything is
built from it: entries that end up in generated Python source must be dotted
Python paths, so nothing pasted there can break out of its string.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, ValidationError
from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from quickscale_core.errors import ModuleManifestError

MANIFEST_FILE = "module.toml"


@dataclass(frozen=True)
class ModuleFile:
    """A whole file the module adds: `path` in the project, rendered from `template` in the module folder."""

    path: str
    template: str


@dataclass(frozen=True)
class ModuleBlock:
    """A block the module adds to the generated `file` at the starter's `anchor`, rendered from `template`."""

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
    # Option name -> its JSON Schema fragment (type, enum, default, description ...).
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
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

    def complete_options(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """`given` (already checked) with the defaults of the options it leaves out, in the manifest's order."""
        completed = {name: fragment["default"] for name, fragment in self.options.items() if "default" in fragment}
        completed.update(given)
        return {name: completed[name] for name in [*self.options, *given] if name in completed}


@cache
def manifest_schema() -> dict[str, Any]:
    """The JSON Schema of module.toml, as shipped in the package."""
    text = resources.files("quickscale_core").joinpath("schemas", "module.schema.json").read_text("utf-8")
    return json.loads(text)


def load_manifest(path: Path, shown: str | None = None) -> ModuleManifest:
    """Read and check one module.toml; raise ModuleManifestError naming the file as `shown` (default: `path`).

    `shown` is the manifest's path inside the QuickScale repository, so an error
    never names a temporary clone that is gone by the time it is read.
    """
    shown = shown or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ModuleManifestError(
            f"The module manifest {shown} cannot be read ({error.strerror}); "
            "fix it or update the QuickScale repository."
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ModuleManifestError(
            f"The module manifest {shown} is not valid TOML ({error}); fix it or update the QuickScale repository."
        ) from None
    problems = manifest_problems(data, path.parent.name)
    if problems:
        raise ModuleManifestError(f"The module manifest {shown}: {problem}" for problem in problems)
    return _from_data(data, path.parent)


def manifest_problems(data: dict[str, Any], folder: str) -> list[str]:
    """Every problem of the manifest `data` of the module folder `folder`, one sentence each."""
    if not folder.isidentifier() or folder != folder.lower():
        return [f"the module folder name {folder!r} is not a lower-case Python identifier; rename the folder."]
    problems = sorted({_schema_problem(error) for error in Draft202012Validator(manifest_schema()).iter_errors(data)})
    if problems:
        return problems
    return _value_problems(data, folder)


def _schema_problem(error: ValidationError) -> str:
    path = [str(part) for part in error.absolute_path]
    key = ".".join(path) or "the manifest"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = sorted(set(error.instance) - set(allowed))
        wrong = ".".join([*path, extras[0]])
        close = difflib.get_close_matches(extras[0], allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"the keys here are {', '.join(allowed)}."
        return f"unknown key {wrong}; {hint}"
    if error.validator == "required":
        missing = ", ".join(name for name in error.validator_value if name not in error.instance)
        return f"{key} is missing the required key(s) {missing}; add them."
    if error.validator == "type":
        return f"{key} must be {_TOML_TYPES[error.validator_value]}, not {_toml_type(error.instance)}; fix its value."
    if error.validator == "pattern" and "propertyNames" in error.schema_path:
        rule = "an upper-case variable name such as API_KEY" if path == ["env"] else "a lower-case identifier"
        return f"{key} has the key {error.instance!r}, but each key there must be {rule}."
    if error.validator == "pattern":
        rule = _PATTERN_RULES.get(error.schema["pattern"], "has a value that is not allowed")
        return f"{key} {rule}: {error.instance!r}."
    return f"{key}: {error.message.rstrip('.')}."


_SCHEMA = manifest_schema()
_PATTERN_RULES = {
    _SCHEMA["$defs"]["dotted"]["pattern"]: "must be a dotted Python path such as package.module",
    _SCHEMA["$defs"]["module_name"]["pattern"]: "must be a lower-case module name",
    _SCHEMA["$defs"]["relative_path"]["pattern"]: "must be a relative path inside the folder",
    _SCHEMA["properties"]["url_prefix"]["pattern"]: (
        'must be "" or a relative path ending in "/" (letters, digits, _ . ~ -), with no leading "/"'
    ),
    _SCHEMA["properties"]["nav"]["pattern"]: "must be a template path ending in .html",
    _SCHEMA["properties"]["description"]["pattern"]: "must be one non-empty line",
    _SCHEMA["properties"]["env"]["additionalProperties"]["pattern"]: "must be a one-line comment",
}


_TOML_TYPES = {"string": "a string", "array": "a list", "object": "a table", "integer": "an integer"}


def _toml_type(value: Any) -> str:
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    return "a table" if isinstance(value, dict) else "a date or time"


def _value_problems(data: dict[str, Any], folder: str) -> list[str]:
    """What the schema cannot say: names, versions, version ranges, pins and option schemas."""
    problems: list[str] = []
    if data["name"] != folder:
        problems.append(f'name "{data["name"]}" does not match its folder "{folder}"; make them equal.')
    try:
        Version(data["version"])
    except InvalidVersion:
        problems.append(f"version {data['version']!r} is not a PEP 440 version such as 0.1.0.")
    try:
        SpecifierSet(data["core"])
    except InvalidSpecifier:
        problems.append(f"core {data['core']!r} is not a PEP 440 version range such as >=0.56,<0.57.")
    problems += [_pin_problem(pin) for pin in data.get("dependencies", []) if _pin_problem(pin)]
    for name, fragment in data.get("options", {}).items():
        problems += _option_problems(name, fragment)
    return problems


def _pin_problem(pin: str) -> str | None:
    try:
        requirement = Requirement(pin)
    except InvalidRequirement:
        return f"dependencies entry {pin!r} is not a valid requirement; write an exact pin such as django-thing==1.0."
    operators = [specifier.operator for specifier in requirement.specifier]
    if requirement.url or requirement.marker or operators != ["=="]:
        return f"dependencies entry {pin!r} is not an exact pin; write it as name==version."
    return None


def _option_problems(name: str, fragment: dict[str, Any]) -> list[str]:
    if _uses_references(fragment):
        return [f"options.{name} uses $ref or $dynamicRef; write the schema fragment out in full."]
    try:
        Draft202012Validator.check_schema(fragment)
    except SchemaError as error:
        return [f"options.{name} is not a valid JSON Schema ({error.message.rstrip('.')}); fix the fragment."]
    if "default" in fragment:
        invalid = next(Draft202012Validator(fragment).iter_errors(fragment["default"]), None)
        if invalid is not None:
            return [f"options.{name}.default does not match its own schema ({invalid.message.rstrip('.')})."]
    return []


def _uses_references(value: Any) -> bool:
    """Whether a schema fragment refers elsewhere (which could fail, or fetch, while a value is checked)."""
    if isinstance(value, dict):
        return bool({"$ref", "$dynamicRef"} & set(value)) or any(map(_uses_references, value.values()))
    return isinstance(value, list) and any(map(_uses_references, value))


def _from_data(data: dict, path: Path) -> ModuleManifest:
    return ModuleManifest(
        name=data["name"],
        description=data["description"],
        version=data["version"],
        core=SpecifierSet(data["core"]),
        path=path,
        requires=tuple(data.get("requires", ())),
        dependencies=tuple(data.get("dependencies", ())),
        installed_apps=tuple(data.get("installed_apps", ())),
        middleware=tuple(data.get("middleware", ())),
        url_prefix=data.get("url_prefix"),
        urls=data.get("urls"),
        settings=data.get("settings", "").strip("\n"),
        env=dict(data.get("env", {})),
        readme=data.get("readme", {}).get("section", "").strip("\n"),
        context_processors=tuple(data.get("context_processors", ())),
        nav=data.get("nav"),
        options={name: dict(fragment) for name, fragment in data.get("options", {}).items()},
        files=tuple(ModuleFile(**entry) for entry in data.get("files", ())),
        blocks=tuple(ModuleBlock(**entry) for entry in data.get("blocks", ())),
    )
