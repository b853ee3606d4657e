"""The one function that runs git, and the questions QuickScale asks a repository."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from quickscale_core.errors import (
    DirtyWorkingTreeError,
    GitCommandError,
    GitUnavailableError,
    MergeInProgressError,
    NotAGitRepositoryError,
    OutputLocationError,
    SharingUsageError,
)
from quickscale_core.sharing.plans import parse_default_branch, parse_porcelain

# The transports git may use for a repository value. Set in the environment, it also binds the git
# processes that git subtree starts, and it wins over any protocol.allow in the user's configuration:
# ext:: (which runs a command) and every other remote helper are never allowed.
ALLOWED_PROTOCOLS = "file:git:http:https:ssh"
GIT_ENVIRONMENT = {
    # Never stop for an editor: git subtree passes its own merge messages.
    "GIT_EDITOR": "true",
    "GIT_MERGE_AUTOEDIT": "no",
    "GIT_ALLOW_PROTOCOL": ALLOWED_PROTOCOLS,
}

# `transport::address` makes git run the program git-remote-<transport> (ext:: runs any command).
REMOTE_HELPER = re.compile(r"^[A-Za-z0-9+.-]+::")
URL_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
URL_SCHEMES = frozenset({"file", "git", "http", "https", "ssh", "git+ssh", "ssh+git"})
# A full commit id (SHA-1 or SHA-256): refused as a ref, since the record follows a branch or tag.
COMMIT_ID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")


def run_git(
    cwd: Path, *args: str, check: bool = True, env: Mapping[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `git args...` in `cwd` and return the finished process (text output captured).

    `env` adds variables (such as GIT_INDEX_FILE for a throw-away index); `input` is written to git's stdin.

    Callers put `--end-of-options` (or `--`) before positional arguments, and check
    every repository and ref with `require_safe_repo` / `require_safe_ref` first.
    With `check`, a non-zero exit becomes a GitCommandError whose message is git's own reason.
    """
    try:
        result = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            input=input,
            env={**os.environ, **(env or {}), **GIT_ENVIRONMENT},
        )
    except FileNotFoundError as error:
        if not Path(cwd).is_dir():
            raise OutputLocationError(
                f'The folder "{cwd}" no longer exists; cd to an existing folder and run the command again.'
            ) from None
        raise GitUnavailableError("git is not installed; install git and run the command again.") from error
    if check and result.returncode != 0:
        raise GitCommandError(f"git {args[0]} failed ({git_reason(result)}); fix that and run the command again.")
    return result


def git_reason(result: subprocess.CompletedProcess[str]) -> str:
    """The most telling line git printed: why a push was rejected, else its last fatal/error line, else its last."""
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    rejected = push_rejection(lines)
    if rejected:
        return rejected
    for line in reversed(lines):
        for marker in ("fatal: ", "error: "):
            if line.startswith(marker):
                return line[len(marker) :].rstrip(".")
    return lines[-1].rstrip(".") if lines else f"exit code {result.returncode}"


def push_rejection(lines: list[str]) -> str | None:
    """Why `git push` refused, from its own lines: the hook's or server's words, or the rejection reason.

    git ends a refused push with "failed to push some refs", which says nothing; the
    reason is in a `! [rejected] a -> b (non-fast-forward)` line or in the remote's output.
    """
    for line in lines:
        match = re.match(r"^! \[(?:remote )?rejected\] .* \((?P<reason>[^)]+)\)$", line)
        if match:
            return match["reason"]
    for line in lines:
        for marker in ("remote: error: ", "remote: fatal: ", "ERROR: ", "remote: "):
            if line.startswith(marker) and line[len(marker) :].strip():
                return line[len(marker) :].strip().rstrip(".")
        if "Permission denied" in line or "not allowed" in line or "Could not read from remote" in line:
            return line.removeprefix("fatal: ").rstrip(".")
    return None


def displayed(value: str) -> str:
    """`value` as it can be shown inside one line of a message: short, control characters escaped."""
    shown = value if len(value) <= 80 else f"{value[:77]}..."
    return shown if shown.isprintable() else shown.encode("unicode_escape").decode("ascii")


