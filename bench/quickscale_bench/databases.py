"""New PostgreSQL databases for a benchmark, on the server the test suite uses (scripts/services.sh starts it)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from quickscale_bench.procs import clean_env, run

POSTGRES = os.environ.get("QS_TEST_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")


def create_database(prefix: str = "qs_bench") -> str:
    """URL of a new, empty database named `prefix`_<random> (drop it with drop_database)."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    _psql(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(POSTGRES)._replace(path=f"/{name}"))


def drop_database(url: str) -> None:
    _psql(f'DROP DATABASE IF EXISTS "{urlsplit(url).path.lstrip("/")}" WITH (FORCE)')


def _psql(sql: str) -> None:
    run(["psql", POSTGRES, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], Path.cwd(), clean_env())
