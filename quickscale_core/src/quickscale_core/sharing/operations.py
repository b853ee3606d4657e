"""embed-core, update-core and sync-push as functions that return what they did; the CLI only prints.

Each one first opens the repository (refusing anything unsafe), then works out a
plan from git's answers, and only then, unless `dry_run`, runs the git subtree
command that changes something. None of them rewrites history: they add commits
(or, on conflict, leave git's ordinary merge state) and push new branches only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from quickscale_core.errors import GitCommandError, ProjectLayoutError, SharingUsageError, SubtreeConflictError
from quickscale_core.sharing.git import (
    Repository,
    default_branch,
    displayed,
    git_reason,
    open_repository,
    require_branch_name,
    require_ref,
    require_safe_ref,
    require_safe_repo,
)
from quickscale_core.sharing.plans import (
    CORE_DISTRIBUTION,
    DEFAULT_PREFIX,
    REPO_ENV_VAR,
    Commit,
    FileChange,
    absolute_if_local,
    core_path,
    fetch_command,
    find_embedded_split,
    normalize_prefix,
    parse_commits,
    parse_name_status,
    resolve_repo,
    shell_line,
    subtree_add_command,
    subtree_merge_command,
    subtree_push_command,
)
from quickscale_core.sharing.record import TABLE, SubtreeRecord, add_record, read_record, require_record
from quickscale_core.sharing.source import installed_checkout
from quickscale_core.utils.files import replace_files
from quickscale_core.utils.pyproject import add_dev_path_dependency, exclude_from_ruff

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
    head: str = ""  # the project's HEAD when the update was listed


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
    (the `[tool.quickscale]` record and quickscale-core as an editable path dependency
    of the dev group for uv, pip and Poetry). All or nothing: any failure or interruption
    puts the branch and the working tree back where they were. If the process was killed
    between the two commits, running embed-core again finishes the wiring (see `_unrecorded_embed`).
    """
    repository = open_repository(Path(project_dir), commits=True)
    prefix = normalize_prefix(prefix)
    text = _read_pyproject(repository)
    if (existing := read_record(text)) is not None:
        raise SharingUsageError(
            f"This project already embeds QuickScale under {existing.prefix}/ (see [tool.quickscale] in "
            "pyproject.toml); use quickscale update-core instead."
        )
    unrecorded = _unrecorded_embed(repository, prefix)
    if unrecorded is None and repository.has_path(prefix):
        raise SharingUsageError(f'The project already has a "{prefix}" folder; choose another --prefix.')
    repo = chosen_repo(repo, Path(project_dir))
    ref = require_safe_ref(repository.root, ref) if ref is not None else default_branch(repository.root, repo)
    if not ref:
        raise SharingUsageError(f"Cannot tell the default branch of {repo}; name the branch or tag with --ref.")
    record = SubtreeRecord(repo=repo, ref=ref, prefix=prefix)
    wired = wire_pyproject(text, record)
    message = WIRING_MESSAGE.format(prefix=prefix)
    wiring = f"# edit {PYPROJECT}, then: git commit -m {message!r} -- {PYPROJECT}"
    if unrecorded is not None:  # git subtree's commit is there already: only the wiring is missing
        if not dry_run:
            _wire(repository, wired, message, subtree_add=None, prefix=prefix)
        return EmbedResult(record=record, upstream_commit=unrecorded, commands=(wiring,), dry_run=dry_run)
    require_ref(repository.root, repo, ref)
    upstream = repository.fetch(repo, ref)
    if _missing(repository, f"{upstream}:quickscale_core/pyproject.toml"):
        raise SharingUsageError(
            f"{repo} ({ref}) has no quickscale_core/pyproject.toml; point --repo at a QuickScale repository."
        )
    commands = (
        shell_line(fetch_command(repo, ref)),
        shell_line(subtree_add_command("FETCH_HEAD", ref, prefix)),
        wiring,
    )
    if not dry_run:
        _wire(repository, wired, message, subtree_add=subtree_add_command(upstream, ref, prefix), prefix=prefix)
    return EmbedResult(record=record, upstream_commit=upstream, commands=commands, dry_run=dry_run)


def _wire(repository: Repository, wired: str, message: str, subtree_add: list[str] | None, prefix: str) -> None:
    """Run git subtree add (unless resuming), then commit the wired pyproject.toml; all or nothing."""
    with restored_on_failure(repository, repository.head(), prefix if subtree_add else None):
        if subtree_add:
            repository.git(*subtree_add[1:])
        replace_files(repository.root, {PYPROJECT: wired})
        repository.git("commit", "--quiet", "-m", message, "--", PYPROJECT)


