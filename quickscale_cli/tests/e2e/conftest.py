"""A project created with the auth module from the bare QuickScale repository of testsupport.git."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject, create_and_install


@pytest.fixture(scope="session")
def demo(tmp_path_factory, upstream_seed, git_env) -> InstalledProject:
    """`quickscale create demo --modules auth`, installed into its own fresh venv."""
    return create_and_install("demo", "auth", tmp_path_factory.mktemp("created"), upstream_seed, git_env)
