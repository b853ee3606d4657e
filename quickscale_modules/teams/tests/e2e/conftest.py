"""A project made by `quickscale create demo --modules auth,teams` from this checkout, served by gunicorn with
its production settings on PostgreSQL, with a real SMTP server on 127.0.0.1 catching its emails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from e2e.teamsite import Inbox

from testsupport.git import isolated_git_env, make_upstream
from testsupport.projects import TOOLS, InstalledProject, Server, create_and_install, free_port, gunicorn
from testsupport.services import require


@pytest.fixture(scope="session")
def teams_project(tmp_path_factory) -> InstalledProject:
    require("the quickscale CLI", (TOOLS / "quickscale").exists(), "run scripts/setup.sh --dev")
    parent = tmp_path_factory.mktemp("teams-e2e")
    git_env = isolated_git_env(parent)
    upstream = make_upstream(parent / "quickscale.git", git_env)
    return create_and_install("demo", "auth,teams", parent, upstream, git_env)


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
def site_env(teams_project, postgres_database, inbox) -> dict[str, str]:
    """Production settings on a fresh database, emails to the inbox; migrated, static files collected."""
    port = free_port()
    env = teams_project.production_env(
        postgres_database,
        EMAIL_URL=f"smtp://127.0.0.1:{inbox.port}",
        CSRF_TRUSTED_ORIGINS=f"http://127.0.0.1:{port}",
        PORT=str(port),
    )
    teams_project.manage("migrate", "--noinput", env=env)
    teams_project.manage("collectstatic", "--noinput", env=env)
    return env


@pytest.fixture
def site(teams_project, site_env) -> Iterator[Server]:
    with gunicorn(teams_project, site_env, port=int(site_env["PORT"])) as server:
        yield server
