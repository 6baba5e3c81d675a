"""Tasks in a real Celery worker process (tests/fixtures/celery_worker.py), against the test database."""
import datetime
import os
import signal
import secrets
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.fixtures.celery_worker import wait_for
from tests.infra.worker_tasks import slow_attempt
from vardportalen.celery import app as celery_app
from vardportalen.models import InloggningsNonce
from vardportalen.tasks import siths_nonce_purge

pytestmark = pytest.mark.worker


def _nonce(*, giltig_till):
    return InloggningsNonce.objects.create(nonce=secrets.token_hex(16), sessionsbindning=secrets.token_hex(32),
                                           skapad=giltig_till - datetime.timedelta(minutes=2), giltig_till=giltig_till)


# The worker only sees committed rows: a transactional test. serialized_rollback like every transactional test
# here, so that the flush afterwards leaves the migrated data (postal codes, content types) as it found them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_siths_nonce_purge_runs_in_a_real_worker(celery_worker):
    now = timezone.now()
    expired = _nonce(giltig_till=now - datetime.timedelta(days=1, hours=1))
    recent = _nonce(giltig_till=now - datetime.timedelta(hours=1))  # expired, but less than a day ago: kept
    valid = _nonce(giltig_till=now + datetime.timedelta(minutes=2))

    siths_nonce_purge.delay()

    wait_for(lambda: not InloggningsNonce.objects.filter(pk=expired.pk).exists(), timeout=30,
             message="the worker to delete the expired nonce")
    assert set(InloggningsNonce.objects.values_list("pk", flat=True)) == {recent.pk, valid.pk}
    assert celery_worker.alive()


def test_tasks_are_acknowledged_late_and_requeued_when_the_worker_is_lost():
    """The settings that make a task killed mid-run run again (base.py)."""
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert celery_app.conf.task_acks_late is True
    assert celery_app.conf.task_reject_on_worker_lost is True
    assert celery_app.conf.worker_prefetch_multiplier == 1
    assert slow_attempt.acks_late is True  # a task without options of its own gets the project default


def _lines(marker: Path, kind: str) -> list[int]:
    if not marker.exists():
        return []
    return [int(line.split()[1]) for line in marker.read_text().splitlines() if line.startswith(kind + " ")]


def test_a_task_whose_pool_process_is_killed_runs_again(celery_worker_factory, tmp_path):
    """kill -9 of the process running the task (the OOM killer, say): the worker requeues it, a new one runs it."""
    worker = celery_worker_factory(pool="prefork", concurrency=1, include=["tests.infra.worker_tasks"])
    marker = tmp_path / "attempts"

    slow_attempt.apply_async(args=[str(marker)], queue=worker.queue)
    first_pid = wait_for(lambda: _lines(marker, "start"), timeout=30, message="the first attempt to start")[0]
    assert first_pid in worker.pool_pids()
    os.kill(first_pid, signal.SIGKILL)

    wait_for(lambda: _lines(marker, "done"), timeout=60, message="the task to run again and finish")
    starts = _lines(marker, "start")
    assert len(starts) == 2 and starts[1] != first_pid
    assert worker.alive()


def _restore_unacked(older_than_seconds: float) -> None:
    """What every worker does on its own once a message has been unacknowledged for visibility_timeout."""
    from kombu import Connection

    with Connection(settings.REDIS_URL, transport_options={"visibility_timeout": older_than_seconds}) as conn:
        conn.default_channel.qos.restore_visible(num=100)


def test_a_task_whose_whole_worker_is_killed_runs_again_after_the_visibility_timeout(celery_worker_factory,
                                                                                     tmp_path):
    """kill -9 of the whole worker (the machine goes down): the message stays unacknowledged in Redis and is
    delivered again once visibility_timeout has passed (an hour in base.py; shortened here)."""
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] >= 3600
    first = celery_worker_factory(include=["tests.infra.worker_tasks"])
    marker = tmp_path / "attempts"

    slow_attempt.apply_async(args=[str(marker)], queue=first.queue)
    wait_for(lambda: _lines(marker, "start"), timeout=30, message="the first attempt to start")
    first.kill()

    second = celery_worker_factory(queue=first.queue, include=["tests.infra.worker_tasks"])
    assert len(_lines(marker, "start")) == 1  # not before the visibility timeout
    _restore_unacked(older_than_seconds=0.5)

    wait_for(lambda: _lines(marker, "done"), timeout=60, message="the task to run again in the new worker")
    assert len(_lines(marker, "start")) == 2
    assert second.alive()
