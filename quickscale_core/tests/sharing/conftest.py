"""Real git for the sharing tests: an isolated git set-up, a bare QuickScale upstream, a committed client project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quickscale_core.sharing import embed_core
from testsupport.git import client_project, isolated_git_env, make_upstream


@pytest.fixture(scope="session")
def git_env(tmp_path_factory) -> dict[str, str]:
    return isolated_git_env(tmp_path_factory.mktemp("gitconfig"))


@pytest.fixture(autouse=True)
def isolated_git(git_env, monkeypatch):
    """Every test sees only the test identity, never the user's or the system's git configuration."""
    for key, value in git_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("QUICKSCALE_REPO", raising=False)


@pytest.fixture(scope="session")
def upstream_seed(tmp_path_factory, git_env) -> Path:
    return make_upstream(tmp_path_factory.mktemp("seed") / "quickscale.git", env=git_env)


@pytest.fixture
def upstream(upstream_seed, tmp_path) -> Path:
    """A bare QuickScale repository of this checkout's files, private to the test (branch main)."""
    return Path(shutil.copytree(upstream_seed, tmp_path / "quickscale.git", symlinks=True))


@pytest.fixture
def client(tmp_path) -> Path:
    """A project made by quickscale init, committed as a new git repository."""
    return client_project(tmp_path)


@pytest.fixture
def embedded(client, upstream) -> Path:
    """The client project with the upstream embedded under quickscale/."""
    embed_core(client, repo=str(upstream))
    return client
