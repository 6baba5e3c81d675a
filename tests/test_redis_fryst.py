"""A frozen Redis (accepting connections, never answering) never holds a request (issue 14).

The test starts its own redis-server, points the Celery app at it, freezes it with SIGSTOP and sends an
e-document to a citizen with a digital mailbox: the send commits, its mailbox outbox row is written, the
broker publish gives up after about a second (settings REDIS_TIMEOUT_SEKUNDER), and the page says what
will go out shortly. Before the timeouts the same request hung for 30 s and ended in a 500.
"""
from __future__ import annotations

import datetime
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from edokument.models import Dokument
from tests.fixtures.staff import InvanareFactory, VardrelationFactory
from vardportalen.celery import app as celery_app

def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = int(os.environ.get("VP_TEST_REDIS_PORT") or _ledig_port())  # a free port, so parallel runs never meet

pytestmark = pytest.mark.skipif(shutil.which("redis-server") is None, reason="redis-server saknas")


@pytest.fixture
def fryst_redis(tmp_path):
    proc = subprocess.Popen(["redis-server", "--port", str(PORT), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        gammal = celery_app.conf.broker_url
        celery_app.conf.broker_url = f"redis://127.0.0.1:{PORT}/0"
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        os.kill(proc.pid, signal.SIGSTOP)
        yield proc
    finally:
        os.kill(proc.pid, signal.SIGCONT)
        proc.terminate()
        proc.wait(10)
        celery_app.conf.broker_url = gammal
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def test_sending_an_edocument_with_redis_frozen_answers_at_once(staff_client, uppdrag, fryst_redis,
                                                                  django_capture_on_commit_callbacks):
    inv = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1), konto="registrerat", digital_brevlada="kivra")
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    url = reverse("edokument:skicka", args=[inv.pk])
    besok = timezone.localtime() + datetime.timedelta(days=7)
    forhands = staff_client.post(url, {"typ": "ekallelse", "rubrik": "Kallelse", "text": "Välkommen!", "plats": "BVC",
                                       "besokstid": besok.strftime("%Y-%m-%dT10:00")})
    assert forhands.status_code == 200, forhands.content.decode()[-2000:]
    dok = Dokument.objects.get()
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        svar = staff_client.post(url, {"dokument_id": dok.pk}, follow=True)
    tid = time.monotonic() - start
    assert callbacks, "the send enqueues the mailbox outbox after commit"
    assert svar.status_code == 200
    assert tid < 5, f"the request waited {tid:.1f} s on a frozen Redis"
    html = svar.content.decode()
    assert "Dokumentet är skickat" in html and "inom kort" in html
    dok.refresh_from_db()
    assert dok.status == "skickat" and dok.leveranser.filter(kanal="brevlada").exists()


def test_a_request_waits_out_one_broker_timeout_however_many_tasks_it_publishes(fryst_redis, settings):
    """The send above publishes three tasks (mailbox, SMS, push). After the first times out, the others are
    dropped at once: the beat tasks pick their work up from the committed outbox rows."""
    from vardportalen import ko

    start = time.monotonic()
    resultat = [ko.publicera(namn) for namn in ("edokument.tasks.brevlada_utkorg_skicka",
                                                "notiser.tasks.sms_skicka_vantande",
                                                "notiser.tasks.push_skicka_vantande")]
    tid = time.monotonic() - start
    assert resultat == [False, False, False]
    assert tid < 3 * settings.REDIS_TIMEOUT_SEKUNDER, f"{tid:.1f} s: every publish waited out its own timeout"

