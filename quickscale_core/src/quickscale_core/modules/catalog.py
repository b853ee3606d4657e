"""Which modules a QuickScale repository offers, and checking a user's choice of them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import quickscale_core
from quickscale_core.errors import ModuleSelectionError
from quickscale_core.modules.manifest import MANIFEST_FILE, ModuleManifest, load_manifest
from quickscale_core.sharing.git import git_reason, require_safe_ref, require_safe_repo, run_git

MODULES_FOLDER = "quickscale_modules"


def load_catalog(repo: str, ref: str | None = None) -> dict[str, ModuleManifest]:
    """The modules of the QuickScale repository `repo` (a checkout, a bare repository or a URL).

    A local checkout is read as it is on disk (when no `ref` is asked for); anything
    else is cloned shallowly into a temporary folder that is removed afterwards.
    """
    local = Path(repo)
    if ref is None and (local / MODULES_FOLDER).is_dir():
        return find_modules(local)
    with tempfile.TemporaryDirectory(prefix="quickscale-catalog-") as folder:
        branch = ["--branch", require_safe_ref(Path(folder), ref)] if ref is not None else []
        clone = ["clone", "--quiet", "--depth", "1", *branch, "--end-of-options", require_safe_repo(repo), folder]
        result = run_git(Path(folder), *clone, check=False)
        if result.returncode != 0:
            raise ModuleSelectionError(
                f"Cannot read the modules of the QuickScale repository {repo} ({git_reason(result)}); "
                "check --repo and --ref."
            )
        return find_modules(Path(folder))


def find_modules(repo_root: Path) -> dict[str, ModuleManifest]:
    """Every module of the QuickScale repository at `repo_root`, by name, sorted."""
    manifests = sorted((Path(repo_root) / MODULES_FOLDER).glob(f"*/{MANIFEST_FILE}"))
    return {path.parent.name: load_manifest(path) for path in manifests}


def parse_module_list(text: str) -> list[str]:
    """Split `--modules auth,billing` into names; refuse an empty list or a repeated name."""
    names = [part.strip() for part in text.split(",")]
    if not any(names):
        raise ModuleSelectionError("The module list is empty; name at least one module, such as --modules auth.")
    if "" in names:
        raise ModuleSelectionError(f'The module list "{text}" has an empty entry; separate names with single commas.')
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ModuleSelectionError(f"The module {', '.join(repeated)} is listed more than once; name each module once.")
    return names


def resolve_selection(names: list[str], catalog: dict[str, ModuleManifest]) -> list[ModuleManifest]:
    """The manifests for `names`, required modules first; refuse unknown, incompatible or incomplete choices."""
    available = ", ".join(catalog) or "none"
    chosen = [get_module(name, catalog) for name in names]
    for manifest in chosen:
        missing = [required for required in manifest.requires if required not in names]
        if missing:
            raise ModuleSelectionError(
                f"The module {manifest.name} requires {', '.join(missing)}; "
                f"add it to --modules (available modules: {available})."
            )
        if not manifest.supports_core(quickscale_core.__version__):
            raise ModuleSelectionError(
                f"The module {manifest.name} needs quickscale-core {manifest.core}, "
                f"but this is {quickscale_core.__version__}; update QuickScale or pick a matching --ref."
            )
    return _required_first(chosen)


def get_module(name: str, catalog: dict[str, ModuleManifest]) -> ModuleManifest:
    """The manifest of module `name`, or an error listing the available modules."""
    if name not in catalog:
        available = ", ".join(catalog) or "none"
        raise ModuleSelectionError(f"There is no module named {name}; available modules: {available}.")
    return catalog[name]


def _required_first(chosen: list[ModuleManifest]) -> list[ModuleManifest]:
    ordered: list[ModuleManifest] = []
    by_name = {manifest.name: manifest for manifest in chosen}

    def visit(manifest: ModuleManifest, trail: tuple[str, ...]) -> None:
        if manifest in ordered:
            return
        if manifest.name in trail:
            raise ModuleSelectionError(
                f"The modules {' -> '.join((*trail, manifest.name))} require each other in a circle; "
                "fix their manifests."
            )
        for required in manifest.requires:
            visit(by_name[required], (*trail, manifest.name))
        ordered.append(manifest)

    for manifest in chosen:
        visit(manifest, ())
    return ordered