def chosen_repo(repo: str | None, base: Path) -> str:
    """The QuickScale repository to use (--repo, this checkout, $QUICKSCALE_REPO), checked for safety."""
    origin = "--repo" if repo else f"this install's checkout or {REPO_ENV_VAR}"
    resolved = resolve_repo(repo, installed_checkout(), os.environ)
    return absolute_if_local(require_safe_repo(resolved, origin), base)


def wire_pyproject(text: str, record: SubtreeRecord) -> str:
    """`text` with the record, the dev-group path dependency on the embedded core and the ruff exclusion."""
    wired = add_dev_path_dependency(add_record(text, record), CORE_DISTRIBUTION, core_path(record.prefix))
    return exclude_from_ruff(wired, record.prefix)


def _unrecorded_embed(repository: Repository, prefix: str) -> str | None:
    """The upstream commit of an embed-core that was killed between its two commits, else None.

    That is: HEAD itself is git subtree's merge adding `prefix`, whose second parent is the
    squash commit (and pyproject.toml has no record yet, which the caller checked).
    """
    parents = repository.output("log", "-1", "--format=%P", "HEAD").split()
    if len(parents) != 2 or not repository.has_path(prefix):
        return None
    body = repository.output("log", "-1", "--format=%B", "--end-of-options", parents[1])
    found = find_embedded_split(f"{parents[1]}\x00{body}", prefix)
    return found[1] if found else None


def _missing(repository: Repository, object_name: str) -> bool:
    return repository.git("cat-file", "-e", "--end-of-options", object_name, check=False).returncode != 0


@contextmanager
def restored_on_failure(repository: Repository, before: str, prefix: str | None) -> Iterator[None]:
    """On any failure or interruption inside the block, put HEAD, index and working tree back at `before`.

    The repository was clean when the command started (open_repository checked), so
    resetting loses nothing of the user's; `prefix`, new in this command, is removed.
    A git child killed by the interruption can leave its index.lock: ours, so removed.
    """
    try:
        yield
    except SubtreeConflictError:
        raise  # git's merge state stays: the message says how to resolve or abort it
    except BaseException:
        lock = Path(repository.output("rev-parse", "--absolute-git-dir"), "index.lock")
        lock.unlink(missing_ok=True)
        if Path(lock.parent, "MERGE_HEAD").exists():
            repository.git("merge", "--abort", check=False)
        repository.git("reset", "--quiet", "--hard", before, check=False)
        if prefix is not None:
            repository.git("clean", "-fdq", "--", prefix, check=False)
        raise


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

    Fetches once (`plan_update`) and merges exactly the commit it listed (`apply_update`).
    Raises SubtreeConflictError, leaving git's merge state in place, when local and
    upstream edits overlap; `git merge --abort` then restores the tree as it was.
    """
    plan = plan_update(project_dir, ref)
    return plan if dry_run or plan.incoming.up_to_date else apply_update(project_dir, plan)


def plan_update(project_dir: Path | str, ref: str | None = None) -> UpdateResult:
    """What an update would bring (fetching the ref once), without changing anything."""
    repository = open_repository(Path(project_dir), commits=True)
    record = checked_record(repository, ref)
    require_ref(repository.root, record.repo, record.ref)
    incoming = _incoming(repository, record)
    steps = (fetch_command(record.repo, record.ref), subtree_merge_command("FETCH_HEAD", record.ref, record.prefix))
    command = " && ".join(shell_line(step) for step in steps)
    return UpdateResult(record=record, incoming=incoming, command=command, applied=False, head=repository.head())


def apply_update(project_dir: Path | str, plan: UpdateResult) -> UpdateResult:
    """Merge the commit `plan` listed (already fetched by plan_update) into the prefix, as one squash merge.

    Refuses when the branch moved since the plan. On a conflict, git's merge state stays for the
    user to resolve or abort; any other failure or an interruption restores the branch as it was.
    """
    repository = open_repository(Path(project_dir), commits=True)
    if repository.head() != plan.head:
        raise SharingUsageError("The branch changed since the update was listed; run quickscale update-core again.")
    merge = subtree_merge_command(plan.incoming.new, plan.record.ref, plan.record.prefix)
    with restored_on_failure(repository, plan.head, prefix=None):
        _merge(repository, merge, plan.record.prefix)
    return replace(plan, applied=True)


def checked_record(repository: Repository, ref: str | None = None) -> SubtreeRecord:
    """The project's [tool.quickscale] record, every value checked (anyone who can commit can edit it)."""
    record = require_record(_read_pyproject(repository))
    origin = f"{TABLE} in pyproject.toml"
    repo = require_safe_repo(record.repo, origin=f"repo in {origin}")
    chosen = require_safe_ref(repository.root, ref, "--ref") if ref is not None else None
    chosen = chosen or require_safe_ref(repository.root, record.ref, origin=f"ref in {origin}")
    prefix = _checked_prefix(record.prefix, origin)
    return SubtreeRecord(repo=repo, ref=chosen, prefix=prefix)


