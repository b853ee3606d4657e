"""Loading, validating and writing `quickscale.yml`.

    config = load_config(Path("quickscale.yml"))   # ProjectConfig, or ConfigError listing every problem
    text = dump_config(config)                      # deterministic YAML; load_config reads it back equal

Every problem is one sentence with the line and column it concerns; all of them
are reported at once, in the order they appear in the file.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, ValidationError

from quickscale_core.config.model import CONFIG_FILE, ProjectConfig, QuickScaleSource
from quickscale_core.config.reader import START, Document, Mark, Problem, read_yaml, report
from quickscale_core.errors import InvalidProjectNameError, QuickScaleError

SCHEMA_PATH = "quickscale_core/src/quickscale_core/schemas/quickscale.schema.json"

# The seeds' keys that no longer exist, and what to write instead.
DEPRECATED_KEYS = {
    "features": "list the project's modules under modules: instead",
    "components": "list the project's modules under modules: instead",
    "technologies": "choose the frontend with frontend.variant instead",
    "technology": "choose the frontend with frontend.variant instead",
    "primary": "choose the frontend with frontend.variant instead",
}

_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}

_PATTERN_RULES = {
    ("quickscale", "repo"): "must be a URL or a path that does not start with - or a space",
    ("quickscale", "ref"): "must be a branch or tag name without spaces that does not start with -",
    ("quickscale", "prefix"): "must be a plain folder name inside the project, such as quickscale",
}


@cache
def config_schema() -> dict[str, Any]:
    """The JSON Schema of quickscale.yml, as shipped in the package."""
    text = resources.files("quickscale_core").joinpath("schemas", "quickscale.schema.json").read_text("utf-8")
    return json.loads(text)


def load_config(path: Path | str = CONFIG_FILE, catalog: Mapping | None = None) -> ProjectConfig:
    """Read and fully check `path`; the modules are checked against `catalog`, else the project's QuickScale source.

    Module options missing from the file get their defaults. Raises ConfigError
    with every problem found ("FILE:LINE:COL: sentence.").
    """
    label = str(path)
    document = read_yaml(Path(path), label)
    problems = _document_problems(document)
    if problems is None or not isinstance(document.data, dict):
        raise report(label, [(START, _top_level_problem(document.data))])
    data = document.data
    modules = data.get("modules") or {}
    frontend = data.get("frontend") if isinstance(data.get("frontend"), dict) else {}
    wants_theme = isinstance(data.get("theme"), str) or isinstance(frontend.get("variant"), str)
    if (modules or wants_theme) and _modules_checkable(data):
        catalog = _catalog_or_problem(catalog, data, path)
        if modules:
            resolved, module_problems = _check_modules(modules, document, catalog)
            problems += module_problems
            data = {**data, "modules": resolved}
        if wants_theme:
            problems += _check_theme(data.get("theme"), frontend.get("variant"), document, catalog)
    if problems:
        raise report(label, problems)
    return ProjectConfig.from_data(data)


def dump_config(config: ProjectConfig) -> str:
    """The text of quickscale.yml for `config`: a schema line for editors, a comment, the keys in documented order."""
    header = (
        f"# yaml-language-server: $schema={config.source.prefix}/{SCHEMA_PATH}\n"
        "# QuickScale project configuration: check it with `quickscale validate`, "
        "apply it with `quickscale generate` (docs/config.md).\n"
    )
    body = yaml.dump(
        config.to_data(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000
    )
    return header + body


class _Dumper(yaml.SafeDumper):
    """Never writes anchors (the reader refuses them), even for a value used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


# --- the file on its own --------------------------------------------------------------


def _top_level_problem(data: Any) -> str:
    if data is None:
        return "the file is empty; write the project's configuration (see docs/config.md)."
    return f"the top level must be a mapping of keys (schema_version, project, ...), not {_describe(data)}."


def _document_problems(document: Document) -> list[Problem] | None:
    """The problems of the file checked on its own (None when it is not a mapping at all)."""
    data = document.data
    if not isinstance(data, dict):
        return None
    problems: list[Problem] = []
    for error in Draft202012Validator(config_schema()).iter_errors(data):
        problems += _schema_problems(error, document)
    project = data.get("project")
    if isinstance(project, dict) and isinstance(project.get("name"), str):
        problems += _name_problems(project["name"], document)
    return problems


