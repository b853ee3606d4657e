"""Which modules a QuickScale repository offers, and checking a user's choice of them."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import quickscale_core
from quickscale_core.errors import ModuleManifestError, ModuleSelectionError
from quickscale_core.modules.manifest import MANIFEST_FILE, ModuleManifest, load_manifest
from quickscale_core.sharing.git import displayed, git_reason, require_safe_ref, require_safe_repo, run_git
from quickscale_core.themes.catalog import find_themes

MODULES_FOLDER = "quickscale_modules"
CORE_INIT = "quickscale_core/src/quickscale_core/__init__.py"


class Catalog(dict[str, ModuleManifest]):
    """The usable modules of a QuickScale source by name, sorted, plus what a list must also tell.

    `broken` holds the modules whose manifest is invalid (name -> the error), so
    one bad manifest leaves the others usable; `core_version` is the source's own
    quickscale_core version (None when it has no quickscale_core); `themes` are the
    source's themes by name.
    """

    def __init__(
        self,
        modules: dict[str, ModuleManifest] | None = None,
        broken: dict[str, ModuleManifestError] | None = None,
        core_version: str | None = None,
        themes: dict | None = None,
    ) -> None:
        super().__init__(modules or {})
        self.broken = dict(broken or {})
        self.core_version = core_version
        self.themes = dict(themes or {})  # theme name -> ThemeManifest (quickscale_core.themes)


def load_catalog(repo: str, ref: str | None = None, origin: tuple[str, str] = ("--repo", "--ref")) -> Catalog:
    """The modules of the QuickScale repository `repo` (a checkout, a bare repository or a URL).

    `origin` names where the repo and the ref were given, for the messages.

    A local checkout is read as it is on disk (when no `ref` is asked for); anything
    else is cloned shallowly into a temporary folder that is removed afterwards.
    """
    local = Path(repo)
    if ref is None and (local / MODULES_FOLDER).is_dir():
        return find_modules(local)
    with tempfile.TemporaryDirectory(prefix="quickscale-catalog-") as folder:
        branch = ["--branch", require_safe_ref(Path(folder), ref, origin[1])] if ref is not None else []
        safe_repo = require_safe_repo(repo, origin[0])
        clone = ["clone", "--quiet", "--depth", "1", *branch, "--end-of-options", safe_repo, folder]
        result = run_git(Path(folder), *clone, check=False)
        if result.returncode != 0:
            raise ModuleSelectionError(
                f"Cannot read the modules of the QuickScale repository {displayed(repo)} ({git_reason(result)}); "
                f"check {origin[0]} and {origin[1]}."
            )
        _require_modules_folder(Path(folder), repo)
        return find_modules(Path(folder), shown="")


def _require_modules_folder(root: Path, repo: str) -> None:
    if (root / MODULES_FOLDER).is_dir():
        return
    if not any(path.name != ".git" for path in root.iterdir()):
        raise ModuleSelectionError(
            f"The repository {repo} is empty (it has no files yet); check --repo, or push QuickScale to it first."
        )
    raise ModuleSelectionError(
        f"The repository {repo} has no {MODULES_FOLDER} folder, so it is not a QuickScale repository; check --repo."
    )


def find_modules(repo_root: Path, shown: str | None = None) -> Catalog:
    """Every module of the QuickScale repository at `repo_root`, by name, sorted.

    Errors name each manifest as `shown` + its path inside the repository
    (default: the real path below `repo_root`).
    """
    repo_root = Path(repo_root)
    prefix = f"{repo_root}/" if shown is None else shown
    modules: dict[str, ModuleManifest] = {}
    broken: dict[str, ModuleManifestError] = {}
    for path in sorted((repo_root / MODULES_FOLDER).glob(f"*/{MANIFEST_FILE}")):
        name = path.parent.name
        try:
            modules[name] = load_manifest(path, shown=f"{prefix}{MODULES_FOLDER}/{name}/{MANIFEST_FILE}")
        except ModuleManifestError as error:
            broken[name] = error
    themes = find_themes(repo_root, shown=shown)
    return Catalog(modules, broken, core_version=source_core_version(repo_root), themes=themes)


def source_core_version(repo_root: Path) -> str | None:
    """The __version__ of the quickscale_core inside the QuickScale source at `repo_root`, if it has one."""
    try:
        text = (Path(repo_root) / CORE_INIT).read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", text, re.MULTILINE)
    return match.group(1) if match else None


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
        core_version = getattr(catalog, "core_version", None) or quickscale_core.__version__
        if not manifest.supports_core(core_version):
            raise ModuleSelectionError(
                f"The module {manifest.name} needs quickscale-core {manifest.core}, "
                f"but the QuickScale source has {core_version}; pick a matching --ref or update the module."
            )
    return _required_first(chosen)


def get_module(name: str, catalog: dict[str, ModuleManifest]) -> ModuleManifest:
    """The manifest of module `name`, or an error: its manifest is broken, or there is no such module."""
    broken = getattr(catalog, "broken", {})
    if name in broken:
        raise broken[name]
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
