"""Real Celery workers against real Redis and PostgreSQL deliver to a real SMTP server exactly once: 500 queued
notifications across a SIGKILL of the worker in the middle of sending; one queued while the broker is dead, once
the broker is back (the sweeper); and a send that hangs is stopped before its lease runs out."""

from __future__ import annotations

import shutil
import time
from collections import Counter

import pytest
from workers import RedisServer, Worker, migrate, project_env, queue, statuses, wait_until

from testsupport.services import require

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


@pytest.fixture
def own_redis_server(tmp_path):
    """A redis-server of this test's alone, which it may kill (never the shared one)."""
    require("redis-server", shutil.which("redis-server") is not None)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.kill()


def test_a_delivery_queued_while_the_broker_is_dead_is_sent_once_when_it_is_back(
    postgres_database, own_redis_server, smtp, tmp_path
):
    # The sweeper (celery beat inside the worker) runs every second and takes deliveries a second overdue.
    env = project_env(
        postgres_database,
        own_redis_server.url,
        smtp.port,
        NOTIFICATIONS_SWEEP_INTERVAL="1",
        QUICKSCALE_NOTIFICATIONS_SWEEP_AFTER="1",
    )
    migrate(env)
    worker = Worker(env, tmp_path / "worker.log", beat=True)
    try:
        queue(env, 1)
        assert smtp.wait_for_count(1, timeout=120) == 1, worker.tail()

        own_redis_server.kill()
        # The transaction commits; handing the delivery to the dead broker fails, and the caller does not see it.
        queue(env, 1, first=1)
        assert statuses(env) == {"sent": 1, "queued": 1}
        time.sleep(3)
        assert smtp.count() == 1

        own_redis_server.start()  # empty: whatever it held is lost
        if worker.process.poll() is not None:
            # Celery 5.7 may exit when the broker vanishes while it acknowledges a task ("Unrecoverable error:
            # AttributeError" from kombu); the compose file's restart policy starts it again, as here.
            worker = Worker(env, tmp_path / "worker.log", beat=True)
        assert smtp.wait_for_count(2, timeout=120) == 2, worker.tail()
        assert wait_until(lambda: statuses(env) == {"sent": 2}, timeout=60, interval=1), statuses(env)
        time.sleep(5)  # several more sweeps: the delivery is not sent again
    finally:
        worker.stop()
    assert sorted(str(message["To"]) for message in smtp.messages) == ["user0@example.com", "user1@example.com"]


def test_a_send_that_hangs_is_stopped_before_its_lease_runs_out(postgres_database, redis_database, smtp, tmp_path):
    # A lease of 8 s: the send is stopped by its time limits (4 s, then 6 s) and its task goes back to the queue.
    env = project_env(postgres_database, redis_database, smtp.port, QUICKSCALE_NOTIFICATIONS_SEND_LEASE="8")
    migrate(env)
    # The provider takes the first message, then keeps its sender waiting for the answer (longer than the
    # lease, shorter than the project's SMTP timeout of 10 s per operation); it keeps the message if the sender is
    # still there to hear the answer.
    smtp.hold(count=1, accept=True)
    worker = Worker(env, tmp_path / "worker.log")
    try:
        queue(env, 1)
        assert wait_until(lambda: smtp.held() == 1, timeout=120), worker.tail()
        # Before the lease runs out (8 s after the claim, which came before the message) the worker gave up.
        assert wait_until(lambda: smtp.held_open() == 0, timeout=7), worker.tail()
        # Then the task, back in the queue, takes the abandoned delivery over once the lease has run out.
        assert smtp.wait_for_count(1, timeout=60) == 1, worker.tail()
        smtp.release()
        assert wait_until(lambda: statuses(env) == {"sent": 1}, timeout=30, interval=1), statuses(env)
        time.sleep(2)
    finally:
        worker.stop()
    assert len(smtp.messages) == 1
