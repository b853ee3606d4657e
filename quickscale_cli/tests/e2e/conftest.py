"""A bare QuickScale repository built from this checkout, and a project created from it with the auth module."""

from __future__ import annotations

from pathlib import Path

import pytest

from testsupport.git import isolated_git_env, make_upstream
from testsupport.projects import InstalledProject, create_and_install


@pytest.fixture(scope="session")
def git_env(tmp_path_factory) -> dict[str, str]:
    return isolated_git_env(tmp_path_factory.mktemp("git"))


@pytest.fixture(scope="session")
def upstream(tmp_path_factory, git_env) -> Path:
    return make_upstream(tmp_path_factory.mktemp("upstream") / "quickscale.git", env=git_env)


@pytest.fixture(scope="session")
def demo(tmp_path_factory, upstream, git_env) -> InstalledProject:
    """`quickscale create demo --modules auth`, installed into its own fresh venv."""
    return create_and_install("demo", "auth", tmp_path_factory.mktemp("created"), upstream, git_env)
