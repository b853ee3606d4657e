"""Pure parts of code sharing: the git commands to run and the parsing of git's answers.

Nothing here runs git or touches the disk, so every rule can be tested directly.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from quickscale_core.errors import SharingUsageError

DEFAULT_PREFIX = "quickscale"
CORE_DISTRIBUTION = "quickscale-core"
REPO_ENV_VAR = "QUICKSCALE_REPO"


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str


@dataclass(frozen=True)
class FileChange:
    """One file that differs, as `git diff --name-status` reports it (status A, M, D, R...)."""

    status: str
    path: str


# One folder name of a prefix: no leading "-" or ".", no quotes, spaces, backslashes or control characters.
PREFIX_PART = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
# What git subtree writes after git-subtree-split: in its commits: a full commit id.
SPLIT_COMMIT = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?\Z")


def normalize_prefix(prefix: str) -> str:
    """`prefix` as a plain relative folder path (a trailing slash dropped), or a SharingUsageError.

    Only folder names made of letters, digits, "_", "." and "-" (not leading "-" or "."),
    separated by "/": nothing absolute, no "..", nothing a shell, TOML or git could misread.
    """
    cleaned = prefix.rstrip("/")
    parts = cleaned.split("/") if cleaned else []
    if not parts or not all(PREFIX_PART.match(part) for part in parts) or ".git" in parts:
        shown = prefix if prefix.isprintable() else prefix.encode("unicode_escape").decode("ascii")
        raise SharingUsageError(
            f'"{shown}" cannot hold the embedded copy; give --prefix a relative folder inside the project, '
            "such as quickscale (letters, digits, _ . - and /)."
        )
    return cleaned


def core_path(prefix: str) -> str:
    """Where quickscale_core's pyproject.toml sits inside the embedded copy."""
    return f"{prefix}/quickscale_core"


def resolve_repo(explicit: str | None, checkout: Path | None, environment: dict[str, str] | os._Environ) -> str:
    """The QuickScale repository to use: --repo, else the checkout the CLI runs from, else $QUICKSCALE_REPO."""
    for candidate in (explicit, str(checkout) if checkout else None, environment.get(REPO_ENV_VAR)):
        if candidate and candidate.strip():
            return candidate.strip()
    raise SharingUsageError(
        f"Cannot tell which QuickScale repository to use; pass --repo URL_OR_PATH or set {REPO_ENV_VAR}."
    )


def absolute_if_local(repo: str, base: Path) -> str:
    """A repo given as an existing local path becomes absolute (the record must not depend on the cwd)."""
    if "://" in repo or re.match(r"^[\w.-]+@[\w.-]+:", repo):
        return repo
    path = (base / Path(repo).expanduser()).resolve()
    return str(path) if path.exists() else repo


# --- the commands a user could type by hand -------------------------------------------------------------


def subtree_add_command(commit: str, ref: str, prefix: str) -> list[str]:
    """Add `commit` (already fetched) under `prefix`: the fetched commit is the one added, no second fetch."""
    message = f"Embed the QuickScale repository ({ref}) under {prefix}/ with git subtree"
    return ["git", "subtree", "add", f"--prefix={prefix}", "--squash", "-m", message, "--", commit]


def subtree_merge_command(commit: str, ref: str, prefix: str) -> list[str]:
    """Merge `commit` (the one fetched and listed) into `prefix`."""
    message = f"Update the embedded QuickScale repository ({ref}) under {prefix}/ with git subtree"
    return ["git", "subtree", "merge", f"--prefix={prefix}", "--squash", "-m", message, "--", commit]


def fetch_command(record_repo: str, ref: str) -> list[str]:
    return ["git", "fetch", "--no-tags", "--end-of-options", record_repo, ref]


def subtree_push_command(record_repo: str, branch: str, prefix: str) -> list[str]:
    return ["git", "subtree", "push", f"--prefix={prefix}", "--", record_repo, branch]


def shell_line(command: list[str]) -> str:
    """`command` as one line to paste into a shell."""
    return shlex.join(command)


# --- parsing git's output --------------------------------------------------------------------------------


def parse_default_branch(ls_remote_symref: str) -> str | None:
    """The branch HEAD points to in `git ls-remote --symref REPO HEAD` output, if any."""
    match = re.search(r"^ref: refs/heads/(\S+)\s+HEAD$", ls_remote_symref, flags=re.MULTILINE)
    return match[1] if match else None


def find_embedded_split(log_output: str, prefix: str) -> tuple[str, str] | None:
    """(squash commit, upstream commit) of the newest subtree squash for `prefix`.

    `log_output` is `git log --format=%H%x00%B%x1e` output; git subtree writes
    `git-subtree-dir:` and `git-subtree-split:` trailers into each squash commit.
    """
    for record in log_output.split("\x1e"):
        sha, _, body = record.strip().partition("\x00")
        trailers = dict(re.findall(r"^(git-subtree-\w+): (\S+)\s*$", body, flags=re.MULTILINE))
        split = trailers.get("git-subtree-split", "")
        # Commit messages are project data: only a real commit id is used as one.
        if trailers.get("git-subtree-dir", "").rstrip("/") == prefix and SPLIT_COMMIT.match(split):
            return sha, split
    return None


def parse_commits(log_oneline: str) -> tuple[Commit, ...]:
    """Commits from `git log --format=%h%x00%s` output."""
    commits = []
    for line in log_oneline.splitlines():
        sha, _, subject = line.partition("\x00")
        if sha:
            commits.append(Commit(sha=sha, subject=subject))
    return tuple(commits)


def parse_name_status(output: str, prefix: str = "") -> tuple[FileChange, ...]:
    """`git diff --name-status` lines, paths shown below `prefix` (renames keep their new path)."""
    changes = []
    for line in output.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        path = fields[-1]
        changes.append(FileChange(status=fields[0][:1], path=f"{prefix}/{path}" if prefix else path))
    return tuple(changes)


def parse_porcelain(status_output: str) -> tuple[str, ...]:
    """Paths in `git status --porcelain` output (anything listed is an uncommitted change)."""
    return tuple(line[3:] for line in status_output.splitlines() if line.strip())