def _modules_checkable(data: dict[str, Any]) -> bool:
    """Whether the modules and the QuickScale source are well-formed enough to check the modules against it."""
    schema = config_schema()
    part = {key: data[key] for key in ("modules", "quickscale") if key in data}
    checked = {**schema, "required": ["quickscale"], "properties": {key: schema["properties"][key] for key in part}}
    return Draft202012Validator(checked).is_valid(part)


def _name_problems(name: str, document: Document) -> list[Problem]:
    from quickscale_core.utils.names import validate_project_name

    try:
        validate_project_name(name)
    except InvalidProjectNameError as error:
        return [(document.value_mark(("project", "name")), f"project.name: {error}")]
    return []


def _schema_problems(error: ValidationError, document: Document, base: tuple = ()) -> list[Problem]:
    """One or more problems (mark, sentence) for one jsonschema error."""
    path = (*base, *error.absolute_path)
    where = _dotted(path)
    kind = error.validator
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extras = [key for key in error.instance if key not in allowed]
        return [(document.key_mark((*path, key)), _unknown_key(path, key, allowed)) for key in extras]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        inside = where or "the file"
        return [
            (document.value_mark(path), f"{inside} is missing the required key {key}; add it (see docs/config.md).")
            for key in missing
        ]
    mark = document.value_mark(path)
    if kind == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in expected)
        hint = "; quote it" if "string" in expected and isinstance(error.instance, int | float | bool) else ""
        return [(mark, f"{where} must be {wanted}, not {_describe(error.instance)}{hint}.")]
    if kind == "const":
        version = " (this QuickScale reads version 2 files)" if path == ("schema_version",) else ""
        return [
            (mark, f"{where} must be {json.dumps(error.validator_value)}{version}, not {_describe(error.instance)}.")
        ]
    if kind == "pattern" and path == ("project", "name"):
        return []  # validate_project_name says why, with a suggestion
    if kind == "pattern" and path in _PATTERN_RULES:
        return [(mark, f"{where} {_PATTERN_RULES[path]}, not {_describe(error.instance)}.")]
    if kind == "enum":
        choices = ", ".join(json.dumps(choice) for choice in error.validator_value)
        return [(mark, f"{where} must be one of {choices}, not {_describe(error.instance)}.")]
    if kind == "minLength" and error.validator_value == 1:
        return [(mark, f"{where} must not be empty.")]
    return [(mark, f"{where or 'the file'}: {error.message.rstrip('.')}.")]


def _unknown_key(path: tuple, key: str, allowed: list[str]) -> str:
    dotted = _dotted((*path, key))
    if path == ("frontend",) and key == "theme":
        return f"{dotted} is not supported; set the theme with the top-level theme: key."
    if path == ("frontend",):
        return f"{dotted} is not supported; a frontend has only source (its folder) and variant (the theme's variant)."
    if key in DEPRECATED_KEYS:
        return f"{dotted} is no longer supported; {DEPRECATED_KEYS[key]}."
    close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key {dotted}; did you mean {_dotted((*path, close[0]))}?"
    return f"unknown key {dotted}; the keys here are {', '.join(allowed)}."


# --- modules, against the catalog of the project's QuickScale source --------------------------


def _source(data: Mapping[str, Any]) -> QuickScaleSource:
    quickscale = data["quickscale"]
    return QuickScaleSource(
        repo=quickscale["repo"], ref=quickscale["ref"], prefix=quickscale.get("prefix", "quickscale")
    )


SOURCE_ORIGIN = (f"quickscale.repo in {CONFIG_FILE}", f"quickscale.ref in {CONFIG_FILE}")


def project_catalog(source: QuickScaleSource, root: Path):
    """The modules the project can use: its embedded QuickScale copy's when it has one, else the recorded repo's."""
    from quickscale_core.modules.catalog import MODULES_FOLDER, find_modules, load_catalog
    from quickscale_core.sharing.plans import absolute_if_local

    embedded = root / source.prefix
    if (embedded / MODULES_FOLDER).is_dir():
        return find_modules(embedded, shown=f"{source.prefix}/")
    return load_catalog(absolute_if_local(source.repo, root), source.ref, origin=SOURCE_ORIGIN)


def _catalog_or_problem(catalog: Mapping | None, data: Mapping[str, Any], path: Path | str):
    if catalog is not None:
        return catalog
    try:
        return project_catalog(_source(data), Path(path).resolve().parent)
    except QuickScaleError as error:
        return error


