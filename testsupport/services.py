"""Real services for tests: PostgreSQL, Redis and Chromium on this machine.

scripts/services.sh installs and starts them. When one is missing, a test that
needs it is skipped on a developer machine and fails when CI is set.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest


def require(service: str, available: bool, hint: str = "run scripts/services.sh") -> None:
    """Skip (or, when CI is set, fail) the calling test if `service` is not available."""
    if available:
        return
    message = f"{service} is not available; {hint}."
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _listening(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """URL of the PostgreSQL server's maintenance database (superuser)."""
    url = os.environ.get("QS_TEST_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
    require("PostgreSQL", _listening(url) and shutil.which("psql") is not None)
    return url


@pytest.fixture
def postgres_database(postgres_url: str):
    """A new, empty PostgreSQL database for one test; yields its URL and drops it after."""
    url = create_database(postgres_url)
    yield url
    drop_database(postgres_url, url)


def create_database(postgres_url: str, template: str | None = None) -> str:
    """A new PostgreSQL database, empty or a copy of the one at URL `template` (nobody connected to it)."""
    name = f"qs_{uuid.uuid4().hex[:12]}"
    copy = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
    _psql(postgres_url, f'CREATE DATABASE "{name}"{copy}')
    return urlunsplit(urlsplit(postgres_url)._replace(path=f"/{name}"))


def drop_database(postgres_url: str, url: str) -> None:
    """Drop the database at `url`, and the test database Django may have made beside it."""
    name = urlsplit(url).path.lstrip("/")
    _psql(postgres_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql(postgres_url, f'DROP DATABASE IF EXISTS "test_{name}" WITH (FORCE)')


def _psql(url: str, sql: str) -> None:
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("QS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    require("Redis", _listening(url))
    return url


# The key that marks a Redis database as taken by one run of the tests (deleted with the rest by FLUSHDB).
REDIS_CLAIM = "qs-test-redis-claim"


@contextlib.contextmanager
def own_redis_database(redis_url: str) -> Iterator[str]:
    """URL of a Redis database no other test run uses meanwhile (suites run side by side and one may FLUSHDB its
    own): the highest-numbered empty one, claimed with a key, emptied when the block ends."""
    for number in range(15, 0, -1):
        url = urlunsplit(urlsplit(redis_url)._replace(path=f"/{number}"))
        if redis_cli(url, "DBSIZE") == "0" and redis_cli(url, "SET", REDIS_CLAIM, "1", "NX") == "OK":
            break
    else:
        raise AssertionError(f"no empty Redis database on {redis_url}: FLUSHDB the ones a killed test run left")
    try:
        yield url
    finally:
        redis_cli(url, "FLUSHDB")


@pytest.fixture
def redis_database(redis_url) -> Iterator[str]:
    """A Redis database of this test's alone (see own_redis_database)."""
    with own_redis_database(redis_url) as url:
        yield url


def redis_cli(url: str, *command: str) -> str:
    result = subprocess.run(["redis-cli", "-u", url, *command], capture_output=True, text=True, check=True, timeout=30)
    return result.stdout.strip()


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium, for Playwright's `executable_path`."""
    path = os.environ.get("QS_CHROMIUM", "/usr/bin/chromium")
    require("Chromium", Path(path).exists(), "run scripts/services.sh (it installs Debian's chromium)")
    return path


# Chromium flags for this sandbox: root needs --no-sandbox, and the closed network
# refuses the background connections Chromium would otherwise open.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser(chromium_path: str):
    """A headless Playwright Chromium browser (Debian's binary; never downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests save screenshots and logs for a person to look at (test-artifacts/)."""
    path = Path(__file__).resolve().parent.parent / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
