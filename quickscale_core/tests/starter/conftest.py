"""One generated, installed `acme` project shared by the starter's end-to-end tests, and its server."""

from __future__ import annotations

import pytest

from testsupport.projects import InstalledProject, Server, generate_and_install, gunicorn


@pytest.fixture(scope="session")
def acme(tmp_path_factory) -> InstalledProject:
    return generate_and_install("acme", tmp_path_factory.mktemp("starter"))


@pytest.fixture(scope="session")
def production_server(acme: InstalledProject, tmp_path_factory) -> Server:
    """acme under gunicorn with production settings, after collectstatic and migrate (SQLite file)."""
    database = tmp_path_factory.mktemp("served") / "db.sqlite3"
    env = acme.production_env(f"sqlite:///{database}")
    acme.manage("collectstatic", "--noinput", env=env)
    acme.manage("migrate", "--noinput", env=env)
    with gunicorn(acme, env, workers=2) as server:
        yield server
