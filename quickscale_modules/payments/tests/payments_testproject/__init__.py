# Load the Celery app whenever Django starts, so the notifications module's tasks bind to it.
from .celery import app as celery_app

__all__ = ["celery_app"]
