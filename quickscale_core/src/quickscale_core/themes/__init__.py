"""Themes: starting-point applications whose files are copied into a project at generation (the user owns them)."""

from quickscale_core.themes.catalog import THEMES_FOLDER, choose_theme, find_themes
from quickscale_core.themes.manifest import Frontend, ThemeManifest, load_theme_manifest

__all__ = ["THEMES_FOLDER", "Frontend", "ThemeManifest", "choose_theme", "find_themes", "load_theme_manifest"]
