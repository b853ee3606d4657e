"""Pure rendering of a theme frontend's files: the folder `frontend_<variant>/` mirrors the generated tree.

Files ending in `.j2` are rendered with the starter's context (`project_name`), the
rest are copied as they are; a path segment `project_name` becomes the project's name.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2

from quickscale_core.errors import ThemeManifestError
from quickscale_core.themes.manifest import Frontend, ThemeManifest

TEMPLATE_SUFFIX = ".j2"
NAME_PLACEHOLDER = "project_name"
SKIPPED = {"__pycache__", ".pytest_cache"}


def theme_context(theme: ThemeManifest, frontend: Frontend) -> dict:
    """What the starter's templates read to wire the theme in (settings, URLs, packages)."""
    return {
        "name": theme.name,
        "version": theme.version,
        "frontend": frontend.name,
        "dependencies": list(frontend.dependencies),
        "installed_apps": list(frontend.installed_apps),
        "middleware": list(frontend.middleware),
        "context_processors": list(frontend.context_processors),
        "packages": list(frontend.packages),
        "urls": frontend.urls,
    }


def theme_files(theme: ThemeManifest, frontend: Frontend, context: dict) -> dict[str, str]:
    """{project path: text} of every file of the theme's frontend, rendered with `context`."""
    folder = frontend.folder
    if not folder.is_dir():
        raise ThemeManifestError(
            f"The theme {theme.name} declares the frontend {frontend.name} but has no folder "
            f"frontend_{frontend.name}/; add it or remove the frontend from its theme.toml."
        )
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    files = {}
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_dir() or SKIPPED & set(relative.parts) or source.suffix == ".pyc":
            continue
        files[_output_path(relative, context["project_name"])] = _render(environment, source, theme, context)
    return files


def _render(environment: jinja2.Environment, source: Path, theme: ThemeManifest, context: dict) -> str:
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ThemeManifestError(
            f"The theme file {source.name} of {theme.name} is not UTF-8 text; themes ship text files only."
        ) from None
    if source.suffix != TEMPLATE_SUFFIX:
        return text
    try:
        return environment.from_string(text).render(context)
    except jinja2.TemplateError as error:
        raise ThemeManifestError(
            f"The theme file {source.name} of {theme.name} cannot be rendered ({error}); fix it."
        ) from None


def _output_path(relative: Path, project_name: str) -> str:
    parts = [project_name if part == NAME_PLACEHOLDER else part for part in relative.parts]
    parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    return str(PurePosixPath(*parts))
