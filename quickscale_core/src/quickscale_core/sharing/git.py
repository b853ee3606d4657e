"""The one function that runs git, and the questions QuickScale asks a repository."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from quickscale_core.errors import (
    DirtyWorkingTreeError,
    GitCommandError,
    GitUnavailableError,
    NotAGitRepositoryError,
    SharingUsageError,
)
from quickscale_core.sharing.plans import parse_default_branch, parse_porcelain

# Never stop for an editor: git subtree passes its own merge messages.
QUIET_EDITOR = {"GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no"}


def run_git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `git args...` in `cwd` and return the finished process (text output captured).

    With `check`, a non-zero exit becomes a GitCommandError whose message is git's own reason.
    """
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **QUIET_EDITOR}
        )
    except FileNotFoundError:
        raise GitUnavailableError("git is not installed; install git and run the command again.") from None
    if check and result.returncode != 0:
        raise GitCommandError(f"git {args[0]} failed ({git_reason(result)}); fix that and run the command again.")
    return result


def git_reason(result: subprocess.CompletedProcess[str]) -> str:
    """The most telling line git printed: its last fatal/error line, else its last line."""
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    for line in reversed(lines):
        for marker in ("fatal: ", "error: "):
            if line.startswith(marker):
                return line[len(marker) :].rstrip(".")
    return lines[-1].rstrip(".") if lines else f"exit code {result.returncode}"


@dataclass(frozen=True)
class Repository:
    """A client project's git working tree, checked to be safe for a subtree operation."""

    root: Path

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return run_git(self.root, *args, check=check)

    def output(self, *args: str) -> str:
        return self.git(*args).stdout.strip()

    def head(self) -> str:
        return self.output("rev-parse", "HEAD")

    def uncommitted(self) -> tuple[str, ...]:
        return parse_porcelain(self.git("status", "--porcelain", "--untracked-files=all").stdout)

    def conflicted(self) -> tuple[str, ...]:
        return tuple(self.output("diff", "--name-only", "--diff-filter=U").splitlines())

    def has_path(self, path: str) -> bool:
        return self.git("cat-file", "-e", f"HEAD:{path}", check=False).returncode == 0 or (self.root / path).exists()

    def fetch(self, repo: str, ref: str) -> str:
        """Fetch `ref` from `repo` without creating any branch; returns the fetched commit."""
        self.git("fetch", "--quiet", "--no-tags", repo, ref)
        return self.output("rev-parse", "FETCH_HEAD^{commit}")

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.git("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0


def open_repository(start: Path) -> Repository:
    """The repository `start` is in, after refusing the cases QuickScale must not touch.

    Refuses: no git, outside a working tree, no commits yet, no `git subtree`,
    no git identity (commits would fail half-way), uncommitted changes.
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
    require_subtree(repo.root)
    require_identity(repo.root)
    require_clean(repo)
    return repo


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
    result = run_git(cwd, "ls-remote", "--symref", repo, "HEAD", check=False)
    if result.returncode != 0:
        raise SharingUsageError(f"Cannot read the QuickScale repository {repo} ({git_reason(result)}); check --repo.")
    return parse_default_branch(result.stdout)


def require_ref(cwd: Path, repo: str, ref: str) -> None:
    result = run_git(cwd, "ls-remote", repo, ref, check=False)
    if result.returncode != 0:
        raise SharingUsageError(f"Cannot read the QuickScale repository {repo} ({git_reason(result)}); check --repo.")
    if not result.stdout.strip():
        raise SharingUsageError(f'The QuickScale repository {repo} has no branch or tag "{ref}"; check --ref.')


def require_branch_name(cwd: Path, branch: str) -> None:
    if branch.startswith("-") or run_git(cwd, "check-ref-format", "--branch", branch, check=False).returncode != 0:
        raise SharingUsageError(
            f'"{branch}" is not a valid git branch name; choose another --branch, such as fix-login.'
        )
