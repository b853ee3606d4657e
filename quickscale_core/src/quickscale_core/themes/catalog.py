"""Which themes a QuickScale repository offers, and checking a choice of theme and frontend."""

from __future__ import annotations

from pathlib import Path

from quickscale_core.errors import ThemeManifestError, ThemeSelectionError
from quickscale_core.themes.manifest import MANIFEST_FILE, Frontend, ThemeManifest, load_theme_manifest

THEMES_FOLDER = "quickscale_themes"


def find_themes(repo_root: Path, shown: str | None = None) -> dict[str, ThemeManifest]:
    """Every theme of the QuickScale repository at `repo_root`, by name, sorted (a broken manifest raises)."""
    prefix = f"{repo_root}/" if shown is None else shown
    themes = {}
    for path in sorted(Path(repo_root, THEMES_FOLDER).glob(f"*/{MANIFEST_FILE}")):
        name = path.parent.name
        themes[name] = load_theme_manifest(path, shown=f"{prefix}{THEMES_FOLDER}/{name}/{MANIFEST_FILE}")
    return themes


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


__all__ = ["THEMES_FOLDER", "ThemeManifestError", "choose_theme", "find_themes"]
