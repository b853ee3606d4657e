"""embed-core, update-core and sync-push as functions that return what they did; the CLI only prints.

Each one first opens the repository (refusing anything unsafe), then works out a
plan from git's answers, and only then, unless `dry_run`, runs the git subtree
command that changes something. None of them rewrites history: they add commits
(or, on conflict, leave git's ordinary merge state) and push new branches only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from quickscale_core.errors import GitCommandError, ProjectLayoutError, SharingUsageError, SubtreeConflictError
from quickscale_core.sharing.git import (
    Repository,
    default_branch,
    git_reason,
    open_repository,
    require_branch_name,
    require_ref,
)
from quickscale_core.sharing.plans import (
    CORE_DISTRIBUTION,
    DEFAULT_PREFIX,
    Commit,
    FileChange,
    absolute_if_local,
    core_path,
    find_embedded_split,
    normalize_prefix,
    parse_commits,
    parse_name_status,
    resolve_repo,
    shell_line,
    subtree_add_command,
    subtree_pull_command,
    subtree_push_command,
)
from quickscale_core.sharing.record import SubtreeRecord, add_record, read_record, require_record
from quickscale_core.sharing.source import installed_checkout
from quickscale_core.utils.files import replace_files
from quickscale_core.utils.pyproject import add_path_dependency, exclude_from_ruff

PYPROJECT = "pyproject.toml"
WIRING_MESSAGE = "Wire the embedded QuickScale core ({prefix}/) into pyproject.toml"


@dataclass(frozen=True)
class EmbedResult:
    record: SubtreeRecord
    upstream_commit: str
    commands: tuple[str, ...]
    dry_run: bool


@dataclass(frozen=True)
class Incoming:
    """What an update would bring: upstream commits and the files they change under the prefix."""

    old: str
    new: str
    commits: tuple[Commit, ...]
    files: tuple[FileChange, ...]
    changed_locally: tuple[str, ...]
    diverged: bool

    @property
    def up_to_date(self) -> bool:
        return self.old == self.new


@dataclass(frozen=True)
class UpdateResult:
    record: SubtreeRecord
    incoming: Incoming
    command: str
    applied: bool


@dataclass(frozen=True)
class PushResult:
    repo: str
    branch: str
    commit: str
    commits: tuple[Commit, ...]
    files: tuple[FileChange, ...]
    default_branch: str | None
    command: str
    pushed: bool

    @property
    def nothing_to_push(self) -> bool:
        return not self.commits


# --- embed-core ------------------------------------------------------------------------------------------


def embed_core(
    project_dir: Path | str,
    repo: str | None = None,
    ref: str | None = None,
    prefix: str = DEFAULT_PREFIX,
    *,
    dry_run: bool = False,
) -> EmbedResult:
    """Add the QuickScale repository under `prefix` (git subtree add --squash) and wire quickscale-core in.

    Makes two commits: git subtree's squash merge, then the pyproject.toml change
    (the `[tool.quickscale]` record and an editable path dependency on
    `<prefix>/quickscale_core` for uv, pip and Poetry).
    """
    repository = open_repository(Path(project_dir))
    prefix = normalize_prefix(prefix)
    text = _read_pyproject(repository)
    if (existing := read_record(text)) is not None:
        raise SharingUsageError(
            f"This project already embeds QuickScale under {existing.prefix}/ (see [tool.quickscale] in "
            "pyproject.toml); use quickscale update-core instead."
        )
    if repository.has_path(prefix):
        raise SharingUsageError(f'The project already has a "{prefix}" folder; choose another --prefix.')
    repo = absolute_if_local(resolve_repo(repo, installed_checkout(), os.environ), Path(project_dir))
    ref = ref or default_branch(repository.root, repo)
    if not ref:
        raise SharingUsageError(f"Cannot tell the default branch of {repo}; name the branch or tag with --ref.")
    require_ref(repository.root, repo, ref)
    record = SubtreeRecord(repo=repo, ref=ref, prefix=prefix)
    wired = exclude_from_ruff(
        add_path_dependency(add_record(text, record), CORE_DISTRIBUTION, core_path(prefix)), prefix
    )
    upstream = repository.fetch(repo, ref)
    if repository.git("cat-file", "-e", f"{upstream}:quickscale_core/pyproject.toml", check=False).returncode:
        raise SharingUsageError(
            f"{repo} ({ref}) has no quickscale_core/pyproject.toml; point --repo at a QuickScale repository."
        )
    add = subtree_add_command(repo, ref, prefix)
    commands = (shell_line(add), f"# edit {PYPROJECT}, then: git commit -am {WIRING_MESSAGE.format(prefix=prefix)!r}")
    if not dry_run:
        repository.git(*add[1:])
        replace_files(repository.root, {PYPROJECT: wired})
        repository.git("commit", "--quiet", "-m", WIRING_MESSAGE.format(prefix=prefix), "--", PYPROJECT)
    return EmbedResult(record=record, upstream_commit=upstream, commands=commands, dry_run=dry_run)


def _read_pyproject(repository: Repository) -> str:
    path = repository.root / PYPROJECT
    if not path.is_file():
        raise ProjectLayoutError(
            f"There is no {PYPROJECT} at the top of the repository {repository.root}; run the command in a project "
            "made by quickscale init."
        )
    return path.read_text(encoding="utf-8")


# --- update-core -----------------------------------------------------------------------------------------


def update_core(project_dir: Path | str, ref: str | None = None, *, dry_run: bool = False) -> UpdateResult:
    """Bring the recorded QuickScale repository's `ref` (default: the recorded ref) into the prefix.

    Raises SubtreeConflictError, leaving git's merge state in place, when local and
    upstream edits overlap; `git merge --abort` then restores the tree as it was.
    """
    repository = open_repository(Path(project_dir))
    record = require_record(_read_pyproject(repository))
    record = SubtreeRecord(repo=record.repo, ref=ref or record.ref, prefix=record.prefix)
    require_ref(repository.root, record.repo, record.ref)
    incoming = _incoming(repository, record)
    pull = subtree_pull_command(record.repo, record.ref, record.prefix)
    applied = not (dry_run or incoming.up_to_date)
    if applied:
        _pull(repository, pull, record.prefix)
    return UpdateResult(record=record, incoming=incoming, command=shell_line(pull), applied=applied)


def _incoming(repository: Repository, record: SubtreeRecord) -> Incoming:
    squash, old = _embedded(repository, record.prefix)
    new = repository.fetch(record.repo, record.ref)
    diverged = not repository.is_ancestor(old, new) if _has_commit(repository, old) else True
    commits = () if diverged else parse_commits(repository.output("log", "--format=%h%x00%s", f"{old}..{new}"))
    files = parse_name_status(repository.output("diff", "--name-status", squash, new), record.prefix)
    local = {f"{record.prefix}/{path}" for path in _changed_locally(repository, squash, record.prefix)}
    return Incoming(
        old=old,
        new=new,
        commits=commits,
        files=files,
        changed_locally=tuple(change.path for change in files if change.path in local),
        diverged=diverged,
    )


def _embedded(repository: Repository, prefix: str) -> tuple[str, str]:
    """(squash commit, upstream commit) of the last time git subtree added or pulled `prefix`."""
    log = repository.output("log", "--format=%H%x00%B%x1e", "--fixed-strings", f"--grep=git-subtree-dir: {prefix}")
    found = find_embedded_split(log, prefix)
    if found is None:
        raise SharingUsageError(
            f"No git subtree commit for {prefix}/ is in this branch's history; check prefix in [tool.quickscale] "
            "or embed again with quickscale embed-core."
        )
    return found


def _has_commit(repository: Repository, sha: str) -> bool:
    return repository.git("cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0


def _changed_locally(repository: Repository, squash: str, prefix: str) -> list[str]:
    return repository.output("diff", "--name-only", squash, f"HEAD:{prefix}").splitlines()


def _pull(repository: Repository, pull: list[str], prefix: str) -> None:
    result = repository.git(*pull[1:], check=False)
    if result.returncode == 0:
        return
    conflicts = repository.conflicted()
    if conflicts:
        raise SubtreeConflictError(
            f"The update conflicts with local changes in {len(conflicts)} file(s) under {prefix}/; resolve them "
            "and commit, or run git merge --abort to return to where you were.",
            conflicts,
        )
    raise GitCommandError(f"git subtree pull failed ({git_reason(result)}); fix that and run the command again.")


# --- sync-push -------------------------------------------------------------------------------------------


def sync_push(project_dir: Path | str, branch: str, repo: str | None = None, *, dry_run: bool = False) -> PushResult:
    """Push the commits that touched the prefix to the QuickScale repository as the new branch `branch`.

    The branch always has to be named; the result says whether it is the upstream
    default branch. git refuses to overwrite a branch that has moved on (no force).
    """
    repository = open_repository(Path(project_dir))
    record = require_record(_read_pyproject(repository))
    repo = absolute_if_local(repo or record.repo, Path(project_dir))
    require_branch_name(repository.root, branch)
    default = default_branch(repository.root, repo)
    _, old = _embedded(repository, record.prefix)
    base = _upstream_tip(repository, repo, record.ref) or old
    split = repository.output("subtree", "split", f"--prefix={record.prefix}")
    commits = parse_commits(repository.output("log", "--format=%h%x00%s", f"{base}..{split}"))
    files = parse_name_status(repository.output("diff", "--name-status", f"{base}...{split}"), record.prefix)
    push = subtree_push_command(repo, branch, record.prefix)
    pushed = bool(commits) and not dry_run
    if pushed:
        result = repository.git(*push[1:], check=False)
        if result.returncode != 0:
            raise GitCommandError(
                f'The push of branch "{branch}" failed ({git_reason(result)}); push to a new --branch name instead.'
            )
    return PushResult(
        repo=repo,
        branch=branch,
        commit=split,
        commits=commits,
        files=files,
        default_branch=default,
        command=shell_line(push),
        pushed=pushed,
    )


def _upstream_tip(repository: Repository, repo: str, ref: str) -> str | None:
    """The recorded ref's commit upstream (fetched so git subtree split finds its objects), if it still exists."""
    try:
        return repository.fetch(repo, ref)
    except GitCommandError:
        return None