def _checked_prefix(prefix: str, origin: str) -> str:
    try:
        return normalize_prefix(prefix)
    except SharingUsageError:
        raise SharingUsageError(
            f'The prefix "{displayed(prefix)}" in {origin} is not a plain relative folder; fix it and run the '
            "command again."
        ) from None


def _incoming(repository: Repository, record: SubtreeRecord) -> Incoming:
    squash, old = _embedded(repository, record.prefix)
    new = repository.fetch(record.repo, record.ref)
    diverged = not repository.is_ancestor(old, new) if _has_commit(repository, old) else True
    log = repository.output("log", "--format=%h%x00%s", "--end-of-options", f"{old}..{new}")
    commits = () if diverged else parse_commits(log)
    files = parse_name_status(
        repository.output("diff", "--name-status", "--end-of-options", squash, new), record.prefix
    )
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
    if found is None and repository.is_shallow():
        raise SharingUsageError(
            f"This clone is shallow, so the git subtree commit of {prefix}/ is not in its history; "
            "run git fetch --unshallow and run the command again."
        )
    if found is None:
        raise SharingUsageError(
            f"No git subtree commit for {prefix}/ is in this branch's history; check prefix in [tool.quickscale] "
            "or embed again with quickscale embed-core."
        )
    return found


def _has_commit(repository: Repository, sha: str) -> bool:
    return not _missing(repository, f"{sha}^{{commit}}")


def _changed_locally(repository: Repository, squash: str, prefix: str) -> list[str]:
    return repository.output("diff", "--name-only", "--end-of-options", squash, f"HEAD:{prefix}").splitlines()


def _merge(repository: Repository, merge: list[str], prefix: str) -> None:
    result = repository.git(*merge[1:], check=False)
    if result.returncode == 0:
        return
    conflicts = repository.conflicted()
    if conflicts:
        raise SubtreeConflictError(
            f"The update conflicts with local changes in {len(conflicts)} file(s) under {prefix}/; resolve them "
            "and commit, or run git merge --abort to return to where you were.",
            conflicts,
        )
    raise GitCommandError(f"git subtree merge failed ({git_reason(result)}); fix that and run the command again.")


# --- sync-push -------------------------------------------------------------------------------------------


def sync_push(project_dir: Path | str, branch: str, repo: str | None = None, *, dry_run: bool = False) -> PushResult:
    """Push the commits that touched the prefix to the QuickScale repository as the new branch `branch`.

    The branch always has to be named; the result says whether it is the upstream
    default branch. git refuses to overwrite a branch that has moved on (no force).
    """
    repository = open_repository(Path(project_dir))
    record = checked_record(repository)
    repo = absolute_if_local(require_safe_repo(repo), Path(project_dir)) if repo is not None else record.repo
    require_branch_name(repository.root, branch)
    default = default_branch(repository.root, repo)
    _, old = _embedded(repository, record.prefix)
    base = _upstream_tip(repository, repo, record.ref) or old
    split = repository.output("subtree", "split", f"--prefix={record.prefix}")
    commits = parse_commits(repository.output("log", "--format=%h%x00%s", "--end-of-options", f"{base}..{split}"))
    files = parse_name_status(
        repository.output("diff", "--name-status", "--end-of-options", f"{base}...{split}"), record.prefix
    )
    push = subtree_push_command(repo, branch, record.prefix)
    pushed = bool(commits) and not dry_run
    if pushed:
        result = repository.git(*push[1:], check=False)
        if result.returncode != 0:
            raise GitCommandError(
                f'git refused to push branch "{branch}" ({git_reason(result)}); fix that, or push to a new '
                "--branch name if the branch exists upstream."
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
