"""Notification delivery throughput: messages/s into a real SMTP server with 1 and 2 Celery workers.

Run with the notifications module's venv (scripts/test-modules.sh makes it), PostgreSQL and Redis up
(scripts/services.sh):

    quickscale_modules/notifications/.venv/bin/python bench/notifications.py [--messages 300]

N deliveries are queued first; then 1 (and, in a second round, 2) worker processes of concurrency 1 start,
and the rate is counted from the first message the SMTP server receives to the last, so worker start-up
is left out. The ratio is 2 workers / 1 worker, measured in the same run (a machine with 2 cores shares
them with PostgreSQL, Redis and the SMTP server).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "quickscale_modules" / "notifications" / "tests"
sys.path.insert(0, str(TESTS))

from smtpcatcher import SMTPServer  # noqa: E402
from workers import Worker, migrate, project_env, queue  # noqa: E402

from testsupport.services import own_redis_database  # noqa: E402

POSTGRES = os.environ.get("QS_TEST_DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("QS_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def psql(sql: str) -> None:
    subprocess.run(["psql", POSTGRES, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True)


def throughput(workers: int, messages: int, scratch: Path) -> float:
    """Messages per second with `workers` worker processes, in a database and queue of their own."""
    name = f"qs_bench_{uuid.uuid4().hex[:10]}"
    psql(f'CREATE DATABASE "{name}"')
    try:
        with SMTPServer() as smtp, own_redis_database(REDIS) as redis:
            env = project_env(POSTGRES.rsplit("/", 1)[0] + f"/{name}", redis, smtp.port)
            migrate(env)
            queue(env, messages)
            started = [Worker(env, scratch / f"worker-{workers}-{n}.log", concurrency=1) for n in range(workers)]
            try:
                if smtp.wait_for_count(1, timeout=120) < 1:
                    raise SystemExit(f"Error: no message arrived; see {started[0].log}")
                first = time.monotonic()
                if smtp.wait_for_count(messages, timeout=600) < messages:
                    raise SystemExit(f"Error: only {smtp.count()} of {messages} messages arrived")
                return (messages - 1) / (time.monotonic() - first)
            finally:
                for worker in started:
                    worker.stop()
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench/notifications.py", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300, help="deliveries per round (default 300)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="qs-bench-notifications-") as scratch:
        one = throughput(1, args.messages, Path(scratch))
        two = throughput(2, args.messages, Path(scratch))
    print("| workers | messages/s |")
    print("|---|---|")
    print(f"| 1 | {one:.1f} |")
    print(f"| 2 | {two:.1f} |")
    print(f"ratio 2 workers / 1 worker: {two / one:.2f}")


if __name__ == "__main__":
    main()
