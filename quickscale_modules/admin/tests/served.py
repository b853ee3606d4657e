"""The test project served by gunicorn with DEBUG off, on a SQLite database of its own, for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from testsupport.projects import wait_until_serving

TESTS = Path(__file__).resolve().parent
SUPERUSER = ("root@example.com", "correct-horse-battery-staple")
SETUP = """
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from quickscale_modules.admin import services
from quickscale_modules.admin.models import Flag
root = get_user_model().objects.create_superuser(email="root@example.com", password="correct-horse-battery-staple")
EmailAddress.objects.create(user=root, email=root.email, primary=True, verified=True)
member = get_user_model().objects.create_user(email="member@example.com", password="correct-horse-battery-staple")
EmailAddress.objects.create(user=member, email=member.email, primary=True, verified=True)
Flag.objects.create(name="beta", note="The new editor")
services.record_event("sign_in_failed", object_repr="someone@example.com", data={"email": "someone@example.com"})
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "django", *args], env=env, cwd=TESTS, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@contextmanager
def served(tmp_path: Path):
    """(base URL, env) of the test project under gunicorn, migrated, with a superuser, a user and a flag."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "admin_testproject.settings",
        "PYTHONPATH": str(TESTS),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
    }
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    manage(env, "shell", "-c", SETUP)
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "admin_testproject.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=TESTS,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_serving(port, process, tmp_path / "gunicorn.log", timeout=60)
        yield f"http://127.0.0.1:{port}", env
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
