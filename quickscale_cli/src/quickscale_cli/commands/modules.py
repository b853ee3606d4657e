"""`quickscale list modules` and `quickscale info MODULE`."""

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


def run_info(name: str, repo: str | None, ref: str | None) -> None:
    from quickscale_core.modules.catalog import get_module

    for line in describe(get_module(name, _catalog(repo, ref))):
        info(line)


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
