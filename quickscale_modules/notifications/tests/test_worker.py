"""A real Celery worker against the real Redis server delivers 500 queued notifications exactly once to a real
SMTP server, even when it is killed with SIGKILL in the middle of sending and then restarted."""

from __future__ import annotations

from collections import Counter

import pytest
from workers import Worker, migrate, project_env, queue, statuses, wait_until

pytestmark = pytest.mark.slow

COUNT = 500


def test_500_notifications_arrive_exactly_once_across_a_sigkill(postgres_database, redis_database, smtp, tmp_path):
    # Short broker visibility timeout and claim lease, so the killed worker's deliveries come back in seconds.
    env = project_env(
        postgres_database,
        redis_database,
        smtp.port,
        CELERY_VISIBILITY_TIMEOUT="4",
        QUICKSCALE_NOTIFICATIONS_SEND_LEASE="3",
    )
    migrate(env)
    queue(env, COUNT)
    log = tmp_path / "worker.log"

    worker = Worker(env, log)
    try:
        assert smtp.wait_for_count(COUNT // 3, timeout=120) >= COUNT // 3, worker.tail()
        # Kill it while both pool processes wait for the SMTP server's answer to a message: the worst moment.
        smtp.hold()
        assert wait_until(lambda: smtp.held() >= 2, timeout=30), worker.tail()
        worker.kill()
        smtp.release()
        delivered_before_the_kill = smtp.count()
        assert delivered_before_the_kill < COUNT

        worker = Worker(env, log)
        smtp.wait_for_count(COUNT, timeout=180)
        assert wait_until(lambda: statuses(env) == {"sent": COUNT}, timeout=60, interval=1), statuses(env)
    finally:
        worker.stop()

    recipients = Counter(str(message["To"]) for message in smtp.messages)
    assert len(smtp.messages) == COUNT, [address for address, n in recipients.items() if n > 1]
    assert set(recipients) == {f"user{number}@example.com" for number in range(COUNT)}
    assert len({message["Message-ID"] for message in smtp.messages}) == COUNT
