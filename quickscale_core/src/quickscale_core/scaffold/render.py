"""Pure rendering: a project name in, the generated files' contents out.

The template folder mirrors the generated tree file for file. Every template
ends in `.j2` (dropped on output) and a path segment `project_name` becomes the
project's name, so `project_name/settings/base.py.j2` renders to
`<name>/settings/base.py`.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import PurePosixPath

import jinja2

import quickscale_core

TEMPLATE_SUFFIX = ".j2"
NAME_PLACEHOLDER = "project_name"
STARTER = "project"


def render_project(project_name: str, template: str = STARTER, theme: dict | None = None) -> dict[PurePosixPath, str]:
    """Return {relative path: content} for every file of the generated project (`theme`: a theme's wiring)."""
    context = {"project_name": project_name, "quickscale_version": quickscale_core.__version__, "theme": theme}
    environment = _environment(template)
    return {
        _output_path(source, project_name): _render(environment, source, context)
        for source in _template_sources(template)
    }


def _render(environment: jinja2.Environment, source: str, context: dict[str, str]) -> str:
    text = environment.loader.get_source(environment, source)[0]  # type: ignore[union-attr]
    if "{" not in text:  # no Jinja syntax possible: skip compiling it
        return text
    return environment.from_string(text).render(context)


def _output_path(source: str, project_name: str) -> PurePosixPath:
    parts = [project_name if part == NAME_PLACEHOLDER else part for part in PurePosixPath(source).parts]
    parts[-1] = parts[-1].removesuffix(TEMPLATE_SUFFIX)
    return PurePosixPath(*parts)


@cache
def _template_sources(template: str) -> tuple[str, ...]:
    root = files("quickscale_core") / "templates" / template
    return tuple(sorted(_walk(root, PurePosixPath())))


def _walk(directory, prefix: PurePosixPath):
    for entry in directory.iterdir():
        relative = prefix / entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _walk(entry, relative)
        elif entry.name.endswith(TEMPLATE_SUFFIX):
            yield relative.as_posix()


@cache
def _environment(template: str) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("quickscale_core", f"templates/{template}"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
