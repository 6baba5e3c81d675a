"""Publishing a task after commit without making a request depend on Redis (issue 14, DESIGN.md outbox).

What a request causes is committed in its outbox rows before anything is published, and the beat tasks pick
up whatever a lost message left. So a publish that fails is logged and dropped, and for a short while after
a failure this process does not try again: a request that would publish three tasks to a frozen Redis waits
out one timeout (REDIS_TIMEOUT_SEKUNDER), not three.
"""
from __future__ import annotations

import logging
import threading
import time

from django.db import transaction

log = logging.getLogger(__name__)

PAUS_EFTER_FEL_SEKUNDER = 30.0

_las = threading.Lock()
_nere_till = 0.0


def publicera_efter_commit(task, *args, queue: str | None = None) -> None:
    """Publish ``task`` (a task or its registered name) with ``args`` once the current transaction commits."""
    namn = getattr(task, "name", task)
    transaction.on_commit(lambda: publicera(namn, *args, queue=queue))


def publicera(namn: str, *args, queue: str | None = None) -> bool:
    """Publish now; False (logged) when the broker did not take it."""
    global _nere_till
    from vardportalen.celery import app

    if time.monotonic() < _nere_till:
        log.warning("Köar inte %s: meddelandekön svarade inte nyss; den periodiska uppgiften tar hand om det.", namn)
        return False
    try:
        app.send_task(namn, args=list(args), **({"queue": queue} if queue else {}))
    except Exception:  # noqa: BLE001 - broker down or frozen: the periodic task recovers the work
        with _las:
            _nere_till = time.monotonic() + PAUS_EFTER_FEL_SEKUNDER
        log.warning("Kunde inte köa %s; den periodiska uppgiften tar hand om det.", namn, exc_info=True)
        return False
    return True


def aterstall() -> None:
    """Forget an earlier failure (tests that restart the broker)."""
    global _nere_till
    with _las:
        _nere_till = 0.0
