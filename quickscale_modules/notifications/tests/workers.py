"""Real Celery worker processes of the test project against real Redis and PostgreSQL, for tests and the bench."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from testsupport.projects import free_port

TESTS = Path(__file__).resolve().parent


def project_env(database_url: str, redis_url: str, smtp_port: int, **extra: str) -> dict[str, str]:
    """The environment of the project's processes; `redis_url` is a database of this run's (own_redis_database)."""
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "notifications_testproject.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "QUICKSCALE_NOTIFICATIONS_QUEUE": f"qs-notifications-{uuid.uuid4().hex[:8]}",
        **extra,
    }


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=TESTS, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode:
        raise AssertionError(f"{' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def migrate(env: dict[str, str]) -> None:
    run(env, "-m", "django", "migrate", "--noinput")


def queue(env: dict[str, str], count: int, first: int = 0) -> None:
    run(env, "-m", "delivery_probe", "queue", str(count), str(first))


def statuses(env: dict[str, str]) -> dict[str, int]:
    return json.loads(run(env, "-m", "delivery_probe", "statuses"))


class Worker:
    """`celery -A notifications_testproject worker` in a process group of its own (parent and pool children)."""

    def __init__(self, env: dict[str, str], log: Path, concurrency: int = 2, beat: bool = False) -> None:
        self.log = log
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "notifications_testproject",
            "worker",
            "--queues",
            env["QUICKSCALE_NOTIFICATIONS_QUEUE"],
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"w{uuid.uuid4().hex[:8]}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "info",
            # Celery beat inside the worker (one worker only: a deployment runs one beat), for the sweeper.
            *(["--beat", "--schedule", str(log.with_suffix(".beat"))] if beat else []),
        ]
        with log.open("a") as output:
            self.process = subprocess.Popen(
                command, env=env, cwd=TESTS, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as an out-of-memory kill or a lost machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self) -> str:
        return self.log.read_text()[-4000:]


def wait_until(condition, timeout: float, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


class RedisServer:
    """A redis-server of the test's own on a free port, without persistence: `kill` is the broker dying with its
    data, `start` brings an empty one back on the same port. Never the shared server that other suites use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with (self.folder / f"redis-{self.port}.log").open("a") as output:
            self.process = subprocess.Popen(command, cwd=self.folder, stdout=output, stderr=subprocess.STDOUT)
        ping = ["redis-cli", "-p", str(self.port), "ping"]
        if not wait_until(lambda: subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG", 30):
            raise AssertionError(f"redis-server did not start on port {self.port}")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
