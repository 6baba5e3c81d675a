"""Issue 15 item 2. Seed 001: »Innan kallelse skickas till en invånare med skyddade personuppgifter/känd hotbild
ska vårdpersonalen haft en dialog med invånaren och gjort en överenskommelse om hur hen vill bli kallad«.
The known-threat marker: set and removed by staff with reason, history and access log; it triggers the same
confirmation as protected identity wherever a kallelse or letter is sent, and hides address and phone."""
import pytest
from django.core.exceptions import ValidationError

from bokning import services as bokning_services
from edokument.models import Dokument
from invanare.models import Invanare, KandHotbild, Kontohistorik
from invanare.services import kand_hotbild_satt, kand_hotbild_ta_bort
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory, VardrelationFactory
from vardportalen.models import Atkomstlogg


@pytest.fixture
def hotad(aktor, uppdrag):
    inv = InvanareFactory(med_konto=True, gatuadress="Hemliggatan 7", mobilnummer="070-123 45 67")
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    kand_hotbild_satt(aktor=aktor, invanare=inv, anledning="Hot från tidigare partner")
    inv.refresh_from_db()
    return inv


def test_set_and_remove_with_reason_history_and_access_log(aktor, hotad):
    assert hotad.kand_hotbild and hotad.skydd_eller_hotbild and not hotad.ar_skyddad
    with pytest.raises(ValidationError):
        kand_hotbild_satt(aktor=aktor, invanare=hotad, anledning="igen")
    with pytest.raises(ValidationError) as info:
        kand_hotbild_ta_bort(aktor=aktor, invanare=hotad, anledning="  ")
    assert "anledning" in info.value.message_dict
    kand_hotbild_ta_bort(aktor=aktor, invanare=hotad, anledning="Hotet är inte längre aktuellt")
    hotad.refresh_from_db()
    assert not hotad.kand_hotbild
    rad = KandHotbild.objects.get()
    assert rad.borttagen and rad.borttagen_av_hsa_id == aktor.medarbetare_hsa_id
    assert list(Kontohistorik.objects.filter(invanare=hotad).order_by("pk").values_list("handelse", flat=True)) == [
        "hotbild_satt", "hotbild_borttagen"]
    assert Atkomstlogg.objects.filter(invanare_identitet=hotad.id_nummer, vad="känd hotbild").count() == 2


def test_reason_must_not_hold_her_address(aktor):
    inv = InvanareFactory(gatuadress="Storgatan 1")
    with pytest.raises(ValidationError):
        kand_hotbild_satt(aktor=aktor, invanare=inv, anledning="Bor på Storgatan 1")
    assert not Invanare.objects.get(pk=inv.pk).kand_hotbild and not KandHotbild.objects.exists()


def test_ekallelse_needs_the_agreement(skicka_ekallelse, hotad):
    with pytest.raises(ValidationError, match="känd hotbild"):
        skicka_ekallelse(hotad)
    assert not Dokument.objects.exists()
    assert skicka_ekallelse(hotad, skyddad_bekraftad=True).status == Dokument.Status.SKICKAT


def test_staff_booking_with_kallelse_needs_the_agreement(aktor, vardenhet, hotad):
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(), start=om(dagar=3))
    with pytest.raises(ValidationError, match="känd hotbild"):
        bokning_services.bokning_create_staff(aktor=aktor, invanare=hotad, tid_id=tid.pk, skicka_kallelse=True)
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=hotad, tid_id=tid.pk, skicka_kallelse=True,
                                                    skyddad_bekraftad=True)
    assert bokning.kallelse_id


def test_pages_hide_address_and_phone_and_ask_for_the_agreement(staff_client, hotad):
    profil = staff_client.get(f"/invanare/{hotad.pk}/").content.decode()
    assert "Känd hotbild" in profil
    assert "Hemliggatan" not in profil and "123 45 67" not in profil
    skicka = staff_client.get(f"/edokument/invanare/{hotad.pk}/skicka/").content.decode()
    assert 'name="skyddad_bekraftad"' in skicka and "känd hotbild" in skicka


def test_staff_page_sets_and_removes_the_marker(staff_client, uppdrag):
    inv = InvanareFactory()
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    url = f"/invanare/{inv.pk}/hotbild/"
    assert "Markera känd hotbild" in staff_client.get(url).content.decode()
    svar = staff_client.post(url, {"anledning": ""})
    assert svar.status_code in (200, 400) and not Invanare.objects.get(pk=inv.pk).kand_hotbild
    staff_client.post(url, {"anledning": "Hot mot patienten"})
    assert Invanare.objects.get(pk=inv.pk).kand_hotbild
    staff_client.post(url, {"anledning": "Inte längre aktuellt"})
    assert not Invanare.objects.get(pk=inv.pk).kand_hotbild
    assert "Inte längre aktuellt" in staff_client.get(url).content.decode()
