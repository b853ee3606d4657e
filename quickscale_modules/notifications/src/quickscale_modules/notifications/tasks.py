"""The Celery task that sends a Delivery, with retries and exponential backoff on provider errors.

acks_late: the task message is acknowledged only after the task ran, so a worker killed mid-send leaves it
in the broker for another worker; the claim in delivery.py makes that second run send nothing twice.
"""

from __future__ import annotations

import logging
import random

from celery import current_app, shared_task

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.delivery import Outcome, TransientError, mark_failed, send_delivery

logger = logging.getLogger(__name__)

_eager_logged = False


@shared_task(
    bind=True, name="quickscale_notifications.deliver", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def deliver(self, delivery_id: int) -> str:
    try:
        outcome = send_delivery(delivery_id)
    except TransientError as error:
        if self.request.retries >= conf.MAX_RETRIES:
            mark_failed(delivery_id, error)
            logger.error("Delivery %s failed after %s retries: %s", delivery_id, self.request.retries, error)
            return "failed"
        raise self.retry(exc=error, countdown=backoff(self.request.retries), max_retries=conf.MAX_RETRIES) from error
    if outcome is Outcome.BUSY and not self.request.is_eager:
        # A worker that may have died holds the claim; come back when its lease has run out.
        raise self.retry(countdown=conf.SEND_LEASE, max_retries=None)
    return outcome.value


def backoff(retries: int) -> float:
    """RETRY_BACKOFF * 2**retries seconds, capped at RETRY_BACKOFF_MAX, with up to 10% jitter."""
    delay = min(conf.RETRY_BACKOFF * 2**retries, conf.RETRY_BACKOFF_MAX)
    return delay * random.uniform(0.9, 1.0)


def enqueue(delivery_id: int) -> None:
    """Hand a committed Delivery to the workers (or, without a broker, send it right here)."""
    global _eager_logged
    if current_app.conf.task_always_eager and not _eager_logged:
        _eager_logged = True
        logger.warning(
            "Notifications are sent in-process (CELERY_TASK_ALWAYS_EAGER: no REDIS_URL); set REDIS_URL and run "
            "a Celery worker to send them in the background."
        )
    deliver.apply_async((delivery_id,), queue=conf.QUEUE)
