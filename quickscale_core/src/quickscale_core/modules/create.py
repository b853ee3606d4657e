"""`quickscale create`: write NAME/quickscale.yml, then generate the project it describes.

Everything happens in a hidden staging folder beside the target, which is
renamed into place only when every step has succeeded; on any error the
staging folder is removed, so nothing is left on disk.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from quickscale_core.config import ProjectConfig, QuickScaleSource
from quickscale_core.config.load import dump_config
from quickscale_core.errors import SharingUsageError, TargetExistsError
from quickscale_core.modules.catalog import load_catalog, parse_module_list
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.project.generate import build_project
from quickscale_core.project.plan import wanted_modules
from quickscale_core.project.render import ordered
from quickscale_core.sharing.git import default_branch, require_identity, require_ref, require_subtree
from quickscale_core.sharing.plans import DEFAULT_PREFIX, absolute_if_local, normalize_prefix, resolve_repo
from quickscale_core.sharing.source import installed_checkout
from quickscale_core.themes.catalog import choose_theme
from quickscale_core.utils import validate_project_name
from quickscale_core.utils.files import make_staging_folder


@dataclass(frozen=True)
class CreatedProject:
    path: Path
    modules: tuple[ModuleManifest, ...]
    commits: tuple[str, ...]
    pulled_in: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    theme: str | None = None
    frontend: str | None = None


def create_project(
    name: str,
    modules: str | None,
    output_dir: Path | str,
    repo: str | None = None,
    ref: str | None = None,
    prefix: str = DEFAULT_PREFIX,
    theme: str | None = None,
    frontend: str | None = None,
) -> CreatedProject:
    """Create `output_dir/name` with the modules named in `modules` ("auth,billing"; None for none)."""
    names = parse_module_list(modules) if modules is not None else []
    validate_project_name(name, names)
    prefix = normalize_prefix(prefix)
    output_dir = Path(output_dir).resolve()
    target = output_dir / name
    _refuse_existing(target)
    require_subtree(output_dir)
    require_identity(output_dir)
    repo = absolute_if_local(resolve_repo(repo, installed_checkout(), os.environ), Path.cwd())
    ref = ref or default_branch(output_dir, repo)
    if not ref:
        raise SharingUsageError(f"Cannot tell the default branch of {repo}; name the branch or tag with --ref.")
    require_ref(output_dir, repo, ref)
    catalog = load_catalog(repo, ref)
    chosen = choose_theme(catalog.themes, theme, frontend)
    wanted, pulled_in = wanted_modules({module: {} for module in names}, catalog, set())
    config = ProjectConfig(
        name=name,
        source=QuickScaleSource(repo=repo, ref=ref, prefix=prefix),
        theme=chosen[0].name if chosen else None,
        frontend_variant=chosen[1].name if chosen else None,
        modules={module: {} for module in ordered(wanted, catalog)},
    )
    staging = make_staging_folder(output_dir, name)
    try:
        result = build_project(staging / name, config, dump_config(config), base=output_dir)
        _refuse_existing(target)
        os.rename(staging / name, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return CreatedProject(
        path=target,
        modules=tuple(catalog[module] for module in config.modules),
        commits=result.commits,
        pulled_in=pulled_in,
        theme=config.theme,
        frontend=config.frontend_variant,
    )


def _refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        raise TargetExistsError(
            f'A file or folder named "{target.name}" already exists here; choose another name or move it away first.'
        )
