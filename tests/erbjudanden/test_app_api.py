"""The app API: list, open, book (booking rules unchanged), decline; someone else's offer is a 404."""
from __future__ import annotations

import datetime

from django.utils import timezone

from erbjudanden import services
from erbjudanden.models import Erbjudande, Mottagare
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, TidbokFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory


def _erbjudande(aktor, tidbok, **extra):
    idag = timezone.localdate()
    e = services.erbjudande_skapa(
        aktor=aktor, titel="Influensavaccination", text="Boka här", atgard=Erbjudande.Atgard.BOKA, tidbok=tidbok,
        tidstyp=vaccinationstyp(), giltig_fran=idag, giltig_till=idag + datetime.timedelta(days=10), **extra)
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)
    services.erbjudande_skicka(erbjudande_id=e.pk)
    return e


def test_list_open_book_and_decline(aktor, vardenhet):
    tidbok = TidbokFactory(vardenhet=vardenhet)
    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    e = _erbjudande(aktor, tidbok)
    klient = AppKlient.logga_in(inv)
    lista = klient.get("erbjudanden/").json()["erbjudanden"]
    assert [x["titel"] for x in lista] == ["Influensavaccination"] and lista[0]["status"] == "skickat"
    mid = lista[0]["id"]
    assert klient.post(f"erbjudanden/{mid}/oppna/").json()["status"] == "oppnat"

    svar = klient.post(f"erbjudanden/{mid}/boka/", {"tid": "x"})
    assert svar.status_code == 400 and svar.json()["fel"]["falt"].keys() == {"tid"}  # typed: the field is named
    tid = skapa_tid(tidbok=tidbok, tidstyp=e.tidstyp, start=om(dagar=3))
    svar = klient.post(f"erbjudanden/{mid}/boka/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 200, svar.content
    assert svar.json()["status"] == "bokat" and svar.json()["bokning"]
    svar = klient.post(f"erbjudanden/{mid}/avboj/")
    assert svar.status_code == 400 and Mottagare.objects.get(pk=mid).status == "bokat"

    annan = AppKlient.logga_in(InvanareFactory(med_konto=True))
    assert annan.get("erbjudanden/").json()["erbjudanden"] == []
    assert annan.post(f"erbjudanden/{mid}/avboj/").status_code == 404


def test_decline(aktor, vardenhet):
    inv = InvanareFactory(med_konto=True)
    _erbjudande(aktor, TidbokFactory(vardenhet=vardenhet))
    klient = AppKlient.logga_in(inv)
    mid = klient.get("erbjudanden/").json()["erbjudanden"][0]["id"]
    assert klient.post(f"erbjudanden/{mid}/avboj/").json()["status"] == "avbojt"
    assert klient.get("erbjudanden/").status_code == 200
    assert AppKlient().get("erbjudanden/").status_code == 401
