"""A task that exists only for the worker tests: loaded into test workers with `celery worker -I`.

It has no options of its own, so it runs with the project's defaults (task_acks_late,
task_reject_on_worker_lost): exactly what the redelivery tests are about.
"""
import os
import time
from pathlib import Path

from celery import shared_task


@shared_task
def slow_attempt(path: str, sleep_first: float = 120.0) -> int:
    """Append "start <pid>" to `path`; the first attempt then sleeps (to be killed); every later one finishes."""
    marker = Path(path)
    with marker.open("a") as handle:
        handle.write(f"start {os.getpid()}\n")
    attempt = sum(1 for line in marker.read_text().splitlines() if line.startswith("start"))
    if attempt == 1:
        time.sleep(sleep_first)
    with marker.open("a") as handle:
        handle.write(f"done {os.getpid()}\n")
    return attempt
