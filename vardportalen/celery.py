import os

from celery import Celery, Task
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")


class Uppgift(Task):
    """Every task of the project. The database going away mid-job (restart, failover) rolls the job's open
    transaction back; the task then runs again after 1, 2, 4 … s (at most a minute apart, ten times), and because
    every side effect has an idempotency key it has one effect (docs/drift.md). Celery's Django fixup closes the
    broken connection before the next attempt."""

    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = True
    retry_backoff_max = 60
    retry_jitter = True
    max_retries = 10


app = Celery("vardportalen", task_cls=Uppgift)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
