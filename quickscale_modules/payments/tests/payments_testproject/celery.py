"""The Celery app of payments_testproject, as a generated project with the notifications module has one: receipt
emails are sent through it (in-process here: no REDIS_URL, so tasks run eagerly)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "payments_testproject.settings")

app = Celery("payments_testproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
