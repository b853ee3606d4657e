"""`quickscale create`: the starter, as a git repository, with QuickScale embedded and modules wired.

Everything happens in a hidden staging folder beside the target, which is
renamed into place only when every step has succeeded; on any error the
staging folder is removed, so nothing is left on disk.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import quickscale_core
from quickscale_core.errors import TargetExistsError
from quickscale_core.modules.catalog import find_modules, load_catalog, parse_module_list, resolve_selection
from quickscale_core.modules.manifest import ModuleManifest
from quickscale_core.modules.wiring import project_files, wire_module
from quickscale_core.scaffold import ProjectGenerator
from quickscale_core.sharing.git import Repository, require_identity, require_subtree
from quickscale_core.sharing.operations import embed_core
from quickscale_core.sharing.plans import DEFAULT_PREFIX, absolute_if_local, normalize_prefix, resolve_repo
from quickscale_core.sharing.source import installed_checkout
from quickscale_core.utils import replace_files, validate_project_name
from quickscale_core.utils.files import make_staging_folder


@dataclass(frozen=True)
class CreatedProject:
    path: Path
    modules: tuple[ModuleManifest, ...]
    commits: tuple[str, ...]


def create_project(
    name: str,
    modules: str,
    output_dir: Path | str,
    repo: str | None = None,
    ref: str | None = None,
    prefix: str = DEFAULT_PREFIX,
) -> CreatedProject:
    """Create `output_dir/name` with the modules named in `modules` ("auth,billing")."""
    names = parse_module_list(modules)
    validate_project_name(name, names)
    prefix = normalize_prefix(prefix)
    output_dir = Path(output_dir).resolve()
    target = output_dir / name
    _refuse_existing(target)
    require_subtree(output_dir)
    require_identity(output_dir)
    repo = absolute_if_local(resolve_repo(repo, installed_checkout(), os.environ), Path.cwd())
    resolve_selection(names, load_catalog(repo, ref))  # refuse a bad choice before writing anything
    staging = make_staging_folder(output_dir, name)
    try:
        project = ProjectGenerator().generate(name, staging)
        repository = _init_repository(project, name)
        embed_core(project, repo, ref, prefix)
        # The embedded copy is what the project will use: check the choice against it again.
        manifests = resolve_selection(names, find_modules(project / prefix))
        for manifest in manifests:
            _add_module(repository, manifest, name, prefix)
        commits = tuple(repository.output("log", "--first-parent", "--reverse", "--format=%s").splitlines())
        _refuse_existing(target)
        os.rename(project, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return CreatedProject(path=target, modules=tuple(manifests), commits=commits)


def _refuse_existing(target: Path) -> None:
    if os.path.lexists(target):
        raise TargetExistsError(
            f'A file or folder named "{target.name}" already exists here; choose another name or move it away first.'
        )


def _init_repository(project: Path, name: str) -> Repository:
    repository = Repository(project)
    repository.git("init", "--quiet", "--initial-branch=main")
    repository.git("add", "--all")
    repository.git("commit", "--quiet", "-m", f"Generate {name} with quickscale {quickscale_core.__version__}")
    return repository


def _add_module(repository: Repository, manifest: ModuleManifest, name: str, prefix: str) -> None:
    paths = project_files(name).values()
    texts = {path: (repository.root / path).read_text(encoding="utf-8") for path in paths}
    replace_files(repository.root, wire_module(texts, manifest, name, prefix))
    repository.git("add", "--all")
    repository.git("commit", "--quiet", "-m", f"Add the {manifest.name} module: {manifest.description}")
