"""Pure rendering of a theme frontend's files: the folder `frontend_<variant>/` mirrors the generated tree, over
the theme's `common/` folder (the files every frontend of the theme gets).

Files ending in `.j2` are rendered with `project_name` and `modules` (the names of the
project's modules; one that renders to nothing is left out), the rest are copied as
they are; a path segment `project_name`
becomes the project's name. A theme that extends another gets the other's files first,
its own laid over them, and the wiring of both.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import jinja2

from quickscale_core.errors import ThemeManifestError
from quickscale_core.themes.manifest import Frontend, ThemeManifest

TEMPLATE_SUFFIX = ".j2"
NAME_PLACEHOLDER = "project_name"
SKIPPED = {"__pycache__", ".pytest_cache", "node_modules", "dist"}
BASE_TEMPLATE = "templates/base.html"
NAV_ANCHOR = "{# quickscale anchor: nav"
WIRING = ("dependencies", "installed_apps", "middleware", "context_processors", "packages")


def theme_context(theme: ThemeManifest, frontend: Frontend) -> dict:
    """What the starter's templates read to wire the theme in (settings, URLs, packages), bases included."""
    return {
        "name": theme.name,
        "version": theme.version,
        "frontend": frontend.name,
        **{key: list(frontend.gathered(key)) for key in WIRING},
        "urls": list(frontend.gathered("urls")),
        "node_app": next((layer.node_app for layer in reversed(frontend.lineage) if layer.node_app), None),
    }


def theme_files(theme: ThemeManifest, frontend: Frontend, context: dict) -> dict[str, str]:
    """{project path: text} of every file of the theme's frontend (over its bases' files), rendered with `context`."""
    context = {"modules": [], **context}
    environment = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    files: dict[str, str] = {}
    for layer in frontend.lineage:
        if layer.common_folder.is_dir():
            files.update(_folder_files(environment, layer.common_folder, context))
        files.update(_layer_files(environment, layer, context))
    menu = list(frontend.gathered("nav"))
    if menu:
        files[BASE_TEMPLATE] = with_nav(files.get(BASE_TEMPLATE, ""), menu)
    return files


def with_nav(text: str, templates: list[str]) -> str:
    """`text` (a base.html) with an include of each template on the lines above its nav anchor.

    Above it, so a theme's entries come before the modules' (account menu last), which land below it."""
    if not templates:
        return text
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip().startswith(NAV_ANCHOR):
            indent = line[: len(line) - len(line.lstrip())]
            includes = [f'{indent}{{% include "{template}" %}}\n' for template in templates]
            return "".join([*lines[:index], *includes, *lines[index:]])
    raise ThemeManifestError(
        f"The theme's {BASE_TEMPLATE} has no line starting with {NAV_ANCHOR} #}} for its menu entries "
        f"({', '.join(templates)}); a theme with nav ships a base.html that keeps that line."
    )


def _layer_files(environment: jinja2.Environment, frontend: Frontend, context: dict) -> dict:
    folder = frontend.folder
    theme = folder.parent.name  # src/quickscale_themes/<t>/frontend_<variant>
    if not folder.is_dir():
        raise ThemeManifestError(
            f"The theme {theme} declares the frontend {frontend.name} but has no folder "
            f"frontend_{frontend.name}/; add it or remove the frontend from its theme.toml."
        )
    return _folder_files(environment, folder, context)


def _folder_files(environment: jinja2.Environment, folder: Path, context: dict) -> dict:
    theme = folder.parent.name  # src/quickscale_themes/<t>/<folder>
    files = {}
    for source in sorted(folder.rglob("*")):
        relative = source.relative_to(folder)
        if source.is_dir() or SKIPPED & set(relative.parts) or source.suffix == ".pyc":
            continue
        text = _render(environment, source, theme, context)
        if source.suffix == TEMPLATE_SUFFIX and not text.strip():
            continue  # a template that renders to nothing is a file this project does not get (api_routes without api)
        files[_output_path(relative, context["project_name"])] = text
    return files


def _render(environment: jinja2.Environment, source: Path, theme: str, context: dict) -> str:
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ThemeManifestError(
            f"The theme file {source.name} of {theme} is not UTF-8 text; themes ship text files only."
        ) from None
    if source.suffix != TEMPLATE_SUFFIX:
        return text
    try:
        return environment.from_string(text).render(context)
    except jinja2.TemplateError as error:
        raise ThemeManifestError(
            f"The theme file {source.name} of {theme} cannot be rendered ({error}); fix it."
        ) from None


def _output_path(relative: Path, project_name: str) -> str:
    parts = [project_name if part == NAME_PLACEHOLDER else part for part in relative.parts]
    parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    return str(PurePosixPath(*parts))