def require_safe_repo(repo: str, origin: str = "--repo") -> str:
    """`repo` if git can only read it as a repository (a path or a plain URL), else a SharingUsageError.

    Values come from flags, QUICKSCALE_REPO and files anyone with commit access can edit
    ([tool.quickscale]), so none is trusted: nothing that git would take for an option,
    nothing with a control character, no remote helper (`ext::`, `file::`...), no other scheme.
    """
    problem = None
    scheme = URL_SCHEME.match(repo)
    if not repo.strip():
        problem = "it is empty"
    elif any(ord(character) < 32 or ord(character) == 127 for character in repo):
        problem = "it contains a control character such as a newline"
    elif repo.startswith("-"):
        problem = "it starts with -, which git would read as an option (write ./-name for such a folder)"
    elif REMOTE_HELPER.match(repo):
        problem = "the transport::address form runs a git remote helper program"
    elif scheme and scheme[1].lower() not in URL_SCHEMES:
        problem = f"the {scheme[1]}:// transport is not allowed (only file, git, http, https and ssh)"
    if problem:
        raise SharingUsageError(
            f'The QuickScale repository "{displayed(repo)}" ({origin}) is refused because {problem}; '
            "give a folder path or an https, ssh or git URL."
        )
    return repo


def require_safe_ref(cwd: Path, ref: str, origin: str = "--ref") -> str:
    """`ref` if it is a valid branch or tag name (`git check-ref-format`), else a SharingUsageError.

    A full commit id is refused too: the record follows a branch or tag (tag a commit to pin it).
    """
    problem = None
    if not ref.strip():
        problem = "it is empty"
    elif any(ord(character) < 32 or ord(character) == 127 for character in ref):
        problem = "it contains a control character such as a newline"
    elif ref.startswith("-"):
        problem = "it starts with -, which git would read as an option"
    elif COMMIT_ID.match(ref):
        problem = "it is a commit id, not a branch or tag (tag the commit and use the tag)"
    elif run_git(cwd, "check-ref-format", "--allow-onelevel", ref, check=False).returncode != 0:
        problem = "git check-ref-format says it is not a valid branch or tag name"
    if problem:
        raise SharingUsageError(f'The ref "{displayed(ref)}" ({origin}) is refused because {problem}; check {origin}.')
    return ref


