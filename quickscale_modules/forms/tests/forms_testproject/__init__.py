import os

# As a project with the notifications module: its Celery app loads with Django, so @shared_task binds to it.
if "notifications" in os.environ.get("QS_TEST_MODULES", "").split(","):
    from .celery import app as celery_app

    __all__ = ["celery_app"]
