"""Which themes a QuickScale repository offers, and checking a choice of theme and frontend."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from quickscale_core.errors import FrontendModulesError, ThemeManifestError, ThemeSelectionError
from quickscale_core.themes.manifest import MANIFEST_FILE, Frontend, ThemeManifest, load_theme_manifest

THEMES_FOLDER = "quickscale_themes"


def find_themes(repo_root: Path, shown: str | None = None) -> dict[str, ThemeManifest]:
    """Every theme of the QuickScale repository at `repo_root`, by name, sorted (a broken manifest raises)."""
    prefix = f"{repo_root}/" if shown is None else shown
    themes = {}
    for path in sorted(Path(repo_root, THEMES_FOLDER).glob(f"*/{MANIFEST_FILE}")):
        name = path.parent.name
        themes[name] = load_theme_manifest(path, shown=f"{prefix}{THEMES_FOLDER}/{name}/{MANIFEST_FILE}")
    resolved: dict[str, ThemeManifest] = {}
    for name in themes:
        _resolve(name, themes, resolved, ())
    return resolved


def _resolve(
    name: str, themes: dict[str, ThemeManifest], resolved: dict[str, ThemeManifest], trail: tuple[str, ...]
) -> ThemeManifest:
    """The theme `name` with each frontend linked to the same frontend of the theme it extends (checked)."""
    if name in resolved:
        return resolved[name]
    theme = themes[name]
    if theme.extends is None:
        resolved[name] = theme
        return theme
    if theme.extends in (*trail, name):
        chain = " -> ".join((*trail, name, theme.extends))
        raise ThemeManifestError(f"The themes extend each other in a circle ({chain}); make one of them extend none.")
    if theme.extends not in themes:
        raise ThemeManifestError(
            f"The theme {name} extends {theme.extends}, which is not a theme of this repository; "
            f"fix extends in its {MANIFEST_FILE}."
        )
    base = _resolve(theme.extends, themes, resolved, (*trail, name))
    missing = [variant for variant in theme.frontends if variant not in base.frontends]
    if missing:
        raise ThemeManifestError(
            f"The theme {name} extends {base.name}, which has no frontend named {', '.join(missing)}; "
            f"available frontends of {base.name}: {', '.join(base.frontends)}."
        )
    frontends = {variant: replace(f, base=base.frontends[variant]) for variant, f in theme.frontends.items()}
    resolved[name] = replace(theme, frontends=frontends)
    return resolved[name]


def choose_theme(
    themes: dict[str, ThemeManifest], theme: str | None, frontend: str | None
) -> tuple[ThemeManifest, Frontend] | None:
    """The theme and frontend asked for (the theme's default frontend when none is named); None for no theme."""
    available = ", ".join(themes) or "none"
    if theme is None:
        if frontend is not None:
            raise ThemeSelectionError(
                f"A frontend ({frontend}) is a variant of a theme's frontend; choose a theme too "
                f"(available themes: {available})."
            )
        return None
    if theme not in themes:
        raise ThemeSelectionError(f"There is no theme named {theme}; available themes: {available}.")
    manifest = themes[theme]
    variant = frontend or manifest.default_frontend
    if variant not in manifest.frontends:
        raise ThemeSelectionError(
            f"The theme {theme} has no frontend named {variant}; available frontends: {', '.join(manifest.frontends)}."
        )
    return manifest, manifest.frontends[variant]


def missing_modules(theme: ThemeManifest, frontend: Frontend, modules: Iterable[str]) -> list[str]:
    """The modules the theme's pages, or its frontend's, need that `modules` leaves out."""
    chosen = set(modules)
    needed = dict.fromkeys((*theme.requires, *frontend.gathered("requires")))
    return [name for name in needed if name not in chosen]


def require_theme_modules(theme: ThemeManifest, frontend: Frontend, modules: Iterable[str]) -> None:
    """Refuse a new project's module selection that leaves out a module the theme's or its frontend's pages need."""
    chosen = list(modules)
    if missing := [name for name in theme.requires if name not in chosen]:
        raise ThemeSelectionError(
            f"The {theme.name} theme needs the {_modules(missing)}; add {', '.join(missing)} to "
            "--modules (or under modules: in quickscale.yml), or choose another theme."
        )
    if missing := missing_modules(theme, frontend, chosen):
        raise FrontendModulesError(
            f"The {frontend.name} frontend of the {theme.name} theme needs the {_modules(missing)}; add "
            f"{', '.join(missing)} to --modules (or under modules: in quickscale.yml), or choose another frontend."
        )


def _modules(names: list[str]) -> str:
    return f"{', '.join(names)} module{'s' if len(names) > 1 else ''}"


__all__ = [
    "THEMES_FOLDER",
    "ThemeManifestError",
    "choose_theme",
    "find_themes",
    "missing_modules",
    "require_theme_modules",
]
