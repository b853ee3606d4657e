"""The module's test project served by gunicorn on PostgreSQL, with a user and an API key, for contract tests."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from testsupport.projects import InstalledProject, gunicorn

TESTS_DIR = Path(__file__).resolve().parents[1]

EMAIL = "client@example.com"
PASSWORD = "correct-horse-battery-staple"

# Makes a user with a confirmed email (allauth logs in no one else) and prints their API key, the only time
# it is ever seen.
MAKE_KEY = f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from quickscale_modules.api import services
user = get_user_model().objects.create_user(email="{EMAIL}", password="{PASSWORD}")
EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
print(services.create_key(user, "contract tests")[1])
"""


@dataclass
class ServedApi:
    url: str
    key: str
    log: Path

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Api-Key {self.key}"}


def django_env(database_url: str, **extra: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "api_testproject.settings",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(TESTS_DIR),
        **extra,
    }


@contextmanager
def serve(workdir: Path, database_url: str, workers: int = 1, **extra: str) -> Iterator[ServedApi]:
    """Migrate `database_url`, make a user with a key, and serve the API with gunicorn from this venv."""
    env = django_env(database_url, **extra)
    project = InstalledProject(name="api_testproject", path=workdir, venv=Path(sys.prefix), env=env)
    project.run(project.python, "-m", "django", "migrate", "--noinput", "--run-syncdb")  # dj-stripe: syncdb
    key = project.run(project.python, "-m", "django", "shell", "--no-imports", "-c", MAKE_KEY).stdout.strip()
    with gunicorn(project, env, workers=workers) as server:
        yield ServedApi(url=server.url, key=key, log=server.log)


def new_database(postgres_url: str, name: str) -> str:
    subprocess.run(["psql", postgres_url, "-q", "-c", f'CREATE DATABASE "{name}"'], check=True, capture_output=True)
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def drop_database(postgres_url: str, name: str) -> None:
    subprocess.run(
        ["psql", postgres_url, "-q", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'],
        check=True,
        capture_output=True,
    )
