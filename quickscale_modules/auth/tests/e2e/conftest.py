"""A project made by `quickscale create demo --modules auth` from this checkout, served by gunicorn with its
production settings on PostgreSQL, with a real SMTP server on 127.0.0.1 catching its emails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from e2e.authsite import QUICKSCALE, Inbox, serve

from testsupport.git import isolated_git_env, make_upstream
from testsupport.projects import InstalledProject, Server, create_and_install, free_port
from testsupport.services import require


@pytest.fixture(scope="session")
def auth_project(tmp_path_factory) -> InstalledProject:
    """`quickscale create demo --modules auth` against a bare repository of this checkout, installed."""
    require("the quickscale CLI", QUICKSCALE.exists(), "run scripts/setup.sh --dev")
    parent = tmp_path_factory.mktemp("auth-e2e")
    git_env = isolated_git_env(parent)
    upstream = make_upstream(parent / "quickscale.git", git_env)
    return create_and_install("demo", "auth", parent, upstream, git_env)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    handler = Inbox(free_port())
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def site(auth_project, postgres_database, inbox) -> Iterator[Server]:
    with serve(auth_project, postgres_database, inbox) as server:
        yield server
