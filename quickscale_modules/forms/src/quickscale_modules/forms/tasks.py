"""Celery tasks (with the notifications module, whose Celery app finds them): webhook deliveries with retries and
growing waits, and the periodic retries and purge for Celery beat.

    CELERY_BEAT_SCHEDULE = {
        "forms-retry-webhooks": {"task": "quickscale_forms.retry_webhooks", "schedule": 60},
        "forms-purge": {"task": "quickscale_forms.purge", "schedule": 24 * 3600},
    }
"""

from __future__ import annotations

from celery import shared_task

from quickscale_modules.forms import retention, webhooks
from quickscale_modules.forms.conf import forms_settings as conf


@shared_task(bind=True, name="quickscale_forms.deliver_webhook", acks_late=True, ignore_result=True)
def deliver_webhook(self, delivery_id: int) -> str:
    outcome = webhooks.attempt(delivery_id)
    if outcome is webhooks.Outcome.RETRY:
        # The delivery row says when the next attempt is due; the task waits as long.
        countdown = webhooks.backoff(self.request.retries + 1)
        raise self.retry(countdown=countdown, max_retries=conf.WEBHOOK_MAX_ATTEMPTS)
    return outcome.value


@shared_task(name="quickscale_forms.retry_webhooks", ignore_result=True)
def retry_webhooks() -> int:
    """Attempt every due delivery (those whose task was lost, or that were attempted in a web process)."""
    due = webhooks.due_deliveries()
    for delivery_id in due:
        webhooks.attempt(delivery_id)
    return len(due)


@shared_task(name="quickscale_forms.purge", ignore_result=True)
def purge() -> int:
    return sum(retention.purge().values())
