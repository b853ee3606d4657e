"""Pure parts of code sharing: the git commands to run and the parsing of git's answers.

Nothing here runs git or touches the disk, so every rule can be tested directly.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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


def normalize_prefix(prefix: str) -> str:
    """`prefix` as a clean relative folder path (no leading/trailing slash), or a SharingUsageError."""
    cleaned = prefix.strip().strip("/")
    parts = PurePosixPath(cleaned).parts if cleaned else ()
    if not parts or "\\" in cleaned or any(part in (".", "..", ".git") for part in parts):
        raise SharingUsageError(
            f'"{prefix}" cannot hold the embedded copy; give --prefix a relative folder inside the project, '
            "such as quickscale."
        )
    return "/".join(parts)


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


def subtree_add_command(record_repo: str, ref: str, prefix: str) -> list[str]:
    message = f"Embed the QuickScale repository ({ref}) under {prefix}/ with git subtree"
    return ["git", "subtree", "add", f"--prefix={prefix}", "--squash", "-m", message, record_repo, ref]


def subtree_pull_command(record_repo: str, ref: str, prefix: str) -> list[str]:
    return ["git", "subtree", "pull", f"--prefix={prefix}", record_repo, ref, "--squash"]


def subtree_push_command(record_repo: str, branch: str, prefix: str) -> list[str]:
    return ["git", "subtree", "push", f"--prefix={prefix}", record_repo, branch]


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
        if trailers.get("git-subtree-dir", "").rstrip("/") == prefix and "git-subtree-split" in trailers:
            return sha, trailers["git-subtree-split"]
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
