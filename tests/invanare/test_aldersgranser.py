"""The daily task: proxy relations that end by age (13th birthday, special need past 17)."""
import datetime

import pytest
from django.utils import timezone

from invanare.aldersgranser import ombud_alder_avsluta
from invanare.behorighet import senaste_fodelsedag
from invanare.models import AppSession, Kontohistorik, Ombud, Ombudstyp
from invanare.tasks import ombud_13_ar_avsluta
from tests.fixtures.app import AppKlient
from tests.fixtures.celery_worker import wait_for
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory


def _familj(fodd):
    barn = InvanareFactory(fodelsedatum=fodd)
    mamma = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma, fran=fodd)
    return barn, mamma


def test_session_acting_for_a_child_who_turned_13_today_goes_back_to_the_guardian():
    idag = timezone.localdate()
    barn, mamma = _familj(senaste_fodelsedag(idag, 13) + datetime.timedelta(days=1))  # 12 today, 13 tomorrow
    klient = AppKlient.logga_in(mamma)
    klient.agera_for(barn)
    session = AppSession.objects.get(invanare=mamma)
    # Today nothing happens: she is still 12.
    assert ombud_alder_avsluta(dag=idag).bytta_sessioner == 0
    assert AppSession.objects.get(pk=session.pk).agerar_for_id == barn.pk
    # Move the birthday to today (as if the day had come).
    barn.fodelsedatum = senaste_fodelsedag(idag, 13)
    barn.save()
    res = ombud_alder_avsluta(dag=idag)
    assert (res.upphorda_vardnadshavare, res.bytta_sessioner) == (1, 1)
    assert AppSession.objects.get(pk=session.pk).agerar_for_id == mamma.pk
    assert {h.handelse for h in Kontohistorik.objects.filter(invanare=barn)} == {"ombud_upphort", "session_avslutad"}
    # Idempotent: a second run writes nothing more.
    res2 = ombud_alder_avsluta(dag=idag)
    assert (res2.upphorda_vardnadshavare, res2.bytta_sessioner) == (0, 0)
    assert Kontohistorik.objects.count() == 2
    # The guardian still is logged in as herself.
    assert klient.get("jag/").json()["agerar_for"]["id"] == mamma.pk


def test_catches_up_after_missed_days_and_handles_leap_day_births():
    barn, mamma = _familj(datetime.date(2012, 2, 29))
    assert ombud_alder_avsluta(dag=datetime.date(2025, 2, 28)).upphorda_vardnadshavare == 0
    assert ombud_alder_avsluta(dag=datetime.date(2025, 3, 10)).upphorda_vardnadshavare == 1
    h = Kontohistorik.objects.get()
    assert "2025-03-01" in h.beskrivning and h.ombud == mamma


def test_special_need_rows_are_closed_from_the_17th_birthday():
    idag = timezone.localdate()
    fyller17 = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 17))
    femton = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 15))
    mamma = InvanareFactory(fodelsedatum=datetime.date(1975, 1, 1))
    rader = []
    for barn in (fyller17, femton):
        VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
        rader.append(Ombud.objects.create(huvudman=barn, ombud=mamma, typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV,
                                          giltig_fran=idag - datetime.timedelta(days=100), beslut_referens="SB"))
    assert ombud_alder_avsluta(dag=idag).avslutade_sarskilt_behov == 1
    rader[0].refresh_from_db(), rader[1].refresh_from_db()
    assert rader[0].avslutad is not None and rader[1].avslutad is None
    assert ombud_alder_avsluta(dag=idag).avslutade_sarskilt_behov == 0
    assert Kontohistorik.objects.filter(invanare=fyller17, handelse="ombud_upphort").count() == 1


def test_the_task_returns_its_counts():
    assert ombud_13_ar_avsluta() == {
        "korde": True, "upphorda_vardnadshavare": 0, "avslutade_sarskilt_behov": 0, "bytta_sessioner": 0
    }


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_runs_in_a_real_worker(celery_worker):
    idag = timezone.localdate()
    barn, mamma = _familj(senaste_fodelsedag(idag, 13))
    ombud_13_ar_avsluta.delay()
    wait_for(lambda: Kontohistorik.objects.filter(invanare=barn, ombud=mamma, handelse="ombud_upphort").exists(),
             message="the worker to write the history row")
    # Twice more: still one row (the key is unique; the second run finds it).
    ombud_13_ar_avsluta.delay()
    ombud_13_ar_avsluta.delay()
    markor = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 13))
    VardnadshavarskapFactory(barn=markor, vardnadshavare=InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1)))
    ombud_13_ar_avsluta.delay()
    wait_for(lambda: Kontohistorik.objects.filter(invanare=markor).exists(), message="the later runs to finish")
    assert Kontohistorik.objects.filter(invanare=barn).count() == 1
