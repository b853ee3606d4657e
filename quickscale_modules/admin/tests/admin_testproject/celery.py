"""The test project's Celery app, as the notifications module gives a project (celery.py, loaded by __init__)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "admin_testproject.settings")

app = Celery("admin_testproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
