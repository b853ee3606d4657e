"""`quickscale update-starter`: bring later improvements of the generated files into a project, 3-way.

The vendor branch `quickscale/pristine` holds pristine renders as commits. An
update renders the new QuickScale version with the same answers, commits that
render on the vendor branch and merges the branch into the user's: git does
the 3-way merge, so a conflict is an ordinary conflict (`git merge --abort`
undoes it) and the merge commit can be reverted. The first update of a project
commits the render of the version that generated it and records it as merged
(`git merge -s ours`: no file changes), so git's merge base is that render.
Nothing rewrites history, and only files QuickScale renders are ever changed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from quickscale_core.config import CONFIG_FILE, ProjectConfig, QuickScaleSource
from quickscale_core.config.load import load_config
from quickscale_core.errors import (
    GitCommandError,
    NotAGitRepositoryError,
    ProjectLayoutError,
    SharingUsageError,
    StarterConflictError,
)
from quickscale_core.project import pristine
from quickscale_core.project.pristine import VENDOR_BRANCH, VENDOR_REF, Render
from quickscale_core.sharing.git import Repository, open_repository, require_safe_ref, require_safe_repo, run_git
from quickscale_core.sharing.plans import absolute_if_local
from quickscale_core.sharing.record import SubtreeRecord, require_record
from quickscale_core.utils import validate_project_name

UNCHANGED = "unchanged upstream"
UPDATED = "updated cleanly"
CONFLICT = "conflict"
ADDED = "added"
DELETED = "deleted upstream"
KEPT_CHANGED = "deleted upstream, kept: you changed it"
KEPT_DELETED = "changed upstream, left deleted: you deleted it"
KEPT_OWN = "added upstream, your own file kept"
ALREADY_DELETED = "deleted upstream, deleted here already"
STATUS_ORDER = (CONFLICT, UPDATED, ADDED, DELETED, KEPT_CHANGED, KEPT_DELETED, KEPT_OWN, ALREADY_DELETED, UNCHANGED)
# Upstream lines of these files were not applied: the user's version stays, git show gives QuickScale's.
NOT_APPLIED = (KEPT_CHANGED, KEPT_DELETED, KEPT_OWN)


@dataclass(frozen=True)
class FileUpdate:
    path: str
    status: str


@dataclass(frozen=True)
class StarterUpdate:
    """What update-starter did (or, on a dry run, would do), file by file."""

    root: Path
    old: Render | None  # None when the vendor branch already held the old render
    old_version: str
    old_commit: str
    new_version: str
    new_commit: str
    files: tuple[FileUpdate, ...] = ()
    dry_run: bool = False
    up_to_date: bool = False
    merge_commit: str | None = None
    conflicts: tuple[str, ...] = field(default_factory=tuple)

    def paths(self, status: str) -> list[str]:
        return [item.path for item in self.files if item.status == status]

    @property
    def changed(self) -> tuple[FileUpdate, ...]:
        return tuple(item for item in self.files if item.status != UNCHANGED)

    def undo_command(self) -> str:
        if self.conflicts:
            return "git merge --abort"
        return f"git revert -m 1 {self.merge_commit[:12]}" if self.merge_commit else ""


def update_starter(root: Path | str, to: str | None = None, *, dry_run: bool = False) -> StarterUpdate:
    """Merge the pristine render of QuickScale `to` (default: the embedded copy) into the project at `root`."""
    repository = open_project(Path(root).resolve())
    record = require_record(_read(repository.root / pristine.PYPROJECT))
    config = project_config(repository.root, record)
    source = require_safe_repo(absolute_if_local(config.source.repo, repository.root), "quickscale.repo")
    new = pristine.render_at(repository, target_commit(repository, record, source, to), source, config, record)
    old = None if pristine.vendor_tip(repository) else _old_render(repository, record, source, config)
    return merge_renders(repository, config, old, new, dry_run=dry_run)


def merge_renders(
    repository: Repository, config: ProjectConfig, old: Render | None, new: Render, *, dry_run: bool = False
) -> StarterUpdate:
    """Commit `new` on the vendor branch and merge it (`old`: the first render, when there is no vendor branch)."""
    tip = pristine.vendor_tip(repository)
    if tip is None and old is None:
        raise SharingUsageError(f"There is no {VENDOR_BRANCH} branch, so the old render must be given.")
    merged = _last_merged_render(repository, tip)
    update = StarterUpdate(
        root=repository.root,
        old=old,
        old_version=(_message_version(repository, merged) if tip else old.version) or "?",
        old_commit=(pristine.trailer(_message(repository, merged), pristine.COMMIT_TRAILER) if tip else old.commit)
        or "?",
        new_version=new.version,
        new_commit=new.commit,
        dry_run=dry_run,
    )
    # The vendor branch's newest commit: the parent of the new render.
    base = tip or pristine.commit_object(
        repository, pristine.tree_object(repository, old.files), pristine.vendor_message(config, old)
    )
    merged = merged or base
    new_tree = pristine.tree_object(repository, new.files)
    if new_tree == _tree(repository, base):
        if merged == base:
            return replace(update, up_to_date=True)
        incoming = base  # rendered by an update that was aborted: merge it again
    else:
        incoming = pristine.commit_object(repository, new_tree, pristine.vendor_message(config, new), base)
    ours = "HEAD" if tip else pristine.commit_object(repository, _tree(repository, "HEAD"), "record", "HEAD", base)
    files, conflicts = classify(repository, merged, incoming, ours)
    update = replace(update, files=files, conflicts=conflicts)
    if dry_run:
        return update
    _refuse_untracked_in_the_way(repository, files)
    return merge(repository, update, tip, base, incoming)


def _last_merged_render(repository: Repository, tip: str | None) -> str | None:
    """The newest vendor commit merged into HEAD (git's merge base for the next render); None without a branch."""
    if tip is None:
        return None
    if repository.is_ancestor(tip, "HEAD"):
        return tip
    merged = repository.git("merge-base", "--end-of-options", "HEAD", tip, check=False).stdout.strip()
    if not merged:
        raise SharingUsageError(
            f"This branch shares no history with {VENDOR_BRANCH}; merge the branch that was updated before (such "
            "as main) into it first, then run update-starter again."
        )
    return merged


# --- refusing what must not be touched ---------------------------------------------------------------------


def open_project(root: Path) -> Repository:
    """The project's repository, refused as `open_repository` refuses, with update-starter's hint when not git."""
    result = run_git(root, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise NotAGitRepositoryError(
            f'"{root}" is not a git repository; make it one first (git init && git add -A && git commit -m '
            '"Project from quickscale init"), embed QuickScale (quickscale embed-core), then run update-starter.'
        )
    top = Path(result.stdout.strip())
    return open_repository(top, commits=True)


def _refuse_untracked_in_the_way(repository: Repository, files: tuple[FileUpdate, ...]) -> None:
    """A file QuickScale adds that exists here untracked (ignored, say) would be overwritten: refuse."""
    tracked = set(repository.git("ls-files", "-z").stdout.split("\0"))
    for item in files:
        if item.status == ADDED and item.path not in tracked and (repository.root / item.path).exists():
            raise SharingUsageError(
                f"QuickScale now generates {item.path}, which exists here but is not committed; move it away (or "
                "commit it), then run update-starter again."
            )


# --- what the project was generated from, and what it updates to -------------------------------------------


def project_config(root: Path, record: SubtreeRecord) -> ProjectConfig:
    """The answers: quickscale.yml, or for a `quickscale init` project (no quickscale.yml) its name and record."""
    if (root / CONFIG_FILE).is_file():
        return load_config(root / CONFIG_FILE)
    try:
        name = tomllib.loads(_read(root / pristine.PYPROJECT))["project"]["name"]
    except (tomllib.TOMLDecodeError, KeyError, TypeError):
        name = None
    if not isinstance(name, str) or not (root / name / "settings").is_dir():
        raise ProjectLayoutError(
            f"This project has no {CONFIG_FILE}, and pyproject.toml's [project] name is not its Django package; "
            f"write a {CONFIG_FILE} (see docs/config.md) and run update-starter again."
        )
    source = QuickScaleSource(repo=record.repo, ref=record.ref, prefix=record.prefix)
    return ProjectConfig(name=validate_project_name(name), source=source)


def target_commit(repository: Repository, record: SubtreeRecord, source: str, to: str | None) -> str:
    """The QuickScale commit to update to: `to` fetched from the repository, else the embedded copy's."""
    if to is not None:
        ref = require_safe_ref(repository.root, to, "--to")
        result = repository.git("fetch", "--quiet", "--no-tags", "--end-of-options", source, ref, check=False)
        if result.returncode != 0:
            raise SharingUsageError(
                f'Cannot fetch "{ref}" from the QuickScale repository {source}; check --to and quickscale.repo.'
            )
        return repository.output("rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}")
    splits = pristine.subtree_splits(repository, record.prefix)
    if not splits:
        raise SharingUsageError(
            f"No git subtree commit for {record.prefix}/ is in this branch's history, so there is no embedded "
            "QuickScale version to update to; name one with --to REF."
        )
    return splits[0][1]


def _old_render(repository: Repository, record: SubtreeRecord, source: str, config: ProjectConfig) -> Render:
    commit = pristine.recorded_commit(repository, record.prefix)
    if commit is None:
        raise SharingUsageError(
            "Cannot tell which QuickScale version generated this project (no QuickScale-Commit trailer and no git "
            "subtree commit in its history); embed QuickScale with quickscale embed-core first."
        )
    return pristine.render_at(repository, commit, source, config, record, known_modules_only=True)


# --- file by file --------------------------------------------------------------------------------------------


def classify(repository: Repository, base: str, incoming: str, ours: str) -> tuple[tuple[FileUpdate, ...], tuple]:
    """The status of every rendered file, from git merge-tree's merge of `incoming` into `ours` (nothing written)."""
    result = repository.git(
        "merge-tree", "--write-tree", "--name-only", "--no-messages", "--end-of-options", ours, incoming, check=False
    )
    if result.returncode not in (0, 1):
        raise GitCommandError(f"git merge-tree failed ({result.stderr.strip()}); fix that and run the command again.")
    lines = result.stdout.splitlines()
    conflicted = set(lines[1:]) if result.returncode == 1 else set()
    old, new = pristine.tree_entries(repository, base), pristine.tree_entries(repository, incoming)
    mine = pristine.tree_entries(repository, ours)
    files = tuple(
        FileUpdate(path, file_status(old.get(path), new.get(path), mine.get(path), path in conflicted))
        for path in sorted(set(old) | set(new))
    )
    return files, tuple(item.path for item in files if item.status == CONFLICT)


def file_status(old: str | None, new: str | None, mine: str | None, conflicted: bool) -> str:
    """One file's status from its blob in the old render, the new render and the user's branch."""
    if old == new:
        return UNCHANGED
    if old is None:
        return ADDED if mine in (None, new) else KEPT_OWN
    if new is None:
        if mine is None:
            return ALREADY_DELETED
        return DELETED if mine == old else KEPT_CHANGED
    if mine is None:
        return KEPT_DELETED
    return CONFLICT if conflicted else UPDATED


# --- the merge ------------------------------------------------------------------------------------------------


def merge(repository: Repository, update: StarterUpdate, tip: str | None, base: str, incoming: str) -> StarterUpdate:
    """Move the vendor branch to `incoming` and merge it; stops in git's merge state on a conflict."""
    with _restored_on_failure(repository, tip):
        if tip is None:
            repository.git("update-ref", "-m", "quickscale update-starter", VENDOR_REF, base, "")
            repository.git(
                "merge",
                "--quiet",
                "--no-ff",
                "--allow-unrelated-histories",
                "-s",
                "ours",
                "-m",
                _record_message(update),
                VENDOR_BRANCH,
            )
        if incoming != (tip or base):
            repository.git("update-ref", "-m", "quickscale update-starter", VENDOR_REF, incoming, tip or base)
        message = _merge_message(update)
        result = repository.git("merge", "--quiet", "--no-ff", "--no-commit", "-m", message, VENDOR_BRANCH, check=False)
        if result.returncode != 0 and not _merging(repository):
            raise GitCommandError(f"git merge failed ({result.stderr.strip()}); fix that and run the command again.")
        _keep_the_users_side(repository, update)
        conflicts = repository.conflicted()
        if conflicts:
            update = replace(update, conflicts=conflicts)
            raise StarterConflictError(
                f"The update conflicts with your changes in {len(conflicts)} file(s); resolve them (edit, git add, "
                "git commit) or undo the update with git merge --abort.",
                update,
            )
        repository.git("commit", "--quiet", "--no-edit")
    return replace(update, conflicts=(), merge_commit=repository.head())


def _keep_the_users_side(repository: Repository, update: StarterUpdate) -> None:
    """Files QuickScale no longer renders but the user changed, deleted or made stay as the user has them."""
    for item in update.files:
        if item.status in (KEPT_CHANGED, KEPT_OWN):
            repository.git("checkout", "HEAD", "--", item.path)
        elif item.status == KEPT_DELETED:
            repository.git("rm", "--quiet", "--cached", "--ignore-unmatch", "--", item.path)
            (repository.root / item.path).unlink(missing_ok=True)


@contextmanager
def _restored_on_failure(repository: Repository, tip: str | None) -> Iterator[None]:
    """On any failure but a conflict, HEAD, index, working tree and the vendor branch go back to where they were.

    The tree was clean when the command started (open_project checked), so the reset loses nothing of the user's.
    """
    before = repository.head()
    try:
        yield
    except StarterConflictError:
        raise  # git's merge state stays: the message says how to resolve or abort it
    except BaseException:
        git_dir = Path(repository.output("rev-parse", "--absolute-git-dir"))
        (git_dir / "index.lock").unlink(missing_ok=True)
        if (git_dir / "MERGE_HEAD").exists():
            repository.git("merge", "--abort", check=False)
        repository.git("reset", "--quiet", "--hard", before, check=False)
        if tip is None:
            repository.git("update-ref", "-d", VENDOR_REF, check=False)
        else:
            repository.git("update-ref", VENDOR_REF, tip, check=False)
        raise


def _record_message(update: StarterUpdate) -> str:
    return (
        f"Record QuickScale {update.old_version}'s pristine render ({VENDOR_BRANCH}) as this project's start\n\n"
        "No file changes: it marks the render this project was generated from as merged, so that\n"
        "quickscale update-starter can merge later renders 3-way.\n"
    )


def _merge_message(update: StarterUpdate) -> str:
    return (
        f"Update the starter from QuickScale {update.old_version} ({update.old_commit[:7]}) to "
        f"{update.new_version} ({update.new_commit[:7]})\n\n"
        f"Merged with quickscale update-starter from {VENDOR_BRANCH}.\n"
    )


def _merging(repository: Repository) -> bool:
    return Path(repository.output("rev-parse", "--absolute-git-dir"), "MERGE_HEAD").exists()


def _tree(repository: Repository, commit: str) -> str:
    return repository.output("rev-parse", "--verify", "--end-of-options", f"{commit}^{{tree}}")


def _message(repository: Repository, commit: str) -> str:
    return repository.output("log", "-1", "--format=%B", "--end-of-options", commit)


def _message_version(repository: Repository, commit: str) -> str | None:
    for line in _message(repository, commit).splitlines():
        if line.startswith(f"{pristine.VERSION_TRAILER}: "):
            return line.split(": ", 1)[1].strip()[:40]
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        raise ProjectLayoutError(
            f"There is no readable {path.name} at the top of the project; run update-starter in a QuickScale project."
        ) from None
