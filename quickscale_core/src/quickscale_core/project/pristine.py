"""Pristine renders: the files QuickScale generates for a project, exactly as a given QuickScale commit renders them.

A pristine render is reproducible from three things the project records: the
QuickScale commit (a `QuickScale-Commit:` trailer of the starter commit, of each
commit on the vendor branch, or the git subtree squash that embedded it), the
answers (quickscale.yml) and the embed-core record ([tool.quickscale]). The
embedded copy itself and quickscale.yml are the user's, never part of a render.
The render is stored as commits on the vendor branch `quickscale/pristine`; the
git objects are written through a throw-away index, so the user's index,
working tree and branches are never touched here.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from quickscale_core.config import ProjectConfig
from quickscale_core.config.load import dump_config
from quickscale_core.errors import ModuleSelectionError, SharingUsageError
from quickscale_core.modules.catalog import find_modules
from quickscale_core.project.render import (
    apply_spec,
    module_blocks,
    module_rank,
    ordered,
    project_theme,
    render_starter,
    tree_version,
)
from quickscale_core.sharing.git import Repository, git_reason
from quickscale_core.sharing.operations import wire_pyproject
from quickscale_core.sharing.plans import SPLIT_COMMIT
from quickscale_core.sharing.record import SubtreeRecord
from quickscale_core.utils import write_tree
from quickscale_core.utils.files import EXECUTABLE_FILES

VENDOR_BRANCH = "quickscale/pristine"
VENDOR_REF = f"refs/heads/{VENDOR_BRANCH}"
COMMIT_TRAILER = "QuickScale-Commit"
VERSION_TRAILER = "QuickScale-Version"
PYPROJECT = "pyproject.toml"


@dataclass(frozen=True)
class Render:
    """A pristine render: {path: text}, and the QuickScale commit and version it came from."""

    files: Mapping[str, str]
    commit: str
    version: str


def pristine_files(
    config: ProjectConfig, tree: Path, record: SubtreeRecord | None, *, known_modules_only: bool = False
) -> dict[str, str]:
    """The files QuickScale generates for `config` from the QuickScale `tree`, in the order create writes them.

    The starter with its theme, then the embed-core wiring of pyproject.toml (when the project embeds QuickScale), then
    every module's blocks. `known_modules_only` leaves out modules `tree` does not have (an older version
    than the one that added them); otherwise such a module is an error.
    """
    catalog = find_modules(tree)
    missing = [name for name in config.modules if name not in catalog]
    if missing and not known_modules_only:
        raise ModuleSelectionError(
            f"The QuickScale version to update to has no {', '.join(missing)} module; remove it from "
            "quickscale.yml or choose another --to."
        )
    files = render_starter(config.name, tree, project_theme(config, tree), config.modules)
    if record is not None and PYPROJECT in files:
        files[PYPROJECT] = wire_pyproject(files[PYPROJECT], record)
    rank = module_rank(catalog)
    for name in ordered([name for name in config.modules if name in catalog], catalog):
        for spec in module_blocks(catalog[name], config.modules[name], config.name, config.source.prefix):
            files[spec.path] = apply_spec(files.get(spec.path), spec, rank)
    return dict(sorted(files.items()))


def render_at(
    repository: Repository,
    commit: str,
    source: str,
    config: ProjectConfig,
    record: SubtreeRecord | None,
    *,
    known_modules_only: bool = False,
) -> Render:
    """The pristine render of the QuickScale `commit` (found in the project, else fetched from `source`)."""
    with quickscale_tree(repository, commit, source) as tree:
        files = pristine_files(config, tree, record, known_modules_only=known_modules_only)
        return Render(files=files, commit=commit, version=tree_version(tree))


# --- where a QuickScale commit's files come from ------------------------------------------------------------


@contextmanager
def quickscale_tree(repository: Repository, commit: str, source: str) -> Iterator[Path]:
    """The files of the QuickScale `commit` in a temporary folder (removed afterwards).

    A git subtree squash in the project has exactly that commit's tree; otherwise the
    commit is fetched from the QuickScale repository `source` (no branch is created).
    """
    treeish = _squash_tree(repository, commit) or _fetched(repository, commit, source)
    with tempfile.TemporaryDirectory(prefix="quickscale-pristine-") as folder:
        index = str(Path(folder, "index"))
        repository.git("read-tree", "--end-of-options", treeish, env={"GIT_INDEX_FILE": index})
        target = Path(folder, "tree")
        repository.git("checkout-index", "--all", f"--prefix={target}/", env={"GIT_INDEX_FILE": index})
        yield target


def _squash_tree(repository: Repository, commit: str) -> str | None:
    for squash, split in subtree_splits(repository):
        if split == commit:
            return f"{squash}^{{tree}}"
    return None


def _fetched(repository: Repository, commit: str, source: str) -> str:
    if repository.git("cat-file", "-e", "--end-of-options", f"{commit}^{{commit}}", check=False).returncode == 0:
        return commit
    result = repository.git("fetch", "--quiet", "--no-tags", "--end-of-options", source, commit, check=False)
    if result.returncode != 0:
        raise SharingUsageError(
            f"Cannot read the QuickScale commit {commit[:12]} from {source} ({git_reason(result)}); check "
            "quickscale.repo in quickscale.yml, or fetch that commit into this repository."
        )
    return commit


def subtree_splits(repository: Repository, prefix: str | None = None) -> list[tuple[str, str]]:
    """(squash commit, QuickScale commit) of every git subtree squash in HEAD's history, newest first."""
    log = repository.output("log", "--format=%H%x00%B%x1e", "--fixed-strings", "--grep=git-subtree-split: ")
    found = []
    for entry in log.split("\x1e"):
        sha, _, body = entry.strip().partition("\x00")
        trailers = dict(re.findall(r"^(git-subtree-\w+): (\S+)\s*$", body, flags=re.MULTILINE))
        split = trailers.get("git-subtree-split", "")
        if SPLIT_COMMIT.match(split) and (prefix is None or trailers.get("git-subtree-dir", "").rstrip("/") == prefix):
            found.append((sha, split))
    return found