def _check_modules(modules: Mapping[str, Any], document: Document, catalog) -> tuple[dict, list[Problem]]:
    """The modules with their options completed by defaults, and the problems found."""
    if isinstance(catalog, QuickScaleError):
        reason = str(catalog).rstrip(".")
        return dict(modules), [(document.key_mark(("modules",)), f"the modules cannot be checked: {reason}.")]
    problems: list[Problem] = []
    resolved: dict[str, dict] = {}
    broken = getattr(catalog, "broken", {})
    for name, options in modules.items():
        mark = document.key_mark(("modules", name))
        if name in broken:
            problems.append((mark, f"the module {name} cannot be used: {_first_sentence(broken[name])}"))
        elif name not in catalog:
            problems.append((mark, _unknown_module(name, catalog)))
        else:
            manifest = catalog[name]
            resolved[name], option_problems = _check_options(manifest, options or {}, document)
            problems += option_problems
            problems += [(mark, sentence) for sentence in _selection_problems(manifest, catalog)]
    return resolved, problems


def _check_theme(theme: Any, variant: Any, document: Document, catalog) -> list[Problem]:
    """The problem of a theme or frontend variant the project's QuickScale source does not have (none if fine)."""
    from quickscale_core.themes.catalog import choose_theme

    key = ("theme",) if theme is not None else ("frontend", "variant")
    if isinstance(catalog, QuickScaleError):
        return [(document.key_mark(key), f"the theme cannot be checked: {str(catalog).rstrip('.')}.")]
    try:
        choose_theme(getattr(catalog, "themes", {}), theme if isinstance(theme, str) else None, variant)
    except QuickScaleError as error:
        mark = document.key_mark(("frontend", "variant") if theme in getattr(catalog, "themes", {}) else key)
        sentence = _first_sentence(error)
        return [(mark, sentence[0].lower() + sentence[1:])]
    return []


def _unknown_module(name: str, catalog: Mapping) -> str:
    available = ", ".join(catalog) or "none"
    close = difflib.get_close_matches(name, list(catalog), n=1, cutoff=0.6)
    guess = f" (did you mean {close[0]}?)" if close else ""
    return f"there is no module named {name}{guess}; available modules: {available}."


def _check_options(manifest, options: Mapping[str, Any], document: Document) -> tuple[dict, list[Problem]]:
    base = ("modules", manifest.name)
    problems: list[Problem] = []
    for key in options:
        if key not in manifest.options:
            problems.append((document.key_mark((*base, key)), _unknown_option(manifest, key)))
    for key, fragment in manifest.options.items():
        if key in options:
            for error in Draft202012Validator(fragment).iter_errors(options[key]):
                problems += _schema_problems(error, document, base=(*base, key))
        elif "default" not in fragment:
            about = f" ({fragment['description'].rstrip('.')})" if fragment.get("description") else ""
            problems.append(
                (document.key_mark(base), f"the module {manifest.name} needs the option {key}{about}; add it.")
            )
    return manifest.complete_options(options), problems


def _unknown_option(manifest, key: str) -> str:
    where = _dotted(("modules", manifest.name, key))
    if not manifest.options:
        return f"unknown option {where}; the module {manifest.name} takes no options."
    close = difflib.get_close_matches(key, list(manifest.options), n=1, cutoff=0.6)
    if close:
        return f"unknown option {where}; did you mean {close[0]}?"
    return f"unknown option {where}; the options of {manifest.name} are {', '.join(manifest.options)}."


def _selection_problems(manifest, catalog) -> list[str]:
    """Why the project's QuickScale source cannot provide `manifest`. (A required module left out is not a
    problem: generate pulls it in and says so, and preview shows it.)"""
    core_version = getattr(catalog, "core_version", None)
    if core_version and not manifest.supports_core(core_version):
        return [
            f"the module {manifest.name} needs quickscale-core {manifest.core}, but the project's QuickScale "
            f"source has {core_version}; pick a matching quickscale.ref."
        ]
    return []


# --- wording ---------------------------------------------------------------------------------


def _dotted(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else f"{value[:37]}..."
        return json.dumps(shown)
    return "a mapping" if isinstance(value, dict) else "a list"


def _first_sentence(error: QuickScaleError) -> str:
    problems = getattr(error, "problems", (str(error),))
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    first = problems[0] if problems[0].endswith((".", "?")) else f"{problems[0]}."
    return f"{first[:-1]}{more}{first[-1]}"


__all__ = ["Mark", "config_schema", "dump_config", "load_config", "project_catalog"]
