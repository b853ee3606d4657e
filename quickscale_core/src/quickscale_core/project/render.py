"""Pure rendering of what a module puts into a project: its blocks at the anchors and its whole files.

`module_blocks` turns one manifest (plus its options) into BlockSpecs;
`render_project` is the whole generated project for a config: the starter of the
QuickScale tree with every module's blocks applied, in the fixed module order.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

import quickscale_core
from quickscale_core.config import ProjectConfig
from quickscale_core.errors import ModuleManifestError
from quickscale_core.modules.catalog import MODULES_FOLDER
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.project.blocks import FILE_ANCHOR, file_text, insert_block
from quickscale_core.scaffold import render as starter_render
from quickscale_core.themes.catalog import choose_theme, find_themes
from quickscale_core.themes.manifest import Frontend, ThemeManifest
from quickscale_core.themes.render import theme_context, theme_files

STARTER_IN_TREE = Path("quickscale_core", "src", "quickscale_core", "templates", "project")
VERSION_IN_TREE = Path("quickscale_core", "src", "quickscale_core", "__init__.py")
LINE_LENGTH = 120  # the generated project's ruff line length
ThemeChoice = tuple[ThemeManifest, Frontend]


@dataclass(frozen=True)
class BlockSpec:
    """One block a module wants: its body (not indented) at `anchor` of the project file `path`."""

    module: str
    path: str
    anchor: str
    body: str


def project_paths(project_name: str) -> dict[str, str]:
    """The project file of each anchor the engine fills from manifest keys."""
    return {
        "settings": f"{project_name}/settings/base.py",
        "urls": f"{project_name}/urls.py",
        "env": ".env.example",
        "readme": "README.md",
        "dependencies": "pyproject.toml",
        "sources": "pyproject.toml",
        "nav": "templates/base.html",
        "services": "docker-compose.yml",
        "init": f"{project_name}/__init__.py",
    }


def module_blocks(
    manifest: ModuleManifest, options: Mapping | None, project_name: str, prefix: str
) -> tuple[BlockSpec, ...]:
    """Every block `manifest` adds to a project named `project_name` whose QuickScale copy is at `prefix`/."""
    values = manifest.complete_options(options or {})
    context = {"project_name": project_name, "options": values}
    paths = project_paths(project_name)
    specs: dict[tuple[str, str], list[str]] = {}

    def add(path: str, anchor: str, body: str) -> None:
        if body.strip():
            specs.setdefault((path, anchor), []).append(body if body.endswith("\n") else body + "\n")

    add(paths["settings"], "settings", settings_body(manifest, _render_text(manifest.settings, context, manifest)))
    if manifest.urls:
        add(paths["urls"], "urls", f'urlpatterns += [path("{manifest.url_prefix or ""}", include("{manifest.urls}"))]')
    add(paths["env"], "env", env_body(manifest.env))
    add(paths["readme"], "readme", manifest.readme)
    add(paths["dependencies"], "dependencies", f'"{manifest.distribution}",')
    add(paths["sources"], "sources", sources_body(manifest, prefix))
    if manifest.nav:
        add(paths["nav"], "nav", f'{{% include "{manifest.nav}" %}}')
    for block in manifest.blocks:
        path = _render_text(block.file, context, manifest)
        add(path, block.anchor, _render_template(block.template, context, manifest))
    for item in manifest.files:
        path = _render_text(item.path, context, manifest)
        add(path, FILE_ANCHOR, _render_template(item.template, context, manifest))
    return tuple(
        BlockSpec(module=manifest.name, path=path, anchor=anchor, body="".join(bodies))
        for (path, anchor), bodies in specs.items()
    )


def settings_body(manifest: ModuleManifest, settings: str) -> str:
    """INSTALLED_APPS, MIDDLEWARE and context processors added to, then the manifest's own settings."""
    parts = []
    assigned = assigned_settings(settings)
    if assigned:
        parts.append(_comment_lines(f"Sets {', '.join(assigned)}; a value set above this block is overridden."))
    for target, entries in (
        ("INSTALLED_APPS", manifest.installed_apps),
        ("MIDDLEWARE", manifest.middleware),
        ('TEMPLATES[0]["OPTIONS"]["context_processors"]', manifest.context_processors),
    ):
        if entries:
            parts.append(f"{target} += [\n" + "".join(f'    "{entry}",\n' for entry in entries) + "]\n")
    if not parts and not settings:
        return ""
    text = "".join(parts)
    return f"{text}\n{settings}\n" if settings else text


def assigned_settings(settings: str) -> list[str]:
    """Upper-case names the settings text assigns at top level (plain `NAME = ...`), in order."""
    try:
        tree = ast.parse(settings)
    except SyntaxError:
        return []
    names: list[str] = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            if isinstance(target, ast.Name) and target.id.isupper() and target.id not in names:
                names.append(target.id)
    return names


def env_body(env: Mapping[str, str]) -> str:
    # Commented out like the starter's own lines: an empty VAR= in a copied .env would set it to "".
    return "".join(f"# {comment}\n# {variable}=\n" for variable, comment in env.items())


def sources_body(manifest: ModuleManifest, prefix: str) -> str:
    """The editable path source of the module's embedded copy, for uv and for Poetry (sub-tables: valid anywhere)."""
    path = f"{prefix}/{MODULES_FOLDER}/{manifest.name}"
    return (
        f'[tool.uv.sources.{manifest.distribution}]\npath = "{path}"\neditable = true\n\n'
        f'[tool.poetry.dependencies.{manifest.distribution}]\npath = "{path}"\ndevelop = true\n'
    )


