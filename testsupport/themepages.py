"""A module's pages as the starter theme restyles them, for the modules' own tests: the theme's template folder
put in front of the apps' templates, as a generated project with the theme has it."""

from __future__ import annotations

from pathlib import Path

# The module pages are in the theme's common/ folder, which every frontend of the theme gets.
STARTER_TEMPLATES = (
    Path(__file__).resolve().parent.parent / "quickscale_themes/starter/src/quickscale_themes/starter/common/templates"
)


def use_starter_theme(settings) -> None:
    """Make pytest-django's `settings` find the starter theme's copies of module templates first."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], STARTER_TEMPLATES]}]
