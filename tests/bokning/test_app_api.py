"""The citizen app's booking API (tests.fixtures.app.AppKlient: token login through the test e-id)."""
import datetime

import pytest
from django.utils import timezone

from bokning.models import Bokning
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, TidbokFactory, TidstypFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory


@pytest.fixture
def kista(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Kista")


@pytest.fixture
def solna(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Solna")


@pytest.fixture
def vaccinationstider(regional_tidbok, kista, solna):
    typ = vaccinationstyp()
    return [skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=typ, start=om(dagar=d)) for enhet, d in
            ((kista, 1), (kista, 2), (solna, 1))]


def test_bookable_types_leave_hidden_and_staff_only_types_out():
    TidstypFactory(namn="Dold uppföljning", dold=True, bokningsbar_i_app=False)
    TidstypFactory(namn="Bara personal", bokningsbar_i_app=False)
    namn = [t["namn"] for t in AppKlient.logga_in(InvanareFactory()).get("bokning/tidstyper/").json()["tidstyper"]]
    assert "Vaccination covid-19" in namn
    assert "Dold uppföljning" not in namn and "Bara personal" not in namn


def test_free_slot_search_by_unit_date_and_area(vaccinationstider, kista, solna):
    klient = AppKlient.logga_in(InvanareFactory())
    typ = vaccinationstider[0].tidstyp_id
    alla = klient.get("bokning/lediga-tider/", tidstyp=typ).json()["tider"]
    assert [t["id"] for t in alla] == [vaccinationstider[0].pk, vaccinationstider[2].pk, vaccinationstider[1].pk] or \
        {t["id"] for t in alla} == {t.pk for t in vaccinationstider}
    assert {t["id"] for t in klient.get("bokning/lediga-tider/", tidstyp=typ, enhet=kista.pk).json()["tider"]} == {
        vaccinationstider[0].pk, vaccinationstider[1].pk}
    assert [t["id"] for t in klient.get("bokning/lediga-tider/", tidstyp=typ, ort="solna").json()["tider"]] == [
        vaccinationstider[2].pk]
    dag = timezone.localtime(vaccinationstider[1].start).date().isoformat()
    assert vaccinationstider[1].pk in {t["id"] for t in klient.get("bokning/lediga-tider/", tidstyp=typ, datum=dag).json()["tider"]}
    enheter = klient.get("bokning/lediga-tider/", tidstyp=typ).json()["enheter"]
    assert {str(t["enhet"]) for t in alla} == set(enheter) and enheter[str(kista.pk)]["namn"] == kista.namn


def test_free_slot_search_bad_input_is_a_swedish_400(vaccinationstider):
    klient = AppKlient.logga_in(InvanareFactory())
    svar = klient.get("bokning/lediga-tider/")
    assert svar.status_code == 400 and "tidstyp" in svar.json()["fel"]["meddelande"]
    svar = klient.get("bokning/lediga-tider/", tidstyp=vaccinationstider[0].tidstyp_id, datum="i morgon")
    assert svar.status_code == 400 and "ÅÅÅÅ-MM-DD" in svar.json()["fel"]["meddelande"]


def test_full_slots_and_other_vardcentraler_are_not_offered(vardenhet, vaccinationstider):
    tidbok = TidbokFactory(vardenhet=vardenhet)
    typ = TidstypFactory()
    egen = skapa_tid(tidbok=tidbok, tidstyp=typ, start=om(dagar=1))
    klient_listad = AppKlient.logga_in(InvanareFactory(listad_vardcentral=vardenhet))
    klient_annan = AppKlient.logga_in(InvanareFactory())
    assert [t["id"] for t in klient_listad.get("bokning/lediga-tider/", tidstyp=typ.pk).json()["tider"]] == [egen.pk]
    assert klient_annan.get("bokning/lediga-tider/", tidstyp=typ.pk).json()["tider"] == []
    full = vaccinationstider[0]
    full.bokade = full.kapacitet
    full.save()
    ids = {t["id"] for t in klient_annan.get("bokning/lediga-tider/", tidstyp=full.tidstyp_id).json()["tider"]}
    assert full.pk not in ids and vaccinationstider[1].pk in ids


def test_book_with_declaration_list_and_cancel(vaccinationstider):
    inv = InvanareFactory()
    klient = AppKlient.logga_in(inv)
    tid = vaccinationstider[0]
    svar = klient.post("bokning/", {"tid": tid.pk, "halsodeklaration": {**VALID_DEKLARATION, "gravid": True}})
    assert svar.status_code == 201, svar.content
    assert "bussbiljett" in svar.json()["bussbiljett"]
    bokningar = klient.get("bokning/").json()["bokningar"]
    assert [(b["id"], b["status"], b["halsodeklaration_ifylld"]) for b in bokningar] == [(svar.json()["id"], "bokad", True)]
    assert "bussbiljett" in bokningar[0]["bussbiljett"] and bokningar[0]["kan_avbokas"]
    svar = klient.post(f"bokning/{bokningar[0]['id']}/avboka/")
    assert svar.status_code == 200 and svar.json()["status"] == "avbokad"
    tid.refresh_from_db()
    assert tid.bokade == 0


def test_booking_refusals_are_swedish_400s(vaccinationstider):
    klient = AppKlient.logga_in(InvanareFactory())
    tid = vaccinationstider[0]
    svar = klient.post("bokning/", {"tid": tid.pk})
    assert svar.status_code == 400 and "hälsodeklarationen" in svar.json()["fel"]["meddelande"]
    tid.bokade = tid.kapacitet
    tid.save()
    svar = klient.post("bokning/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 400 and svar.json()["fel"]["kod"] == "fullbokad"
    svar = klient.post("bokning/", {"tid": "x"})
    assert svar.status_code == 400
    assert not Bokning.objects.exists()


def test_a_guardian_books_a_vaccination_for_a_child(vaccinationstider):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=8 * 365))
    foralder = InvanareFactory()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=foralder)
    klient = AppKlient.logga_in(foralder)
    klient.agera_for(barn)
    svar = klient.post("bokning/", {"tid": vaccinationstider[0].pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 201, svar.content
    bokning = Bokning.objects.get()
    assert (bokning.invanare_id, bokning.bokad_av, bokning.bokad_av_invanare_id) == (barn.pk, "ombud", foralder.pk)
    assert bokning.halsodeklaration.ifylld_av_ombud
    assert AppKlient.logga_in(foralder).get("bokning/").json()["bokningar"] == []  # her own list, not the child's


def test_someone_who_is_not_proxy_cannot_book_for_another(vaccinationstider):
    annan = InvanareFactory()
    klient = AppKlient.logga_in(InvanareFactory())
    svar = klient.post("agera-for/", {"id": annan.pk})
    assert svar.status_code == 403


def test_hidden_and_protected_bookings_never_appear_in_the_app(vardenhet, aktor):
    from bokning import services

    inv = InvanareFactory(listad_vardcentral=vardenhet)
    tidbok = TidbokFactory(vardenhet=vardenhet)
    dold = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(dold=True, bokningsbar_i_app=False), start=om(dagar=1))
    synlig = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(), start=om(dagar=2))
    services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=dold.pk)
    b = services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=synlig.pk)
    assert [x["id"] for x in AppKlient.logga_in(inv).get("bokning/").json()["bokningar"]] == [b.pk]
    # The hidden booking cannot be cancelled through the app either: it does not exist there.
    dold_bokning = Bokning.objects.get(tid=dold)
    assert AppKlient.logga_in(inv).post(f"bokning/{dold_bokning.pk}/avboka/").status_code == 404

    skyddad = InvanareFactory(skyddad=True, listad_vardcentral=vardenhet)
    services.bokning_create_staff(aktor=aktor, invanare=skyddad, tid_id=skapa_tid(
        tidbok=tidbok, tidstyp=synlig.tidstyp, start=om(dagar=3)).pk)
    assert AppKlient.logga_in(skyddad).get("bokning/").json()["bokningar"] == []


def test_declaration_can_be_filled_later(vaccinationstider, kista):
    inv = InvanareFactory()
    tid = skapa_tid(tidbok=vaccinationstider[0].tidbok, vardenhet=kista, tidstyp=TidstypFactory(kraver_halsodeklaration=False),
                    start=om(dagar=4))
    klient = AppKlient.logga_in(inv)
    bokning_id = klient.post("bokning/", {"tid": tid.pk}).json()["id"]
    svar = klient.post(f"bokning/{bokning_id}/halsodeklaration/", {"feber_idag": True})
    assert svar.status_code == 400 and "saknas" in svar.json()["fel"]["meddelande"]
    assert set(svar.json()["fel"]["falt"]) == {"allvarlig_allergisk_reaktion", "gravid", "blodfortunnande"}
    svar = klient.post(f"bokning/{bokning_id}/halsodeklaration/", {**VALID_DEKLARATION, "feber_idag": True})
    assert svar.status_code == 200
    assert Bokning.objects.get(pk=bokning_id).halsodeklaration.flaggad
