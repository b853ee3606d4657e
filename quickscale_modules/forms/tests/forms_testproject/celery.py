"""The Celery app a project with the notifications module has (its [[files]] write one like it), configured from
Django's CELERY_* settings: without REDIS_URL tasks run in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forms_testproject.settings")

app = Celery("forms_testproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
