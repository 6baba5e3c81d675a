"""The follow-up counters (erbjudanden.raknare): kept by the send and the citizen's events in the same transactions
as the rows they count, they equal a fresh aggregate of the recipient rows after a send that lost a chunk,
opens, bookings and declines across local days; concurrent events lose nothing; the rebuild repairs them."""
from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from erbjudanden import raknare, selectors, services
from erbjudanden.models import Dagsraknare, Erbjudande, Mottagare
from tests.fixtures.bokning import VALID_DEKLARATION, TidbokFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, aktor_for


class Dog(Exception):
    pass


def _erbjudande(vardenhet, tidbok, dag):
    return Erbjudande.objects.create(
        titel="Vaccination", text="Välkommen", atgard=Erbjudande.Atgard.BOKA, vardenhet=vardenhet, tidbok=tidbok,
        tidstyp=vaccinationstyp(), giltig_fran=dag, giltig_till=dag + datetime.timedelta(days=30))


def test_counters_equal_a_fresh_aggregate_after_a_lost_chunk_and_citizen_events(klocka, monkeypatch):
    # 23:30 in Stockholm is 22:30 UTC: the events are counted on Stockholm's day, as the aggregate groups them.
    skickat = klocka.stall(datetime.datetime(2027, 3, 9, 23, 30))
    vardenhet = VardenhetFactory()
    tidbok = TidbokFactory(vardenhet=vardenhet)
    folk = [InvanareFactory(med_konto=i % 3 != 0, listad_vardcentral=vardenhet) for i in range(9)]
    e = _erbjudande(vardenhet, tidbok, skickat.date())
    aktor = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet))
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)

    # The worker dies inside the second chunk, after its rows were inserted: that chunk's rows and counts go.
    verklig, anrop = services.notis_push_grupp, []

    def dor_i_andra(**kw):
        anrop.append(1)
        if len(anrop) == 2:
            raise Dog
        return verklig(**kw)

    monkeypatch.setattr(services, "notis_push_grupp", dor_i_andra)
    with pytest.raises(Dog):
        services.erbjudande_skicka(erbjudande_id=e.pk, chunk=4)
    assert Mottagare.objects.filter(erbjudande=e).count() == 4
    assert raknare.raknare_las(e.pk) == {datetime.date(2027, 3, 9): dict(skickat=4, oppnat=0, bokat=0, avbojt=0)}
    # Resumed (beat or redelivery), and then delivered once more: nobody is counted twice.
    assert services.erbjudande_skicka(erbjudande_id=e.pk, chunk=4)
    Erbjudande.objects.filter(pk=e.pk).update(status="skickas", senaste_pk=0)
    assert services.erbjudande_skicka(erbjudande_id=e.pk, chunk=4)
    e.refresh_from_db()
    assert e.antal_behandlade == Mottagare.objects.filter(erbjudande=e).count() == 9

    rad = {m.invanare_id: m.pk for m in Mottagare.objects.filter(erbjudande=e)}
    klocka.stall(datetime.datetime(2027, 3, 10, 0, 10))
    for p in folk[:5]:
        services.mottagare_oppna(invanare=p, mottagare_id=rad[p.pk])
    services.mottagare_oppna(invanare=folk[0], mottagare_id=rad[folk[0].pk])  # twice: once
    klocka.stall(datetime.datetime(2027, 3, 11, 9, 0))
    for p in (folk[1], folk[2], folk[7], folk[8]):  # two opened before, two not
        tid = skapa_tid(tidbok=tidbok, tidstyp=e.tidstyp, start=om(dagar=2))
        services.mottagare_boka(aktor=p, invanare=p, mottagare_id=rad[p.pk], tid_id=tid.pk,
                                halsodeklaration=VALID_DEKLARATION)
    services.mottagare_avboj(invanare=folk[3], mottagare_id=rad[folk[3].pk])
    services.mottagare_avboj(invanare=folk[6], mottagare_id=rad[folk[6].pk])
    klocka.stall(datetime.datetime(2027, 3, 12, 9, 0))
    services.mottagare_avboj(invanare=folk[6], mottagare_id=rad[folk[6].pk])  # declined again: still the 11th

    fakta = raknare.aggregat(e.pk)
    assert raknare.raknare_las(e.pk) == fakta
    assert fakta == {
        datetime.date(2027, 3, 9): dict(skickat=9, oppnat=0, bokat=0, avbojt=0),
        datetime.date(2027, 3, 10): dict(skickat=0, oppnat=5, bokat=0, avbojt=0),
        datetime.date(2027, 3, 11): dict(skickat=0, oppnat=3, bokat=4, avbojt=2),
    }
    assert [d["bokat"] for d in selectors.uppfoljning_per_dag(e)] == [0, 0, 4]


def test_the_rebuild_repairs_counters_and_the_command_says_which_differed(klocka):
    nu = klocka.stall(datetime.datetime(2027, 3, 9, 12, 0))
    vardenhet = VardenhetFactory()
    e = _erbjudande(vardenhet, TidbokFactory(vardenhet=vardenhet), datetime.date(2027, 3, 9))
    folk = InvanareFactory.create_batch(3, med_konto=True)
    services.erbjudande_skicka_start(aktor=aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet)), erbjudande_id=e.pk)
    services.erbjudande_skicka(erbjudande_id=e.pk)
    # Changed outside the services: the counters do not know.
    Mottagare.objects.filter(erbjudande=e, invanare=folk[0]).update(status="avbojt", avbojt=nu, oppnat=nu)
    assert raknare.raknare_las(e.pk) != raknare.aggregat(e.pk)
    from io import StringIO

    ut = StringIO()
    call_command("erbjudande_raknare_bygg", str(e.pk), stdout=ut)
    assert "skilde sig" in ut.getvalue()
    assert raknare.raknare_las(e.pk) == raknare.aggregat(e.pk) == {
        datetime.date(2027, 3, 9): dict(skickat=3, oppnat=1, bokat=0, avbojt=1)}
    ut = StringIO()
    call_command("erbjudande_raknare_bygg", stdout=ut)
    assert "stämde" in ut.getvalue() and "skilde" not in ut.getvalue()


@pytest.mark.django_db(transaction=True)
def test_concurrent_opens_and_declines_lose_no_count(klocka):
    # pinned: run across midnight on the real clock, the events would fall on two days' counters
    nu = klocka.stall(datetime.datetime(2027, 3, 9, 12, 0))
    vardenhet = VardenhetFactory()
    e = _erbjudande(vardenhet, TidbokFactory(vardenhet=vardenhet), nu.date())
    folk = InvanareFactory.create_batch(12, med_konto=True)
    rader = [Mottagare.objects.create(erbjudande=e, invanare=p, kanal="app") for p in folk]
    start, fel = threading.Barrier(len(rader)), []

    def handla(i, m):
        try:
            start.wait(timeout=30)
            if i % 2:
                services.mottagare_avboj(invanare=folk[i], mottagare_id=m.pk)
            else:
                services.mottagare_oppna(invanare=folk[i], mottagare_id=m.pk)
        except BaseException as err:  # noqa: BLE001 - reported below
            fel.append(err)
        finally:
            connection.close()

    tradar = [threading.Thread(target=handla, args=(i, m)) for i, m in enumerate(rader)]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join()
    assert not fel
    (r,) = Dagsraknare.objects.filter(erbjudande=e)
    assert (r.dag, r.oppnat, r.avbojt, r.skickat) == (nu.date(), 12, 6, 0)
