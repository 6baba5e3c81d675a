"""Staff pages: proxies, block/unblock, lock/unlock, history, and the overview section."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from invanare import dolja
from invanare.behorighet import senaste_fodelsedag
from invanare.models import Kontohistorik, Kontosparr, Ombud, OmbudBlockering, Ombudstyp
from invanare.services import konto_lock
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
    aktor_for,
    logged_in_client,
)
from vardportalen.format import datum
from vardportalen.models import Atkomstlogg


def _fodd(ar: int) -> datetime.date:
    return senaste_fodelsedag(timezone.localdate(), ar) - datetime.timedelta(days=20)


@pytest.fixture
def familj(uppdrag):
    barn = InvanareFactory(fornamn="Elsa", efternamn="Berg", fodelsedatum=_fodd(5))
    anna = InvanareFactory(fornamn="Anna", efternamn="Berg", fodelsedatum=_fodd(35))
    johan = InvanareFactory(fornamn="Johan", efternamn="Berg", fodelsedatum=_fodd(37))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=anna, fran=barn.fodelsedatum)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=johan, fran=barn.fodelsedatum)
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    return barn, anna, johan


def _url(namn, invanare):
    return reverse(f"invanare:{namn}", args=[invanare.pk])


@pytest.mark.parametrize("namn,vad", [("ombud", "ombud"), ("ombud_blockering", "blockering av ombud"),
                                      ("konto_sparr", "spärr av konto"), ("ombud_historik", "historik ombud och spärr")])
def test_each_page_reads_with_one_access_log_row(staff_client, familj, namn, vad):
    barn = familj[0]
    svar = staff_client.get(_url(namn, barn))
    assert svar.status_code == 200 and "Elsa Berg" in svar.content.decode()
    logg = Atkomstlogg.objects.get()
    assert (logg.handelse, logg.utfall, logg.vad, logg.invanare_identitet) == ("lasning", "tillaten", vad, barn.id_nummer)


def test_overview_section_lists_the_automatic_guardians_and_what_hides_information(staff_client, familj, monkeypatch):
    monkeypatch.setattr(dolja, "DOLDA_BOKNINGAR_PROVIDERS", [])  # as before bookings registers its provider
    barn, anna, johan = familj
    html = staff_client.get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert "Ombud och spärr" in html
    assert html.count("automatiskt ombud (barn under 13 år)") == 2
    assert "Anna Berg" in html and "Johan Berg" in html
    assert html.count("Kan agera som ombud") == 2 and "badge blockerad" not in html
    assert "okänt (bokningarna är inte anslutna)" in html
    assert "placeholder" not in html and "Ombud, blockerade vårdnadshavare och spärr av konto visas här." not in html
    # the section writes no row of its own (the overview logs the page and, issue 13, each relative it names)
    assert Atkomstlogg.objects.exclude(vad="invånarprofil: anhörig").count() == 1


def test_overview_shows_a_blocked_guardian_and_registered_proxies_with_since(staff_client, chef_uppdrag, familj):
    barn, anna, johan = familj
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=johan, blankett="BLA-46557", anledning="Fara", beslutsdatum=datetime.date(2026, 1, 5),
        beslutsfattare_hsa_id=chef_uppdrag.medarbetare.hsa_id, beslutsfattare_namn="Chef",
        registrerad_av_hsa_id="x", vardenhet_hsa_id="y",
    )
    fullmakt = InvanareFactory(fornamn="Fia", efternamn="Fullmakt", fodelsedatum=_fodd(50))
    Ombud.objects.create(huvudman=barn, ombud=fullmakt, typ=Ombudstyp.FULLMAKTSTAGARE, beslut_referens="F",
                         giltig_fran=datetime.date(2025, 4, 1))
    html = staff_client.get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert f"sedan {datum(datetime.date(2026, 1, 5))} (BLA-46557)" in html  # dates for people one way (issue 18)
    assert "Blockerade ombud: <strong>1</strong>" in html
    assert "Fia Fullmakt" in html and datum(datetime.date(2025, 4, 1)) in html and "Fullmaktstagare" in html


def test_hidden_bookings_come_from_the_registered_provider(staff_client, familj, monkeypatch):
    barn = familj[0]
    seen = {}

    def provider(*, invanare_ids, vardenhet_id):
        seen["args"] = (invanare_ids, vardenhet_id)
        return {barn.pk: 2}

    monkeypatch.setattr(dolja, "DOLDA_BOKNINGAR_PROVIDERS", [provider])
    html = staff_client.get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert "2 dolda bokningar" in html
    assert seen["args"][0] == [barn.pk]


def test_protected_child_proxies_are_listed_without_names(staff_client, uppdrag):
    barn = InvanareFactory(fodelsedatum=_fodd(4), skyddad=True)
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    mamma = InvanareFactory(fornamn="Hemliga", efternamn="Mamman", fodelsedatum=_fodd(30))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    for namn in ("profil", "ombud", "ombud_blockering", "konto_sparr", "ombud_historik"):
        html = staff_client.get(_url(namn, barn)).content.decode()
        assert "Hemliga" not in html and "Mamman" not in html, namn
    assert "namn visas inte" in staff_client.get(_url("ombud_blockering", barn)).content.decode()


def test_overview_section_has_a_constant_number_of_queries(staff_client, familj):
    barn = familj[0]
    url = reverse("invanare:profil", args=[barn.pk])
    staff_client.get(url)
    with CaptureQueriesContext(connection) as fa:
        staff_client.get(url)
    for i in range(4):
        Ombud.objects.create(huvudman=barn, ombud=InvanareFactory(fodelsedatum=_fodd(40)), typ=Ombudstyp.FULLMAKTSTAGARE,
                             beslut_referens=f"F{i}")
        OmbudBlockering.objects.create(
            huvudman=barn, ombud=InvanareFactory(), blankett="BLA-46557", anledning="x", beslutsdatum=timezone.localdate(),
            beslutsfattare_hsa_id="a", beslutsfattare_namn="b", registrerad_av_hsa_id="c", vardenhet_hsa_id="d",
        )
    with CaptureQueriesContext(connection) as manga:
        staff_client.get(url)
    assert len(manga) == len(fa)


# --- block / unblock ---


def _blockera_post(client, barn, ombud, chef_hsa, *, htmx=False):
    data = {"atgard": "blockera", "ombud": ombud.pk, "beslutsfattare": chef_hsa, "blankett": "BLA-46557",
            "beslutsdatum": timezone.localdate().isoformat(), "anledning": "Risk för barnet"}
    return client.post(_url("ombud_blockering", barn), data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))


def test_verksamhetschef_blocks_a_guardian_through_the_page(chef_uppdrag, familj):
    barn, anna, johan = familj
    client = logged_in_client(chef_uppdrag)
    sida = client.get(_url("ombud_blockering", barn)).content.decode()
    assert "Blockering i 1177 Journalen är en separat rutin." in sida
    assert f'value="{chef_uppdrag.medarbetare.hsa_id}" selected' in sida  # she is the default decision maker
    svar = _blockera_post(client, barn, johan, chef_uppdrag.medarbetare.hsa_id)
    assert svar.status_code == 302 and svar["Location"] == _url("ombud_blockering", barn)
    b = OmbudBlockering.objects.get()
    assert (b.ombud, b.beslutsfattare_hsa_id, b.blankett) == (johan, chef_uppdrag.medarbetare.hsa_id, "BLA-46557")
    assert list(Atkomstlogg.objects.order_by("pk").values_list("handelse", flat=True)) == ["lasning", "lasning", "andring"]
    html = client.get(_url("ombud_blockering", barn)).content.decode()
    assert "Ombudet är blockerat i Alltid öppet." in html and "Häv blockeringen" in html


def test_a_nurse_cannot_name_herself_as_decision_maker(uppdrag, staff_client, chef_uppdrag, familj):
    barn, anna, _ = familj
    svar = _blockera_post(staff_client, barn, anna, uppdrag.medarbetare.hsa_id)
    assert svar.status_code == 200
    assert "Välj ett giltigt alternativ" in svar.content.decode()
    assert not OmbudBlockering.objects.exists()
    # ... but she may register the decision the verksamhetschef made.
    assert _blockera_post(staff_client, barn, anna, chef_uppdrag.medarbetare.hsa_id).status_code == 302
    assert OmbudBlockering.objects.get().registrerad_av_hsa_id == uppdrag.medarbetare.hsa_id


def test_unit_without_verksamhetschef_is_told_so(staff_client, familj):
    html = staff_client.get(_url("ombud_blockering", familj[0])).content.decode()
    assert "Enheten har ingen verksamhetschef med aktivt uppdrag" in html


def test_block_errors_with_htmx_return_the_form_region_in_swedish(chef_uppdrag, familj):
    barn, anna, _ = familj
    client = logged_in_client(chef_uppdrag)
    svar = client.post(_url("ombud_blockering", barn), {"atgard": "blockera", "ombud": anna.pk,
                                                         "beslutsfattare": chef_uppdrag.medarbetare.hsa_id,
                                                         "blankett": "BLA-43926", "beslutsdatum": "", "anledning": ""},
                       HTTP_HX_REQUEST="true")
    html = svar.content.decode()
    assert svar.status_code == 200 and "<html" not in html and 'id="formular"' in html
    assert "Detta fält måste fyllas i." in html
    assert not OmbudBlockering.objects.exists()
    svar = client.post(_url("ombud_blockering", barn), {"atgard": "blockera", "ombud": anna.pk,
                                                         "beslutsfattare": chef_uppdrag.medarbetare.hsa_id,
                                                         "blankett": "BLA-43926", "beslutsdatum": timezone.localdate().isoformat(),
                                                         "anledning": "Fara"}, HTTP_HX_REQUEST="true")
    assert "Fel blankett för den här relationen. Använd BLA-46557." in svar.content.decode()
    ok = _blockera_post(client, barn, anna, chef_uppdrag.medarbetare.hsa_id, htmx=True)
    assert ok.status_code == 200 and ok["HX-Redirect"] == _url("ombud_blockering", barn)


def test_unblock_through_the_page_needs_a_reason(chef_uppdrag, familj):
    barn, anna, _ = familj
    client = logged_in_client(chef_uppdrag)
    _blockera_post(client, barn, anna, chef_uppdrag.medarbetare.hsa_id)
    b = OmbudBlockering.objects.get()
    data = {"atgard": "hava", "blockering": b.pk, "beslutsfattare": chef_uppdrag.medarbetare.hsa_id,
            "beslutsdatum": timezone.localdate().isoformat(), "anledning": ""}
    assert "Detta fält måste fyllas i." in client.post(_url("ombud_blockering", barn), data).content.decode()
    assert OmbudBlockering.objects.aktiva().count() == 1
    assert client.post(_url("ombud_blockering", barn), {**data, "anledning": "Ny bedömning"}).status_code == 302
    assert not OmbudBlockering.objects.aktiva().exists()


# --- lock / unlock ---


def test_lock_and_unlock_through_the_page(staff_client, familj):
    barn = familj[0]
    url = _url("konto_sparr", barn)
    svar = staff_client.post(url, {"atgard": "sparra", "orsak": "annan", "orsak_text": ""})
    assert "Beskriv orsaken när du väljer Annan orsak." in svar.content.decode()
    assert not Kontosparr.objects.exists()
    fraga = staff_client.post(url, {"atgard": "sparra", "orsak": "lvu"})
    assert fraga.status_code == 200 and "Ja, spärra kontot" in fraga.content.decode()
    assert not Kontosparr.objects.exists()  # issue 18: the first click only asks
    assert 'name="orsak" value="lvu"' in fraga.content.decode()  # the choice travels in the confirmation form
    assert staff_client.post(url, {"atgard": "sparra", "orsak": "lvu", "bekraftad": "ja"}).status_code == 302
    html = staff_client.get(url).content.decode()
    assert "Kontot i Alltid öppet är spärrat" in html and "Häv spärren" in html
    svar = staff_client.post(url, {"atgard": "lasupp", "anledning": ""})
    assert "Detta fält måste fyllas i." in svar.content.decode()
    assert Kontosparr.objects.aktiva().count() == 1
    assert staff_client.post(url, {"atgard": "lasupp", "anledning": "Utredningen klar"}).status_code == 302
    assert not Kontosparr.objects.aktiva().exists()
    historik = staff_client.get(_url("ombud_historik", barn)).content.decode()
    assert "Konto spärrat" in historik and "Spärr hävd" in historik and "Utredningen klar" in historik


def test_other_units_see_the_lock_only_when_they_open_her_overview(uppdrag, familj):
    barn = familj[0]
    annan_enhet = VardenhetFactory(namn="Barnavårdscentral Annanstans")
    VardrelationFactory(invanare=barn, vardenhet=annan_enhet)
    annan = MedarbetaruppdragFactory(vardenhet=annan_enhet)
    konto_lock(aktor=aktor_for(uppdrag), invanare=barn, orsak="annan", orsak_text="Orosanmälan inkommen")
    klient = logged_in_client(annan)
    assert "Elsa Berg" not in klient.get(reverse("bevakning")).content.decode()  # no notice on their dashboard
    html = klient.get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert "Kontot i Alltid öppet är spärrat" in html
    assert f"Spärrat av {uppdrag.vardenhet.namn}" in html
    assert "Orosanmälan inkommen" not in html  # the free text stays with the unit that locked
    egen = logged_in_client(uppdrag).get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert "Orosanmälan inkommen" in egen


def test_unit_without_care_relation_sees_nothing(familj):
    barn = familj[0]
    frammande = MedarbetaruppdragFactory()
    konto_lock(aktor=aktor_for(frammande), invanare=barn, orsak="lvu")
    svar = logged_in_client(frammande).get(reverse("invanare:profil", args=[barn.pk]))
    assert svar.status_code == 404 and "spärrat" not in svar.content.decode()


# --- register / end proxies ---


def test_register_and_end_a_legal_representative_through_the_page(staff_client, uppdrag):
    huvudman = InvanareFactory(fornamn="Gunnel", efternamn="Ek", fodelsedatum=_fodd(90))
    VardrelationFactory(invanare=huvudman, vardenhet=uppdrag.vardenhet)
    foretradare = InvanareFactory(fornamn="Piotr", efternamn="Nowak", fodelsedatum=_fodd(45))
    url = _url("ombud", huvudman)
    data = {"atgard": "registrera", "typ": "legal_stallforetradare", "identitetsnummer": foretradare.identitet_formaterad,
            "beslut_referens": "Ä 1-26", "beslut_datum": timezone.localdate().isoformat()}
    svar = staff_client.post(url, data)
    assert "sörja för sin huvudmans person" in svar.content.decode()
    assert not Ombud.objects.exists()
    assert "Ingen person med det numret" in staff_client.post(
        url, {**data, "identitetsnummer": "19121212-1212", "beslut_sorja_for_person": "on"}).content.decode()
    assert staff_client.post(url, {**data, "beslut_sorja_for_person": "on"}).status_code == 302
    rad = Ombud.objects.get()
    assert (rad.ombud, rad.typ, rad.beslut_sorja_for_person) == (foretradare, "legal_stallforetradare", True)
    html = staff_client.get(url).content.decode()
    assert "Piotr Nowak" in html and "Avsluta ombud" in html
    assert staff_client.post(url, {"atgard": "avsluta", "ombud_id": rad.pk, "anledning": ""}).status_code == 200
    assert Ombud.objects.aktiva().count() == 1
    assert staff_client.post(url, {"atgard": "avsluta", "ombud_id": rad.pk, "anledning": "Upphört"}).status_code == 302
    assert not Ombud.objects.aktiva().exists()
    assert [h.handelse for h in Kontohistorik.objects.order_by("pk")] == ["ombud_registrerat", "ombud_avslutat"]
