"""Real git repositories for tests: an isolated git set-up, a bare "QuickScale" upstream, client projects.

The upstream is built from this checkout's working-tree files (tracked and new,
not ignored), so tests embed the code as it is now, uncommitted changes included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# Variables that would point git at another repository than the cwd's.
GIT_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_EXEC_PATH")


def isolated_git_env(folder: Path) -> dict[str, str]:
    """Environment overrides for a git with only a test identity configured (no user or system config)."""
    config = folder / "gitconfig"
    config.write_text(
        "[user]\n\tname = QuickScale Tests\n\temail = tests@quickscale.invalid\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[advice]\n\tdetachedHead = false\n",
        encoding="utf-8",
    )
    return {"GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


def git(cwd: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Run git in `cwd`, fail loudly, return its stripped stdout."""
    inherited = {key: value for key, value in os.environ.items() if key not in GIT_LOCATION_VARIABLES}
    merged = {**inherited, **(env or {})}
    result = subprocess.run(["git", *args], cwd=cwd, env=merged, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result.stdout.strip()


def working_tree_files(root: Path = REPO_ROOT) -> list[str]:
    """Files of the checkout at `root` as they are now: tracked plus new, minus ignored and deleted ones."""
    listed = git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    return sorted({name for name in listed if name and (root / name).is_file()})


def make_upstream(bare: Path, env: Mapping[str, str] | None = None, source: Path = REPO_ROOT) -> Path:
    """A bare repository at `bare` whose `main` holds one commit of `source`'s working-tree files."""
    work = bare.with_name(f"{bare.name}-seed")
    for name in working_tree_files(source):
        target = work / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / name, target)
    git(work, "init", "--quiet", "--initial-branch=main", env=env)
    git(work, "add", "-A", env=env)
    git(work, "commit", "--quiet", "-m", "QuickScale as it is in this checkout", env=env)
    git(work.parent, "clone", "--quiet", "--bare", str(work), str(bare), env=env)
    shutil.rmtree(work)
    return bare


def commit_files(repo: Path, files: Mapping[str, str], message: str, env: Mapping[str, str] | None = None) -> str:
    """Write `files` (relative path -> text) in the working tree `repo`, commit them, return the new HEAD."""
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "--", *files, env=env)
    git(repo, "commit", "--quiet", "-m", message, env=env)
    return git(repo, "rev-parse", "HEAD", env=env)


def push_upstream_change(
    bare: Path, files: Mapping[str, str], message: str, branch: str = "main", env: Mapping[str, str] | None = None
) -> str:
    """Commit `files` to `branch` of the bare repository `bare` (through a throw-away clone); returns the commit."""
    clone = bare.with_name(f"{bare.name}-clone")
    shutil.rmtree(clone, ignore_errors=True)
    git(bare.parent, "clone", "--quiet", "--branch", branch, str(bare), str(clone), env=env)
    commit = commit_files(clone, files, message, env=env)
    git(clone, "push", "--quiet", "origin", branch, env=env)
    shutil.rmtree(clone)
    return commit


def client_project(parent: Path, name: str = "acme") -> Path:
    """A project made by `quickscale init`'s generator, as the first commit of a new git repository."""
    # Imported here: this module is a pytest plugin, loaded before coverage starts measuring quickscale_core.
    from quickscale_core.scaffold import ProjectGenerator

    path = ProjectGenerator().generate(name, parent)
    git(path, "init", "--quiet", "--initial-branch=main")
    git(path, "add", "-A")
    git(path, "commit", "--quiet", "-m", f"quickscale init {name}")
    return path


def snapshot(repo: Path) -> tuple[str, str, str]:
    """(status, HEAD, hash of every file in the working tree): equal snapshots mean nothing changed."""
    index = repo / ".git" / "quickscale-snapshot-index"
    try:
        git(repo, "add", "-A", env={"GIT_INDEX_FILE": str(index)})
        tree = git(repo, "write-tree", env={"GIT_INDEX_FILE": str(index)})
    finally:
        index.unlink(missing_ok=True)
    return git(repo, "status", "--porcelain", "--untracked-files=all"), git(repo, "rev-parse", "HEAD"), tree


# --- pytest fixtures (loaded with -p testsupport.git) ---------------------------------------------------


@pytest.fixture(scope="session")
def git_env(tmp_path_factory) -> dict[str, str]:
    """Environment overrides for git with only a test identity (see isolated_git_env)."""
    return isolated_git_env(tmp_path_factory.mktemp("gitconfig"))


@pytest.fixture
def isolated_git(git_env, monkeypatch) -> dict[str, str]:
    """This test's git sees only the test identity, and no QUICKSCALE_REPO from the caller's environment."""
    for key, value in git_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("QUICKSCALE_REPO", raising=False)
    return git_env


@pytest.fixture(scope="session")
def upstream_seed(tmp_path_factory, git_env) -> Path:
    """A bare QuickScale repository of this checkout's files, shared by the session: never push to it."""
    return make_upstream(tmp_path_factory.mktemp("seed") / "quickscale.git", env=git_env)


@pytest.fixture
def upstream(upstream_seed, tmp_path) -> Path:
    """A private copy of upstream_seed (branch main) that the test may change."""
    return Path(shutil.copytree(upstream_seed, tmp_path / "quickscale.git", symlinks=True))
