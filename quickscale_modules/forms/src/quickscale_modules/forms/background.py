"""Work done after a submission is stored, never while the visitor waits for it.

With the notifications module's Celery app and a broker (REDIS_URL), webhooks go to a Celery task that retries
them with growing waits (tasks.py). Without them, each first attempt runs in a thread of the web process after
the response is sent, with WEBHOOK_TIMEOUT; a failed one is retried by `manage.py forms_retry_webhooks` (run
it every minute from cron, or the quickscale_forms.retry_webhooks task from Celery beat).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from django.apps import apps
from django.db import connections

logger = logging.getLogger(__name__)

_threads: list[threading.Thread] = []


def celery_workers() -> bool:
    """Whether tasks go to Celery workers: the notifications module's Celery app with a broker (not eager)."""
    if not apps.is_installed("quickscale_modules.notifications"):
        return False
    from celery import current_app

    return not current_app.conf.task_always_eager


def in_thread(work: Callable[[], object], name: str) -> threading.Thread:
    """Run `work` in a thread of this process, with database connections of its own that it closes."""

    def run() -> None:
        try:
            work()
        except Exception:
            logger.exception("Background work %s failed", name)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name=f"quickscale-forms-{name}", daemon=True)
    _threads[:] = [running for running in _threads if running.is_alive()]
    _threads.append(thread)
    thread.start()
    return thread


def wait(timeout: float = 30) -> None:
    """Wait for the threads started so far (tests, and `manage.py` commands before they exit)."""
    for thread in list(_threads):
        thread.join(timeout)


def deliver_webhook(delivery_id: int) -> None:
    if celery_workers():
        from quickscale_modules.forms.conf import forms_settings
        from quickscale_modules.forms.tasks import deliver_webhook as task

        task.apply_async((delivery_id,), queue=forms_settings.QUEUE)
        return
    from quickscale_modules.forms.webhooks import attempt

    in_thread(lambda: attempt(delivery_id), f"webhook-{delivery_id}")
