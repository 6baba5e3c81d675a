"""No double booking, ever: 50 simultaneous requests on real PostgreSQL, each thread with its own connection."""
from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bokning import services
from bokning.models import Bokning, Tid
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, om, skapa_tid, transaktionell_markering, vaccinationstyp
from tests.fixtures.staff import InvanareFactory

pytestmark = transaktionell_markering()

SAMTIDIGA = 50


def _samtidigt(antal: int, gor):
    """Run ``gor(i)`` in ``antal`` threads released together; returns the results (value or exception)."""
    start = threading.Barrier(antal)
    resultat: list = [None] * antal

    def trad(i):
        try:
            start.wait()
            resultat[i] = gor(i)
        except Exception as err:
            resultat[i] = err
        finally:
            connection.close()

    tradar = [threading.Thread(target=trad, args=(i,)) for i in range(antal)]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join(60)
    return resultat


@pytest.fixture
def halvfull_tid(transactional_db, regional_tidbok):
    """A group slot with 5 places of which 2 are taken: 3 remain."""
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=1), kapacitet=5)
    for _ in range(2):
        inv = InvanareFactory()
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    return tid


def test_fifty_simultaneous_bookings_get_exactly_the_remaining_places(halvfull_tid):
    invanare = [InvanareFactory() for _ in range(SAMTIDIGA)]

    def boka(i):
        return services.bokning_create_app(aktor=invanare[i], invanare=invanare[i], tid_id=halvfull_tid.pk,
                                           halsodeklaration=VALID_DEKLARATION).pk

    resultat = _samtidigt(SAMTIDIGA, boka)
    lyckade = [r for r in resultat if isinstance(r, int)]
    fullbokade = [r for r in resultat if isinstance(r, ValidationError) and r.code == "fullbokad"]
    ovantade = [r for r in resultat if not isinstance(r, int) and r not in fullbokade]
    assert ovantade == []
    assert len(lyckade) == 3 and len(fullbokade) == SAMTIDIGA - 3
    halvfull_tid.refresh_from_db()
    assert halvfull_tid.bokade == 5
    assert Bokning.objects.filter(tid=halvfull_tid, status="bokad").count() == 5


def test_fifty_simultaneous_app_requests_for_the_last_place(transactional_db, regional_tidbok):
    """The same through the HTTP API (Django test client per thread): one 201, forty-nine 400 'fullbokad'."""
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=1))
    klienter = [AppKlient.logga_in(InvanareFactory()) for _ in range(SAMTIDIGA)]

    def boka(i):
        svar = klienter[i].post("bokning/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
        return svar.status_code, svar.json().get("fel", {}).get("kod")

    resultat = _samtidigt(SAMTIDIGA, boka)
    assert sorted(resultat, key=str).count((201, None)) == 1, resultat
    assert resultat.count((400, "fullbokad")) == SAMTIDIGA - 1, resultat
    assert Tid.objects.get(pk=tid.pk).bokade == 1
    assert Bokning.objects.filter(tid=tid).count() == 1


def test_simultaneous_cancel_and_book_never_lose_a_place(transactional_db, regional_tidbok):
    """Ten citizens cancel while ten others book the same full slot: the counter equals the active bookings."""
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=1), kapacitet=10)
    gamla = [InvanareFactory() for _ in range(10)]
    bokningar = [services.bokning_create_app(aktor=i, invanare=i, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
                 for i in gamla]
    nya = [InvanareFactory() for _ in range(10)]

    def gor(i):
        if i % 2 == 0:
            inv = gamla[i // 2]
            return services.bokning_cancel_app(aktor=inv, invanare=inv, bokning_id=bokningar[i // 2].pk).status
        inv = nya[i // 2]
        return services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION).status

    resultat = _samtidigt(20, gor)
    assert all(r in ("avbokad", "bokad") or (isinstance(r, ValidationError) and r.code == "fullbokad") for r in resultat), resultat
    tid.refresh_from_db()
    assert tid.bokade == Bokning.objects.filter(tid=tid, status="bokad").count()
    assert resultat.count("avbokad") == 10