@dataclass(frozen=True)
class Repository:
    """A client project's git working tree, checked to be safe for a subtree operation."""

    root: Path

    def git(
        self, *args: str, check: bool = True, env: Mapping[str, str] | None = None, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        return run_git(self.root, *args, check=check, env=env, input=input)

    def output(self, *args: str, env: Mapping[str, str] | None = None, input: str | None = None) -> str:
        return self.git(*args, env=env, input=input).stdout.strip()

    def head(self) -> str:
        return self.output("rev-parse", "HEAD")

    def uncommitted(self) -> tuple[str, ...]:
        return parse_porcelain(self.git("status", "--porcelain", "--untracked-files=all").stdout)

    def conflicted(self) -> tuple[str, ...]:
        return tuple(self.output("diff", "--name-only", "--diff-filter=U").splitlines())

    def has_path(self, path: str) -> bool:
        in_head = self.git("cat-file", "-e", "--end-of-options", f"HEAD:{path}", check=False).returncode == 0
        return in_head or (self.root / path).exists()

    def fetch(self, repo: str, ref: str) -> str:
        """Fetch `ref` from `repo` without creating any branch; returns the fetched commit.

        This is the only fetch of an operation: what is listed and what is merged is this commit.
        """
        self.git("fetch", "--quiet", "--no-tags", "--end-of-options", repo, ref)
        return self.output("rev-parse", "--verify", "--end-of-options", "FETCH_HEAD^{commit}")

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.git("merge-base", "--is-ancestor", "--end-of-options", older, newer, check=False).returncode == 0

    def branch(self) -> str | None:
        """The checked-out branch, None on a detached HEAD."""
        result = self.git("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        return result.stdout.strip() or None if result.returncode == 0 else None

    def is_shallow(self) -> bool:
        return self.output("rev-parse", "--is-shallow-repository") == "true"


def open_repository(start: Path, *, commits: bool = False) -> Repository:
    """The repository `start` is in, after refusing the cases QuickScale must not touch.

    Refuses: no git, outside a working tree, no commits yet, a merge, cherry-pick, revert or rebase
    git has not finished, no `git subtree`,
    no git identity (commits would fail half-way), uncommitted changes; and, when the
    command will `commits`, a detached HEAD (its new commits would be lost at the next checkout).
    """
    result = run_git(start, "rev-parse", "--show-toplevel", check=False)
    if result.returncode != 0:
        raise NotAGitRepositoryError(
            f'"{start}" is not inside a git repository; run the command in your project '
            "after git init and a first commit."
        )
    repo = Repository(Path(result.stdout.strip()))
    if repo.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        raise NotAGitRepositoryError(
            "The repository has no commits yet; commit your project first (git add -A && git commit)."
        )
    require_no_operation_in_progress(repo)
    require_subtree(repo.root)
    require_identity(repo.root)
    require_clean(repo)
    if commits and repo.branch() is None:
        raise SharingUsageError(
            "HEAD is detached, so the commits this command makes would be lost at the next checkout; "
            "check out a branch (git switch -c NAME) and run the command again."
        )
    return repo


IN_PROGRESS = (
    ("MERGE_HEAD", "merge", "resolve, git add the files, then git commit"),
    ("CHERRY_PICK_HEAD", "cherry-pick", "git cherry-pick --continue"),
    ("REVERT_HEAD", "revert", "git revert --continue"),
    ("rebase-merge", "rebase", "git rebase --continue"),
    ("rebase-apply", "rebase", "git rebase --continue"),
)


def require_no_operation_in_progress(repo: Repository) -> None:
    """Refuse a repository git is in the middle of changing: committing on top would mix the two."""
    git_dir = Path(repo.git("rev-parse", "--absolute-git-dir").stdout.strip())
    for marker, what, finish in IN_PROGRESS:
        if (git_dir / marker).exists():
            raise MergeInProgressError(
                f"A {what} is in progress; finish it ({finish}) or undo it (git {what} --abort), "
                "then run the command again."
            )


def require_subtree(cwd: Path) -> None:
    help_text = run_git(cwd, "subtree", "-h", check=False)
    if "git subtree" not in help_text.stdout + help_text.stderr:
        raise GitUnavailableError(
            "git subtree is not installed; install it (it ships with git; on Debian it is in the git package) "
            "and run the command again."
        )


def require_identity(cwd: Path) -> None:
    if run_git(cwd, "var", "GIT_COMMITTER_IDENT", check=False).returncode != 0:
        raise GitUnavailableError(
            'git does not know who you are; run git config --global user.name "Your Name" and user.email, then retry.'
        )


def require_clean(repo: Repository) -> None:
    changes = repo.uncommitted()
    if changes:
        shown = ", ".join(changes[:3]) + (" ..." if len(changes) > 3 else "")
        raise DirtyWorkingTreeError(
            f"The working tree has uncommitted changes ({shown}); commit or stash them and run the command again."
        )


def default_branch(cwd: Path, repo: str) -> str | None:
    """The branch `repo`'s HEAD points to (its default branch), None when HEAD is detached."""
    repo = require_safe_repo(repo)
    result = run_git(cwd, "ls-remote", "--symref", "--end-of-options", repo, "HEAD", check=False)
    if result.returncode != 0:
        raise SharingUsageError(f"Cannot read the QuickScale repository {repo} ({git_reason(result)}); check --repo.")
    branch = parse_default_branch(result.stdout)
    # The upstream names its default branch: check it like any other ref.
    return require_safe_ref(cwd, branch, origin=f"the default branch of {repo}") if branch else None


def require_ref(cwd: Path, repo: str, ref: str) -> None:
    repo, ref = require_safe_repo(repo), require_safe_ref(cwd, ref)
    result = run_git(cwd, "ls-remote", "--end-of-options", repo, ref, check=False)
    if result.returncode != 0:
        raise SharingUsageError(f"Cannot read the QuickScale repository {repo} ({git_reason(result)}); check --repo.")
    if not result.stdout.strip():
        raise SharingUsageError(f'The QuickScale repository {repo} has no branch or tag "{ref}"; check --ref.')


def require_branch_name(cwd: Path, branch: str) -> None:
    """A plain new branch name: not an option, not `@` or HEAD, not a full ref name (refs/heads/x)."""
    plain = (
        branch.isprintable()
        and not branch.startswith(("-", "refs/"))
        and branch not in ("@", "HEAD")
        # Checked as the ref it will become, so `@{-1}` and `@` are not expanded as --branch would.
        and run_git(cwd, "check-ref-format", f"refs/heads/{branch}", check=False).returncode == 0
    )
    if not plain:
        raise SharingUsageError(
            f'"{displayed(branch)}" is not a plain git branch name; choose another --branch, such as fix-login.'
        )