def _comment_lines(text: str) -> str:
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, LINE_LENGTH - 2, break_on_hyphens=False))


def _render_text(text: str, context: dict, manifest: ModuleManifest) -> str:
    if "{{" not in text:
        return text
    try:
        return _environment(manifest.path).from_string(text).render(context)
    except jinja2.TemplateError as error:
        raise ModuleManifestError(
            f"The module manifest of {manifest.name} cannot be rendered ({error}); fix it."
        ) from None


def _render_template(template: str, context: dict, manifest: ModuleManifest) -> str:
    try:
        return _environment(manifest.path).get_template(template).render(context)
    except jinja2.TemplateError as error:
        raise ModuleManifestError(
            f"The template {template} of the module {manifest.name} cannot be rendered ({error}); fix it."
        ) from None


def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


# --- the fixed module order ------------------------------------------------------------------------------


def module_rank(catalog: Mapping[str, ModuleManifest]):
    """A sort key for module names: modules that others require come first, then by name.

    The key only depends on the module and what it requires, so the blocks of any
    set of modules land in the same order whichever order they were added in.
    """
    depths: dict[str, int] = {}

    def depth(name: str, trail: tuple[str, ...] = ()) -> int:
        if name not in depths:
            manifest = catalog.get(name)
            required = [r for r in (manifest.requires if manifest else ()) if r not in trail]
            depths[name] = 1 + max((depth(r, (*trail, name)) for r in required), default=-1)
        return depths[name]

    return lambda name: (depth(name), name)


def ordered(names: Iterable[str], catalog: Mapping[str, ModuleManifest]) -> list[str]:
    return sorted(names, key=module_rank(catalog))


# --- the whole project ------------------------------------------------------------------------------------


def render_starter(
    project_name: str, tree: Path | None = None, theme: ThemeChoice | None = None, modules: Iterable[str] = ()
) -> dict[str, str]:
    """The starter project: the templates of the QuickScale `tree` when it has them, else this package's.

    With a `theme` (manifest, frontend) the starter's templates wire it in and its frontend's files are laid over
    the starter's (a theme's `templates/base.html` replaces the starter's); the theme's templates see the names of
    the project's `modules` (a team-scoped model when teams is one of them).
    """
    wiring = theme_context(*theme) if theme else None
    folder = Path(tree, STARTER_IN_TREE) if tree else None
    if folder is None or not folder.is_dir():
        rendered = starter_render.render_project(project_name, theme=wiring)
        files = {str(path): text for path, text in rendered.items()}
    else:
        context = {"project_name": project_name, "quickscale_version": tree_version(tree), "theme": wiring}
        environment = _environment(folder)
        files = {}
        for source in sorted(folder.rglob(f"*{starter_render.TEMPLATE_SUFFIX}")):
            if "__pycache__" in source.parts:
                continue
            relative = source.relative_to(folder).as_posix()
            text = source.read_text(encoding="utf-8")
            output = starter_render._output_path(relative, project_name)
            files[str(output)] = environment.from_string(text).render(context) if "{" in text else text
    if theme:
        files.update(theme_files(*theme, {"project_name": project_name, "modules": sorted(modules)}))
    return dict(sorted(files.items()))


def project_theme(config: ProjectConfig, tree: Path) -> ThemeChoice | None:
    """The theme and frontend `config` names, from the themes of the QuickScale `tree` (None for no theme)."""
    if config.theme is None and config.frontend_variant is None:
        return None
    return choose_theme(find_themes(tree), config.theme, config.frontend_variant)


def tree_version(tree: Path) -> str:
    """The quickscale-core version of a QuickScale tree (this package's when the tree does not say)."""
    try:
        text = Path(tree, VERSION_IN_TREE).read_text(encoding="utf-8")
    except OSError:
        return quickscale_core.__version__
    match = re.search(r'^__version__ = "([^"]+)"', text, flags=re.MULTILINE)
    return match[1] if match else quickscale_core.__version__


def render_project(config: ProjectConfig, tree: Path, catalog: Mapping[str, ModuleManifest]) -> dict[str, str]:
    """{relative path: text} of the project `config` describes: the starter plus every module's blocks and files.

    The embedded copy itself and the embed-core wiring of quickscale-core are not part of it.
    """
    files = render_starter(config.name, tree, project_theme(config, tree), config.modules)
    rank = module_rank(catalog)
    for name in ordered(config.modules, catalog):
        for spec in module_blocks(catalog[name], config.modules[name], config.name, config.source.prefix):
            files[spec.path] = apply_spec(files.get(spec.path), spec, rank)
    return dict(sorted(files.items()))


def apply_spec(text: str | None, spec: BlockSpec, rank) -> str:
    """`text` (None: the file does not exist) with `spec`'s block added."""
    if spec.anchor == FILE_ANCHOR:
        return file_text(spec.module, spec.body, spec.path)
    if text is None:
        raise ModuleManifestError(
            f"The module {spec.module} adds a block to {spec.path}, which the project does not have; fix its manifest."
        )
    return insert_block(text, spec.path, spec.module, spec.anchor, spec.body, rank)
