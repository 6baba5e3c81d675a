"""Exactly once with a real Celery worker: the run's pool process is killed in the middle of its
transaction, the task is redelivered, and the second attempt decides the same with no duplicate SMS."""
import datetime
import os
import signal

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone

from forlossning.fordelning.korning import fordelning_kor as kor
from forlossning.models import Beslut, Fordelningskorning
from forlossning.tasks import fordelning_kor, paminnelser_skapa
from notiser.models import SmsUtgaende
from tests.fixtures.celery_worker import wait_for
from tests.fixtures.forlossning import DANDERYD, SODERTALJE, bf_for_22_0, gravid, kapacitet_satt, kliniker_skapa

pytestmark = pytest.mark.worker


def _anslutning():
    s = connection.settings_dict
    return psycopg.connect(dbname=s["NAME"], user=s["USER"], password=s["PASSWORD"] or None,
                           host=s["HOST"] or None, port=s["PORT"] or None)


def _vantar_pa_las() -> bool:
    with connection.cursor() as cursor:
        # the run's write is one statement whose SMS insert comes after its WITH parts (past the first 1,024
        # characters that pg_stat_activity keeps): any session of this database waiting for a lock is the run
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                       "AND datname = current_database() AND query ILIKE '%%nya_beslut%%'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_killed_mid_transaction_is_redone_once_with_the_same_decisions(celery_worker_factory):
    kliniker = kliniker_skapa()
    dag = timezone.localdate()
    nu = timezone.make_aware(datetime.datetime.combine(dag, datetime.time(3)))
    bf = bf_for_22_0(dag)
    kapacitet_satt(kliniker, bf, {"F_DS": 2, "F_SOS": 3, "F_STS": 2, "F_KH": 4, "F_KS": 3, "F_SG": 3, "F_BBS": 3})
    gravida = [gravid(bf=bf, plats=(DANDERYD, SODERTALJE)[i % 2],
                      onskemal=[kliniker["F_DS"], kliniker["F_SOS"]] if i % 3 else [], mobilnummer=f"070-174 06 {30 + i}")
               for i in range(12)]
    # What the run decides, computed and thrown away (a rolled-back transaction).
    with transaction.atomic():
        kor(nu=nu)
        forvantat = dict(Beslut.objects.values_list("graviditet_id", "klinik_id"))
        transaction.set_rollback(True)
    assert len(forvantat) == 12 and not Beslut.objects.exists() and not Fordelningskorning.objects.exists()

    # Another session holds an uncommitted SMS row with one of the run's keys: the run blocks on it mid-transaction.
    blockerare = _anslutning()
    blockerare.execute(
        "INSERT INTO vardportalen_smsutgaende (mobilnummer, text, syfte, idempotensnyckel, status, orsak, "
        "skyddad_bekraftad, skapad, skicka_efter, nasta_forsok, forsok, gateway_id, skapad_av_hsa_id, "
        "skapad_av_namn, vardenhet_hsa_id) VALUES ('', 'x', 'test', %s, 'nekad', '', false, now(), now(), now(), 0, "
        "'', '', '', '')", [f"forlossning:beslut:{gravida[5].pk}"])
    worker = celery_worker_factory(pool="prefork", concurrency=1)
    try:
        fordelning_kor.apply_async(kwargs={"nu": nu.isoformat()}, queue=worker.queue)
        wait_for(_vantar_pa_las, timeout=60, message="the run to block inside its transaction")
        korning = Fordelningskorning.objects.get()
        assert korning.status == "pagar" and korning.forsok == 1
        (pool_pid,) = worker.pool_pids()
        os.kill(pool_pid, signal.SIGKILL)
    finally:
        blockerare.rollback()
        blockerare.close()

    wait_for(lambda: Fordelningskorning.objects.filter(status="klar").exists(), timeout=90,
             message="the redelivered task to finish the run")
    korning = Fordelningskorning.objects.get()
    assert korning.forsok == 2
    assert dict(Beslut.objects.values_list("graviditet_id", "klinik_id")) == forvantat
    for g in gravida:
        assert SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:beslut:{g.pk}").count() == 1
    assert SmsUtgaende.objects.filter(syfte__startswith="forlossning_").count() == 12  # reminders come a day later
    assert worker.alive()

    # A third delivery (beat firing again the same day) changes nothing.
    fordelning_kor.apply_async(kwargs={"nu": nu.isoformat()}, queue=worker.queue)
    wait_for(lambda: worker.log(400).count("succeeded") >= 2, timeout=30, message="the rerun")
    assert Beslut.objects.count() == 12 and SmsUtgaende.objects.count() == 12
    assert Fordelningskorning.objects.get().forsok == 2

    # A day later the reminder job, delivered twice, queues one reminder each.
    for _ in range(2):
        paminnelser_skapa.apply_async(kwargs={"nu": (nu + datetime.timedelta(days=1)).isoformat()}, queue=worker.queue)
    wait_for(lambda: worker.log(400).count("succeeded") >= 4, timeout=30, message="the reminder jobs")
    assert SmsUtgaende.objects.filter(syfte="forlossning_paminnelse").count() == 12
    assert SmsUtgaende.objects.count() == 24
