"""A real Celery worker is killed in the middle of a send; the redelivered task resumes and every citizen of
the group has exactly one offer (and every SMS-only citizen exactly one SMS)."""
from __future__ import annotations

import datetime
import os
import signal

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from erbjudanden import raknare, services
from erbjudanden.models import Erbjudande, Mottagare
from erbjudanden.tasks import erbjudande_skicka
from notiser.models import SmsUtgaende
from tests.fixtures.celery_worker import wait_for
from tests.fixtures.staff import InvanareFactory, VardenhetFactory

pytestmark = pytest.mark.worker


def _anslutning():
    s = connection.settings_dict
    return psycopg.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
                           host=s["HOST"] or None, port=s["PORT"] or None)


def _vantar_pa_las() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND query ILIKE '%%vardportalen_smsutgaende%%'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_send_killed_mid_chunk_resumes_and_nobody_gets_two(celery_worker_factory):
    idag = timezone.localdate()
    folk = [InvanareFactory(konto="registrerat" if i % 2 == 0 else "inget") for i in range(40)]
    sms_folk = [p for i, p in enumerate(folk) if i % 2]
    InvanareFactory(reservnummer=True)  # in the group, unreachable: no row
    e = Erbjudande.objects.create(
        titel="Samtal om hälsa", text="Välkommen", atgard=Erbjudande.Atgard.KONVERSATION,
        vardenhet=VardenhetFactory(), giltig_fran=idag, giltig_till=idag + datetime.timedelta(days=7),
        status=Erbjudande.Status.SKICKAS, antal_totalt=40,
    )
    # Another session holds an uncommitted SMS with the key of a citizen in the third chunk: the send blocks there.
    blockerare = _anslutning()
    blockerare.execute(
        "INSERT INTO vardportalen_smsutgaende (mobilnummer, text, syfte, idempotensnyckel, status, orsak, "
        "skyddad_bekraftad, skapad, skicka_efter, nasta_forsok, forsok, gateway_id, skapad_av_hsa_id, "
        "skapad_av_namn, vardenhet_hsa_id) VALUES ('', 'x', 'test', %s, 'nekad', '', false, now(), now(), now(), 0, "
        "'', '', '', '')", [f"erbjudande:{e.pk}:{folk[25].pk}:sms"])
    worker = celery_worker_factory(pool="prefork", concurrency=1)
    try:
        erbjudande_skicka.apply_async(args=[e.pk, 10], queue=worker.queue)
        wait_for(_vantar_pa_las, timeout=60, message="the send to block inside its third chunk")
        e.refresh_from_db()
        assert e.status == "skickas" and e.senaste_pk == folk[19].pk and e.antal_behandlade == 20
        (pool_pid,) = worker.pool_pids()
        os.kill(pool_pid, signal.SIGKILL)
    finally:
        blockerare.rollback()
        blockerare.close()

    wait_for(lambda: Erbjudande.objects.filter(pk=e.pk, status="skickat").exists(), timeout=90,
             message="the redelivered task to finish the send")
    rader = list(Mottagare.objects.filter(erbjudande=e).values_list("invanare_id", flat=True))
    assert sorted(rader) == sorted(p.pk for p in folk)
    for p in sms_folk:
        assert SmsUtgaende.objects.filter(idempotensnyckel=f"erbjudande:{e.pk}:{p.pk}:sms").count() == 1
    assert SmsUtgaende.objects.filter(syfte="erbjudande").count() == 20
    e.refresh_from_db()
    assert e.procent == 100 and e.antal_behandlade == 40

    # Delivered once more (beat resuming, a double click): nothing changes.
    Erbjudande.objects.filter(pk=e.pk).update(status="skickas", senaste_pk=0)
    erbjudande_skicka.apply_async(args=[e.pk, 10], queue=worker.queue)
    wait_for(lambda: Erbjudande.objects.filter(pk=e.pk, status="skickat").exists(), timeout=30, message="the rerun")
    assert Mottagare.objects.filter(erbjudande=e).count() == 40 and SmsUtgaende.objects.filter(syfte="erbjudande").count() == 20

    # The follow-up counters, kept in the chunks' transactions (the killed one rolled back with its rows), and by
    # the citizens' opens and declines, equal a fresh aggregate of the rows: 40 sent, not 40 + the lost chunk.
    for i, m in enumerate(Mottagare.objects.filter(erbjudande=e).select_related("invanare")[:9]):
        (services.mottagare_avboj if i % 3 == 0 else services.mottagare_oppna)(invanare=m.invanare, mottagare_id=m.pk)
    (dag,) = raknare.raknare_las(e.pk).values()
    assert dag == {"skickat": 40, "oppnat": 9, "bokat": 0, "avbojt": 3}
    assert raknare.raknare_las(e.pk) == raknare.aggregat(e.pk)
