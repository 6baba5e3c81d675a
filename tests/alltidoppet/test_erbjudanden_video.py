"""Offers and video meetings in the citizen web, on the services of erbjudanden/app_views.py and
video/app_views.py: an offer opened, declined, booked through bokning's service; a meeting joined with a
single-use token (real Janus), also by a guardian for her child; someone else's is 404."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from bokning.models import Bokning
from erbjudanden.models import Erbjudande, Mottagare
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory, aktor_for
from video import services as video_services
from video.models import Anslutningstoken


def _inloggad(inv) -> Client:
    client = Client()
    assert client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer}).status_code == 302
    return client


@pytest.fixture
def erbjudande(vardenhet):
    tidbok = TidbokFactory(vardenhet=vardenhet)
    typ = TidstypFactory(namn="Influensavaccination")
    tid = skapa_tid(tidbok=tidbok, tidstyp=typ, start=om(dagar=3))
    idag = timezone.localdate()
    e = Erbjudande.objects.create(titel="Vaccination mot säsongsinfluensa", text="Välkommen att boka.", atgard="boka",
                                  vardenhet=vardenhet, tidbok=tidbok, tidstyp=typ, giltig_fran=idag,
                                  giltig_till=idag + datetime.timedelta(days=30), status="skickat")
    return e, tid


def test_offer_opened_and_booked_through_the_booking_service(erbjudande, vardenhet):
    e, tid = erbjudande
    inv = InvanareFactory(listad_vardcentral=vardenhet, fodelsedatum=datetime.date(1950, 1, 1))
    m = Mottagare.objects.create(erbjudande=e, invanare=inv, kanal="app", status="skickat")
    client = _inloggad(inv)
    assert "Vaccination mot säsongsinfluensa" in client.get("/alltidoppet/").content.decode()
    sida = client.get(f"/alltidoppet/erbjudanden/{m.pk}/").content.decode()
    m.refresh_from_db()
    assert m.oppnat is not None and m.status == "oppnat"
    assert f"/alltidoppet/bokningar/boka/{tid.pk}/?erbjudande={m.pk}" in sida
    svar = client.post(f"/alltidoppet/bokningar/boka/{tid.pk}/", {"erbjudande": m.pk})
    assert svar["Location"] == "/alltidoppet/bokningar/"
    m.refresh_from_db()
    bokning = Bokning.objects.get()
    assert m.status == "bokat" and m.bokning_id == bokning.pk and bokning.invanare_id == inv.pk
    # declining after booking: the service's reason
    client.post(f"/alltidoppet/erbjudanden/{m.pk}/")
    m.refresh_from_db()
    assert m.status == "bokat"
    assert "Avboka tiden i stället" in client.get(f"/alltidoppet/erbjudanden/{m.pk}/").content.decode()


def test_offer_declined_and_someone_elses_is_404(erbjudande):
    e, _tid = erbjudande
    inv = InvanareFactory()
    m = Mottagare.objects.create(erbjudande=e, invanare=inv, kanal="app", status="skickat")
    annan = _inloggad(InvanareFactory())
    assert "Vaccination mot" not in annan.get("/alltidoppet/erbjudanden/").content.decode()
    assert annan.get(f"/alltidoppet/erbjudanden/{m.pk}/").status_code == 404
    assert annan.post(f"/alltidoppet/erbjudanden/{m.pk}/").status_code == 404
    m.refresh_from_db()
    assert m.oppnat is None and m.status == "skickat"
    client = _inloggad(inv)
    client.post(f"/alltidoppet/erbjudanden/{m.pk}/")
    m.refresh_from_db()
    assert m.status == "avbojt"


def test_video_meeting_joined_with_a_token_by_a_guardian_for_her_child(janus, uppdrag):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=8 * 365), med_konto=True)
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    mamma = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5), med_konto=True)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    nu = timezone.now()
    mote = video_services.mote_create(aktor=aktor_for(uppdrag), typ="enskilt", rubrik="Uppföljning astma", start=nu,
                                      slut=nu + datetime.timedelta(minutes=30), invanare=[barn])
    client = _inloggad(mamma)
    assert "Uppföljning astma" not in client.get("/alltidoppet/video/").content.decode()
    assert client.post(f"/alltidoppet/video/{mote.pk}/anslut/").status_code == 404
    client.post("/alltidoppet/agera-for/", {"id": barn.pk})
    assert "Uppföljning astma" in client.get("/alltidoppet/video/").content.decode()
    svar = client.post(f"/alltidoppet/video/{mote.pk}/anslut/")
    assert svar.status_code == 302 and svar["Location"].startswith(f"/video/delta/{mote.pk}/#token=")
    rad = Anslutningstoken.objects.get()
    assert (rad.mote_id, rad.agerande_id) == (mote.pk, mamma.pk)
    assert client.get(f"/alltidoppet/video/{mote.pk}/anslut/").status_code == 405
