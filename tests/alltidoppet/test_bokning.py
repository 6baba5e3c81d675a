"""Bookings in the citizen web: the same selectors and services as the app API (bokning/app_views.py).
Her bookings without hidden types or a protected citizen's, the search (the regional vaccination timebook),
booking with the health declaration, cancelling within the deadline, a guardian booking for her child, and
bad input answered in Swedish without changing anything."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from bokning import services
from bokning.models import Bokning, Halsodeklaration
from invanare.models import Invanare
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory

JA_NEJ = {"feber_idag": "nej", "allvarlig_allergisk_reaktion": "nej", "gravid": "ja", "blodfortunnande": "nej"}


def _inloggad(inv) -> Client:
    client = Client()
    assert client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer}).status_code == 302
    return client


def _sida(svar) -> str:
    return svar.content.decode()


@pytest.fixture
def kista(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Kista")


@pytest.fixture
def vaccinationstider(regional_tidbok, kista):
    solna = regional_tidbok.deltagande_enheter.get(ort="Solna")
    typ = vaccinationstyp()
    return [skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=typ, start=om(dagar=d)) for enhet, d in
            ((kista, 1), (kista, 2), (solna, 1))]


def test_search_the_vaccination_timebook_by_place_and_day(vaccinationstider):
    client = _inloggad(InvanareFactory())
    typ = vaccinationstider[0].tidstyp_id
    sida = _sida(client.get("/alltidoppet/bokningar/sok/", {"tidstyp": typ}))
    for t in vaccinationstider:
        assert f"/alltidoppet/bokningar/boka/{t.pk}/" in sida
    solna = _sida(client.get("/alltidoppet/bokningar/sok/", {"tidstyp": typ, "ort": "solna"}))
    assert f"boka/{vaccinationstider[2].pk}/" in solna and f"boka/{vaccinationstider[0].pk}/" not in solna
    dag = timezone.localtime(vaccinationstider[1].start).date().isoformat()
    en_dag = _sida(client.get("/alltidoppet/bokningar/sok/", {"tidstyp": typ, "datum": dag}))
    assert f"boka/{vaccinationstider[1].pk}/" in en_dag and f"boka/{vaccinationstider[0].pk}/" not in en_dag


@pytest.mark.parametrize("fraga, fel", [
    ({"tidstyp": "", "ort": "Kista"}, "Välj vad du vill boka."),
    ({"tidstyp": "abc"}, "Välj vad du vill boka i listan."),
    ({"tidstyp": "TYP", "datum": "i morgon"}, "ÅÅÅÅ-MM-DD"),
    ({"tidstyp": "TYP", "datum": "9999-12-31"}, "Ange ett år mellan 2000 och 2100"),  # vardportalen.formfalt.Datum
])
def test_search_bad_input_gets_a_swedish_message(vaccinationstider, fraga, fel):
    client = _inloggad(InvanareFactory())
    fraga = {k: str(vaccinationstider[0].tidstyp_id) if v == "TYP" else v for k, v in fraga.items()}
    svar = client.get("/alltidoppet/bokningar/sok/", fraga)
    assert svar.status_code == 200 and fel in _sida(svar) and "/alltidoppet/bokningar/boka/" not in _sida(svar)


def test_book_with_the_health_declaration_list_and_cancel(vaccinationstider):
    inv = InvanareFactory()
    client = _inloggad(inv)
    tid = vaccinationstider[0]
    sida = _sida(client.get(f"/alltidoppet/bokningar/boka/{tid.pk}/"))
    assert "Hälsodeklaration" in sida and "Är du gravid?" in sida
    # an unanswered question: nothing booked, a Swedish reason per question
    svar = client.post(f"/alltidoppet/bokningar/boka/{tid.pk}/", {**JA_NEJ, "gravid": ""})
    assert svar.status_code == 200 and "Svara ja eller nej." in _sida(svar)
    assert not Bokning.objects.exists()
    svar = client.post(f"/alltidoppet/bokningar/boka/{tid.pk}/", {**JA_NEJ, "fritext": "Allergisk mot ägg."})
    assert svar.status_code == 302 and svar["Location"] == "/alltidoppet/bokningar/"
    bokning = Bokning.objects.get()
    assert (bokning.invanare_id, bokning.bokad_av) == (inv.pk, "invanare")
    deklaration = Halsodeklaration.objects.get(bokning=bokning)
    assert deklaration.gravid and not deklaration.feber_idag and deklaration.fritext == "Allergisk mot ägg."
    lista = _sida(client.get("/alltidoppet/bokningar/"))
    assert "Vaccination covid-19" in lista and "bussbiljett" in lista and f"/{bokning.pk}/avboka/" in lista
    assert "Kista" in _sida(client.get("/alltidoppet/"))  # coming bookings on the start page
    # the same slot again: the service's Swedish refusal, nothing more booked
    client.post(f"/alltidoppet/bokningar/boka/{tid.pk}/", JA_NEJ)
    assert Bokning.objects.count() == 1
    # cancelling asks first, also without JavaScript
    assert "Ja, avboka tiden" in _sida(client.get(f"/alltidoppet/bokningar/{bokning.pk}/avboka/"))
    svar = client.post(f"/alltidoppet/bokningar/{bokning.pk}/avboka/")
    assert svar["Location"] == "/alltidoppet/bokningar/"
    bokning.refresh_from_db()
    tid.refresh_from_db()
    assert bokning.status == "avbokad" and bokning.avbokad_av == "invanare" and tid.bokade == 0


def test_change_the_declaration_before_the_visit(vaccinationstider):
    inv = InvanareFactory()
    client = _inloggad(inv)
    client.post(f"/alltidoppet/bokningar/boka/{vaccinationstider[0].pk}/", JA_NEJ)
    bokning = Bokning.objects.get()
    sida = _sida(client.get(f"/alltidoppet/bokningar/{bokning.pk}/halsodeklaration/"))
    assert 'value="ja" ' in sida or 'value="ja" checked' in sida or "checked" in sida
    svar = client.post(f"/alltidoppet/bokningar/{bokning.pk}/halsodeklaration/", {**JA_NEJ, "feber_idag": "kanske"})
    assert "Svara ja eller nej." in _sida(svar)
    assert not Halsodeklaration.objects.get().feber_idag
    client.post(f"/alltidoppet/bokningar/{bokning.pk}/halsodeklaration/", {**JA_NEJ, "feber_idag": "ja"})
    assert Halsodeklaration.objects.get().feber_idag


def test_cancelling_after_the_types_deadline_is_refused_in_swedish(regional_tidbok, kista):
    typ = vaccinationstyp()  # avboka senast 2 timmar före
    inv = InvanareFactory()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=typ, start=om(timmar=1))
    bokning = Bokning.objects.create(tid=tid, invanare=inv, vardenhet=kista, bokad_av="invanare")
    client = _inloggad(inv)
    client.post(f"/alltidoppet/bokningar/{bokning.pk}/avboka/")
    sida = _sida(client.get(f"/alltidoppet/bokningar/{bokning.pk}/avboka/"))
    assert "för sent att avboka" in sida and "2 timmar" in sida
    bokning.refresh_from_db()
    assert bokning.status == "bokad"


def test_hidden_protected_and_other_citizens_bookings_are_never_shown(vardenhet, aktor):
    inv = InvanareFactory(listad_vardcentral=vardenhet)
    tidbok = TidbokFactory(vardenhet=vardenhet)
    dold_typ = TidstypFactory(namn="Dold uppföljning", dold=True, bokningsbar_i_app=False)
    dold = services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=skapa_tid(
        tidbok=tidbok, tidstyp=dold_typ, start=om(dagar=1)).pk)
    synlig = services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=skapa_tid(
        tidbok=tidbok, tidstyp=TidstypFactory(namn="Synligt besök"), start=om(dagar=2)).pk)
    client = _inloggad(inv)
    lista = _sida(client.get("/alltidoppet/bokningar/"))
    assert "Synligt besök" in lista and "Dold uppföljning" not in lista
    for url in (f"/alltidoppet/bokningar/{dold.pk}/avboka/", f"/alltidoppet/bokningar/{dold.pk}/halsodeklaration/"):
        assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    dold.refresh_from_db()
    assert dold.status == "bokad"
    annan = _inloggad(InvanareFactory())
    assert "Synligt besök" not in _sida(annan.get("/alltidoppet/bokningar/"))
    assert annan.post(f"/alltidoppet/bokningar/{synlig.pk}/avboka/").status_code == 404
    synlig.refresh_from_db()
    assert synlig.status == "bokad"
    Invanare.objects.filter(pk=inv.pk).update(skydd=Invanare.Skydd.SKYDDAD_FOLKBOKFORING)
    skyddad = _sida(client.get("/alltidoppet/bokningar/"))
    assert "Synligt besök" not in skyddad and "skyddade" in skyddad
    assert "Synligt besök" not in _sida(client.get("/alltidoppet/"))


def test_a_guardian_books_for_her_child(vaccinationstider):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=8 * 365))
    mamma = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    client = _inloggad(mamma)
    client.post("/alltidoppet/agera-for/", {"id": barn.pk})
    assert client.post(f"/alltidoppet/bokningar/boka/{vaccinationstider[0].pk}/", JA_NEJ).status_code == 302
    bokning = Bokning.objects.get()
    assert (bokning.invanare_id, bokning.bokad_av, bokning.bokad_av_invanare_id) == (barn.pk, "ombud", mamma.pk)
    assert bokning.halsodeklaration.ifylld_av_ombud
    assert "Vaccination covid-19" in _sida(client.get("/alltidoppet/bokningar/"))
    client.post("/alltidoppet/agera-for/", {"id": mamma.pk})
    assert "Du har inga kommande bokningar." in _sida(client.get("/alltidoppet/bokningar/"))


def test_a_slot_that_is_gone_sends_her_back_to_the_search(vaccinationstider):
    tid = vaccinationstider[0]
    tid.bokade = tid.kapacitet
    tid.save()
    client = _inloggad(InvanareFactory())
    svar = client.get(f"/alltidoppet/bokningar/boka/{tid.pk}/")
    assert svar["Location"] == "/alltidoppet/bokningar/sok/"
    assert client.post("/alltidoppet/bokningar/boka/999999999/", JA_NEJ)["Location"] == "/alltidoppet/bokningar/sok/"
    assert not Bokning.objects.exists()
