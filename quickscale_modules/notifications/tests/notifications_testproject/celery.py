"""The Celery app of notifications_testproject: background work such as sending notifications.

Run a worker with `celery -A notifications_testproject worker -l info`. Its configuration is Django's CELERY_*
settings (broker and result backend from REDIS_URL); tasks are found in each installed app's tasks.py.
"""

import os

from celery import Celery

# Production settings unless DJANGO_SETTINGS_MODULE says otherwise. This package is imported first by
# `celery -A <project> worker` and by every import of <project>.wsgi and <project>.asgi, which are all production
# entry points: a default of local settings here would run them with DEBUG on and the development SECRET_KEY.
# manage.py chooses local settings before it imports anything; a local worker needs the variable set.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "notifications_testproject.settings")

app = Celery("notifications_testproject")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
