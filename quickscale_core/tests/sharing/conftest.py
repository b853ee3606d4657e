"""Real git for the sharing tests: a committed client project (git_env, upstream and upstream_seed come from
testsupport.git)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quickscale_core.sharing import embed_core
from testsupport.git import client_project


@pytest.fixture(autouse=True)
def always_isolated_git(isolated_git):
    """Every test sees only the test identity, never the user's or the system's git configuration."""


@pytest.fixture
def client(tmp_path) -> Path:
    """A project made by quickscale init, committed as a new git repository."""
    return client_project(tmp_path)


@pytest.fixture
def embedded(client, upstream) -> Path:
    """The client project with the upstream embedded under quickscale/."""
    embed_core(client, repo=str(upstream))
    return client
