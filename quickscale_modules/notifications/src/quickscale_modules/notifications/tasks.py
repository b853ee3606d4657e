"""The Celery tasks: sending a Delivery, with retries and exponential backoff on provider errors, and the sweeper
that hands the workers again the deliveries whose task was lost.

acks_late: the task message is acknowledged only after the task ran, so a worker killed mid-send leaves it
in the broker for another worker; the claim in delivery.py makes that second run send nothing twice. A task
message can still be lost (the broker was down when the delivery was queued, or lost its data): the sweeper,
run by Celery beat every NOTIFICATIONS_SWEEP_INTERVAL seconds, queues such deliveries again.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from celery import current_app, shared_task
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from quickscale_modules.notifications.conf import notifications_settings as conf
from quickscale_modules.notifications.delivery import Outcome, TransientError, send_delivery
from quickscale_modules.notifications.models import Delivery

logger = logging.getLogger(__name__)

_eager_logged = False


# acks_on_timeout=False: a send killed by its hard time limit (conf.time_limits) goes back to the queue; its claim
# is then busy until the lease runs out, and the task takes the delivery over after it.
@shared_task(
    bind=True,
    name="quickscale_notifications.deliver",
    acks_late=True,
    reject_on_worker_lost=True,
    acks_on_timeout=False,
    ignore_result=True,
)
def deliver(self, delivery_id: int) -> str:
    retries = self.request.retries
    retry_in = backoff(retries) if retries < conf.MAX_RETRIES else None
    try:
        outcome = send_delivery(delivery_id, retry_in)
    except TransientError as error:
        raise self.retry(exc=error, countdown=retry_in, max_retries=conf.MAX_RETRIES) from error
    if outcome is Outcome.FAILED:
        logger.error("Delivery %s failed after %s attempts.", delivery_id, retries + 1)
    if outcome is Outcome.BUSY and not self.request.is_eager:
        # A worker that may have died holds the claim; come back when its lease has run out.
        raise self.retry(countdown=conf.SEND_LEASE, max_retries=None)
    return outcome.value


def backoff(retries: int) -> float:
    """RETRY_BACKOFF * 2**retries seconds, capped at RETRY_BACKOFF_MAX, with up to 10% jitter."""
    delay = min(conf.RETRY_BACKOFF * 2**retries, conf.RETRY_BACKOFF_MAX)
    return delay * random.uniform(0.9, 1.0)


def enqueue(delivery_id: int) -> bool:
    """Hand a committed Delivery to the workers (or, without a broker, send it right here); False when the broker
    cannot be reached: the delivery stays queued and the sweeper hands it over later."""
    global _eager_logged
    if current_app.conf.task_always_eager and not _eager_logged:
        _eager_logged = True
        logger.warning(
            "Notifications are sent in-process (CELERY_TASK_ALWAYS_EAGER: no REDIS_URL); set REDIS_URL and run "
            "a Celery worker to send them in the background."
        )
    try:
        deliver.apply_async((delivery_id,), queue=conf.QUEUE, **conf.time_limits)
    except OperationalError as error:
        logger.warning(
            "Delivery %s is queued but the broker is unreachable (%s); the sweeper hands it to the workers once "
            "it is back (run celery beat).",
            delivery_id,
            error,
        )
        return False
    return True


@shared_task(name="quickscale_notifications.sweep", ignore_result=True)
def sweep() -> int:
    """Queue again the deliveries whose task was lost: queued ones long past their due time, and claimed ones
    whose worker's lease ran out. A delivery queued twice is still sent once (the claim)."""
    now = timezone.now()
    overdue = Q(status=Delivery.Status.QUEUED, next_attempt_at__lt=now - timedelta(seconds=conf.SWEEP_AFTER))
    abandoned = Q(status=Delivery.Status.SENDING, claimed_at__lt=now - timedelta(seconds=conf.SEND_LEASE))
    lost = list(
        Delivery.objects.filter(overdue | abandoned)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[: conf.SWEEP_BATCH]
    )
    # Due again from now: the next sweeps leave them to the task queued here for SWEEP_AFTER seconds.
    Delivery.objects.filter(pk__in=lost, status=Delivery.Status.QUEUED).update(next_attempt_at=now)
    handed = sum(enqueue(pk) for pk in lost)
    if lost:
        logger.warning("The sweeper queued %s of %s deliveries whose task was lost.", handed, len(lost))
    return handed
