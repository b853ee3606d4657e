"""`quickscale list modules`, `quickscale list themes` and `quickscale info NAME` (a module or a theme)."""

from __future__ import annotations

import os

from quickscale_cli.output import info, note


def _catalog(repo: str | None, ref: str | None):
    from quickscale_core.modules.catalog import load_catalog
    from quickscale_core.sharing.plans import resolve_repo
    from quickscale_core.sharing.source import installed_checkout

    return load_catalog(resolve_repo(repo, installed_checkout(), os.environ), ref)


def run_list_modules(repo: str | None, ref: str | None) -> None:
    catalog = _catalog(repo, ref)
    if not catalog and not catalog.broken:
        info("This QuickScale repository has no modules yet.")
        return
    if catalog:
        width = max(len(name) for name in catalog)
        for manifest in catalog.values():
            info(f"{manifest.name:<{width}}  {manifest.version:<8}  {manifest.description}")
    for name, error in catalog.broken.items():
        more = f" (and {len(error.problems) - 1} more: quickscale info {name})" if len(error.problems) > 1 else ""
        note(f"Warning: the module {name} is left out: {error.problems[0]}{more}")


def run_list_themes(repo: str | None, ref: str | None) -> None:
    themes = _catalog(repo, ref).themes
    if not themes:
        info("This QuickScale repository has no themes yet.")
        return
    width = max(len(name) for name in themes)
    for theme in themes.values():
        frontends = ",".join(theme.frontends)
        info(f"{theme.name:<{width}}  {theme.version:<8}  frontends: {frontends:<10}  {theme.description}")


def run_info(name: str, repo: str | None, ref: str | None) -> None:
    from quickscale_core.errors import ModuleSelectionError
    from quickscale_core.modules.catalog import get_module

    catalog = _catalog(repo, ref)
    if name not in catalog and name not in catalog.broken and name not in catalog.themes:
        raise ModuleSelectionError(
            f"There is no module or theme named {name}; available modules: {', '.join(catalog) or 'none'}; "
            f"available themes: {', '.join(catalog.themes) or 'none'}."
        )
    lines = describe_theme(catalog.themes[name]) if name in catalog.themes else describe(get_module(name, catalog))
    for line in lines:
        info(line)


def describe_theme(theme) -> list[str]:
    """A theme's manifest as a person reads it: what quickscale create copies and wires for each frontend."""
    lines = [
        f"{theme.name} {theme.version}: {theme.description}",
        "",
        f"Theme:           copied into the project by quickscale create --theme {theme.name} (yours to edit)",
        f"Core versions:   quickscale-core {theme.core}",
        f"Frontends:       {', '.join(theme.frontends)} (default {theme.default_frontend})",
    ]
    if theme.extends:
        lines.append(f"Extends:         {theme.extends} (its files first, this theme's laid over them)")
    if theme.requires:
        lines.append(f"Requires:        {', '.join(theme.requires)} (modules its pages need)")
    for frontend in theme.frontends.values():
        urls = frontend.gathered("urls")
        lines += [
            "",
            f"Frontend {frontend.name}: {frontend.description}",
            f"  Dependencies:    {', '.join(frontend.gathered('dependencies')) or 'none'}",
            f"  INSTALLED_APPS:  {', '.join(frontend.gathered('installed_apps')) or 'none'}",
            f"  MIDDLEWARE:      {', '.join(frontend.gathered('middleware')) or 'none'}",
            f"  URLs:            / -> {', '.join(urls)}" if urls else "  URLs:            none",
        ]
    return lines


def describe(manifest) -> list[str]:
    """The manifest as a person reads it."""

    def listed(values) -> str:
        return ", ".join(values) or "none"

    lines = [
        f"{manifest.name} {manifest.version}: {manifest.description}",
        "",
        f"Distribution:    {manifest.distribution} (app label {manifest.app_label})",
        f"Core versions:   quickscale-core {manifest.core}",
        f"Requires:        {listed(manifest.requires)}",
        f"Dependencies:    {listed(manifest.dependencies)}",
        f"INSTALLED_APPS:  {listed(manifest.installed_apps)}",
        f"MIDDLEWARE:      {listed(manifest.middleware)}",
        f"Context procs:   {listed(manifest.context_processors)}",
        f"URLs:            /{manifest.url_prefix or ''} -> {manifest.urls}"
        if manifest.urls
        else "URLs:            none",
        "Environment:" if manifest.env else "Environment:     none",
    ]
    lines += [f"  {variable}: {comment}" for variable, comment in manifest.env.items()]
    lines.append("Options (quickscale.yml):" if manifest.options else "Options:         none")
    lines += [f"  {name}: {_option_summary(schema)}" for name, schema in manifest.options.items()]
    if manifest.settings:
        lines += ["", "Settings added to settings/base.py:", *(f"  {line}" for line in manifest.settings.splitlines())]
    return lines


def _option_summary(schema: dict) -> str:
    parts = [schema.get("description", "").rstrip(".")]
    if "enum" in schema:
        parts.append("one of " + ", ".join(map(str, schema["enum"])))
    if "default" in schema:
        parts.append(f"default {schema['default']}")
    return "; ".join(part for part in parts if part) or "no description"