def recorded_commit(repository: Repository, prefix: str) -> str | None:
    """The QuickScale commit that generated the project: the starter commit's trailer, else the first embedding."""
    log = repository.output(
        "log", "--first-parent", "--reverse", "--format=%H%x00%B%x1e", f"--grep=^{COMMIT_TRAILER}: ", "HEAD"
    )
    for entry in log.split("\x1e"):
        commit = trailer(entry.partition("\x00")[2], COMMIT_TRAILER)
        if commit:
            return commit
    splits = subtree_splits(repository, prefix)
    return splits[-1][1] if splits else None


def trailer(message: str, key: str) -> str | None:
    """The value of the `key: value` trailer line in a commit message, when it is a commit id."""
    match = re.search(rf"^{re.escape(key)}: (\S+)\s*$", message, flags=re.MULTILINE)
    return match[1] if match and SPLIT_COMMIT.match(match[1]) else None


# --- git objects for a render (never the user's index or working tree) -------------------------------------


def tree_object(repository: Repository, files: Mapping[str, str]) -> str:
    """The id of a git tree holding exactly `files` (written to the object store through a throw-away index)."""
    with tempfile.TemporaryDirectory(prefix="quickscale-render-") as folder:
        root = write_tree({PurePosixPath(path): text for path, text in files.items()}, Path(folder, "files"))
        paths = sorted(files)
        blobs = repository.output(
            "hash-object", "-w", "--no-filters", "--stdin-paths", input="".join(f"{root / p}\n" for p in paths)
        ).split()
        entries = "".join(f"{_mode(root / path)} {blob}\t{path}\n" for path, blob in zip(paths, blobs, strict=True))
        index = {"GIT_INDEX_FILE": str(Path(folder, "index"))}
        repository.git("update-index", "--add", "--index-info", input=entries, env=index)
        return repository.output("write-tree", env=index) if paths else _empty_tree(repository)


def _mode(path: Path) -> str:
    return "100755" if path.name in EXECUTABLE_FILES or os.access(path, os.X_OK) else "100644"


def _empty_tree(repository: Repository) -> str:
    return repository.output("hash-object", "-w", "-t", "tree", "--stdin", input="")


def commit_object(repository: Repository, tree: str, message: str, *parents: str) -> str:
    """A new commit object (no branch moves): `tree` with `parents`."""
    arguments = [item for parent in parents for item in ("-p", parent)]
    return repository.output("commit-tree", *arguments, "-F", "-", "--end-of-options", tree, input=message)


def vendor_message(config: ProjectConfig, render: Render) -> str:
    """The message of a vendor-branch commit: what was rendered, the answers used, and the trailers."""
    answers = "".join(f"    {line}\n" for line in dump_config(config).splitlines())
    return (
        f"Pristine render of {config.name} by QuickScale {render.version} ({render.commit[:12]})\n\n"
        "The files QuickScale generates for this project, exactly as it renders them from the answers\n"
        "below; quickscale update-starter merges this branch into yours. Do not commit to it.\n\n"
        f"{answers}\n"
        f"{COMMIT_TRAILER}: {render.commit}\n"
        f"{VERSION_TRAILER}: {render.version}\n"
    )


def vendor_tip(repository: Repository) -> str | None:
    result = repository.git(
        "rev-parse", "--verify", "--quiet", "--end-of-options", f"{VENDOR_REF}^{{commit}}", check=False
    )
    return result.stdout.strip() or None if result.returncode == 0 else None


def tree_entries(repository: Repository, treeish: str) -> dict[str, str]:
    """{path: "mode blob"} of every file in `treeish`."""
    output = repository.git("ls-tree", "-r", "-z", "--full-tree", "--end-of-options", treeish).stdout
    entries = {}
    for line in output.split("\0"):
        if line:
            meta, _, path = line.partition("\t")
            mode, _, blob = meta.split(" ")
            entries[path] = f"{mode} {blob}"
    return entries
