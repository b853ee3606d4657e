"""The Celery app of notifications_testproject: background work such as sending notifications.

Run a worker with `celery -A notifications_testproject worker -l info`. Its configuration is Django's CELERY_*
settings (broker and result backend from REDIS_URL); tasks are found in each installed app's tasks.py.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notifications_testproject.settings")

app = Celery("notifications_testproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
