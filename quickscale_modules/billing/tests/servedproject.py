"""The test project served by gunicorn on a PostgreSQL database, talking to the local Stripe fake: what a
deployed site looks like to Stripe's webhook deliveries (used by test_served.py and the bench)."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from testsupport.projects import InstalledProject, gunicorn

TESTS_DIR = Path(__file__).resolve().parent
MODULE_VENV = Path(sys.prefix)


def project(env: dict[str, str], name: str = "billing_testproject", folder: Path = TESTS_DIR) -> InstalledProject:
    """The test project `name` in `folder` (the payments module serves its own, with this folder on PYTHONPATH)."""
    return InstalledProject(name=name, path=folder, venv=MODULE_VENV, env=env)


def environment(database_url: str, stripe_url: str, name: str = "billing_testproject") -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": f"{name}.settings",
        "DATABASE_URL": database_url,
        "STRIPE_API_HOST": stripe_url,
        "PYTHONPATH": str(TESTS_DIR),  # the test user model (users) and the Stripe fake's helpers
    }


@contextmanager
def database(postgres_url: str) -> Iterator[str]:
    """A new PostgreSQL database with the project's schema; dropped afterwards."""
    name = f"qs_billing_{uuid.uuid4().hex[:10]}"
    _psql(postgres_url, f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))
    finally:
        _psql(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


@contextmanager
def served(
    postgres_url: str,
    stripe_url: str,
    workers: int = 2,
    threads: int = 4,
    name: str = "billing_testproject",
    folder: Path = TESTS_DIR,
):
    """(server, project) for the test project under gunicorn, `workers` x `threads` requests at once."""
    with database(postgres_url) as database_url:
        site = project(environment(database_url, stripe_url, name), name, folder)
        site.manage("migrate", "--noinput", "-v", "0")
        # gunicorn 27 opens one control socket per user unless told not to; other servers may be running.
        env = {"GUNICORN_CMD_ARGS": f"--threads {threads} --no-control-socket"}
        with gunicorn(site, env=env, workers=workers) as server:
            try:
                yield server, site, database_url
            finally:
                # testsupport writes the log beside the project folder: here, inside the module's source tree.
                server.log.unlink(missing_ok=True)


def create_verified_user(site: InstalledProject, email: str, password: str) -> None:
    """A user of the served site who can sign in at once (a verified, primary address)."""
    site.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; from allauth.account.models import EmailAddress; "
        f"u = get_user_model().objects.create_user({email!r}, {password!r}); "
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)",
    )
