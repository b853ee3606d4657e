"""Pure wiring of a module into a generated project: file texts in, new file texts out.

Each function takes the current text of one project file and returns the new
text; `wire_module` applies all of them for one manifest. Nothing here touches
the disk (see `quickscale_core.modules.create` for that).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from quickscale_core.errors import ProjectLayoutError
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.utils.pyproject import add_path_dependency


def project_files(project_name: str) -> dict[str, str]:
    """The files `wire_module` edits, by role."""
    return {
        "settings": f"{project_name}/settings/base.py",
        "urls": f"{project_name}/urls.py",
        "env": ".env.example",
        "readme": "README.md",
        "pyproject": "pyproject.toml",
    }


def wire_module(texts: Mapping[str, str], manifest: ModuleManifest, project_name: str, prefix: str) -> dict[str, str]:
    """New texts of the project files (keyed by relative path) with `manifest` wired in."""
    paths = project_files(project_name)
    module_path = f"{prefix}/quickscale_modules/{manifest.name}"
    new = {
        paths["settings"]: add_settings(texts[paths["settings"]], manifest, paths["settings"]),
        paths["urls"]: add_urls(texts[paths["urls"]], manifest, paths["urls"]),
        paths["env"]: add_env_vars(texts[paths["env"]], manifest),
        paths["readme"]: add_readme_section(texts[paths["readme"]], manifest),
        paths["pyproject"]: add_path_dependency(texts[paths["pyproject"]], manifest.distribution, module_path),
    }
    return {path: text for path, text in new.items() if text != texts[path]}


def add_settings(text: str, manifest: ModuleManifest, where: str) -> str:
    text = add_to_list(text, "INSTALLED_APPS", manifest.installed_apps, where)
    text = add_to_list(text, "MIDDLEWARE", manifest.middleware, where)
    header = f"# QuickScale module: {manifest.name}"
    if not manifest.settings or header in text:
        return text
    return f"{text.rstrip()}\n\n\n{header}\n{manifest.settings}\n"


def add_urls(text: str, manifest: ModuleManifest, where: str) -> str:
    if not manifest.urls:
        return text
    route = f'    path("{manifest.url_prefix or ""}", include("{manifest.urls}")),'
    if route.strip() in text:
        return text
    text = _import_include(text, where)
    return _insert_lines(text, "urlpatterns", [route], where)


def add_env_vars(text: str, manifest: ModuleManifest) -> str:
    header = f"# --- {manifest.name} module ---"
    if not manifest.env or header in text:
        return text
    lines = [header]
    for variable, comment in manifest.env.items():
        # Commented out like the starter's own lines: an empty VAR= in a copied .env would set it to "".
        lines += [f"# {comment}", f"# {variable}="]
    return f"{text.rstrip()}\n\n" + "\n".join(lines) + "\n"


def add_readme_section(text: str, manifest: ModuleManifest) -> str:
    if not manifest.readme or manifest.readme in text:
        return text
    return f"{text.rstrip()}\n\n{manifest.readme}\n"


def add_to_list(text: str, name: str, entries: tuple[str, ...], where: str) -> str:
    """Append `entries` (as quoted strings) to the multi-line list `name = [...]`, skipping present ones."""
    missing = [entry for entry in entries if f'"{entry}"' not in _list_body(text, name, where)]
    return _insert_lines(text, name, [f'    "{entry}",' for entry in missing], where) if missing else text


def _list_match(text: str, name: str, where: str) -> re.Match:
    match = re.search(rf"^{name} = \[\n(?P<body>.*?)^\]", text, flags=re.MULTILINE | re.DOTALL)
    if match is None:
        raise ProjectLayoutError(
            f"Cannot find the list {name} = [...] in {where}; restore it or wire the module by hand."
        )
    return match


def _list_body(text: str, name: str, where: str) -> str:
    return _list_match(text, name, where)["body"]


def _insert_lines(text: str, name: str, lines: list[str], where: str) -> str:
    end = _list_match(text, name, where).end("body")
    return text[:end] + "".join(f"{line}\n" for line in lines) + text[end:]


def _import_include(text: str, where: str) -> str:
    match = re.search(r"^from django\.urls import (?P<names>.+)$", text, flags=re.MULTILINE)
    if match is None:
        raise ProjectLayoutError(
            f"Cannot find 'from django.urls import ...' in {where}; restore it or wire the module by hand."
        )
    names = {name.strip() for name in match["names"].split(",")}
    if "include" in names:
        return text
    joined = ", ".join(sorted(names | {"include"}))
    return text[: match.start("names")] + joined + text[match.end("names") :]
