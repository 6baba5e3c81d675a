"""Issue 15 items 1 and 4: documents held on the print list (edokument.hallning).

1. A document to a citizen whose account is locked is held, with the reason, until a staff member decides
   (print to the registered address after checking, another address, or hand over): recorded and logged.
4. A reservnummer document without a complete postal address is listed and held as "Adress saknas"; the
   booking that sends it stands.
"""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from bokning import services as bokning_services
from edokument.models import Dokument, HallenBeslut, Leverans, Orsak, Utskriftslistepost
from edokument.utskrift import utskriftslistepost_besluta, utskriftsomgang_rendera, utskriftsomgang_skapa
from invanare.models import Kontosparr
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory, VardrelationFactory
from vardportalen.models import Atkomstlogg
from invanare.behorighet import senaste_fodelsedag

URL = "/edokument/utskriftslista/"


def _sparrat_barn(**kw):
    barn = InvanareFactory(fodelsedatum=senaste_fodelsedag(timezone.localdate(), 8),
                           gatuadress="Vårdnadshavarvägen 3", **kw)
    Kontosparr.objects.create(invanare=barn, orsak=Kontosparr.Orsak.LVU)
    return barn


def test_locked_childs_kallelse_is_held_and_cannot_be_printed(skicka_ekallelse, aktor):
    barn = _sparrat_barn()
    dok = skicka_ekallelse(barn)
    post = Utskriftslistepost.objects.get(dokument=dok)
    assert post.orsak == Orsak.INGEN_KANAL
    with pytest.raises(ValidationError, match="hålls kvar"):
        utskriftsomgang_skapa(aktor=aktor, post_ids=[post.pk])
    post.refresh_from_db()
    assert post.utskriven is None and post.omgang_id is None


def test_a_lock_set_after_listing_holds_the_entry_too(skicka_ekallelse, aktor):
    inv = InvanareFactory(reservnummer=True)
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(inv))
    Kontosparr.objects.create(invanare=inv, orsak=Kontosparr.Orsak.TVANG)
    with pytest.raises(ValidationError, match="hålls kvar"):
        utskriftsomgang_skapa(aktor=aktor, post_ids=[post.pk])


def test_list_page_marks_held_entry_with_reason_and_no_checkbox(skicka_ekallelse, staff_client, uppdrag):
    barn = _sparrat_barn(efternamn="Kvarhållsdotter")
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(barn))
    html = staff_client.get(URL).content.decode()
    assert "Kvarhållsdotter" in html
    assert "Kontot är spärrat" in html and "Hålls kvar" in html
    assert f'value="{post.pk}"' not in html
    assert f"/edokument/utskriftslista/{post.pk}/beslut/" in html


def test_decision_to_print_to_registered_address_releases_it_recorded_and_logged(skicka_ekallelse, aktor):
    barn = _sparrat_barn()
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(barn))
    utskriftslistepost_besluta(aktor=aktor, post_id=post.pk, beslut=HallenBeslut.FOLKBOKFORINGSADRESS,
                               anteckning="Ringt socialtjänsten: barnet bor i familjehem på adressen.")
    post.refresh_from_db()
    assert post.beslut == HallenBeslut.FOLKBOKFORINGSADRESS and post.beslutad_av_hsa_id == aktor.medarbetare_hsa_id
    assert Atkomstlogg.objects.filter(invanare_identitet=barn.id_nummer,
                                      vad="e-dokument: beslut om kvarhållet dokument").count() == 1
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=[post.pk])
    assert omgang.antal == 1


def test_other_address_is_printed_instead_of_the_registered_one(skicka_ekallelse, aktor):
    barn = _sparrat_barn()
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(barn))
    utskriftslistepost_besluta(aktor=aktor, post_id=post.pk, beslut=HallenBeslut.ANNAN_ADRESS,
                               adress="Socialtjänsten Norrmalm\nBox 1234\n111 22 Stockholm",
                               anteckning="Enligt socialsekreteraren.")
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=[post.pk])
    utskriftsomgang_rendera(omgang_id=omgang.pk)
    omgang.refresh_from_db()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(omgang.pdf))).pages)
    assert "Socialtjänsten Norrmalm" in text
    assert "Vårdnadshavarvägen" not in text


def test_handed_over_leaves_the_list_without_printing(skicka_ekallelse, aktor):
    barn = _sparrat_barn()
    dok = skicka_ekallelse(barn)
    post = Utskriftslistepost.objects.get(dokument=dok)
    utskriftslistepost_besluta(aktor=aktor, post_id=post.pk, beslut=HallenBeslut.LAMNAS_UT,
                               anteckning="Lämnas till barnet vid besöket.")
    post.refresh_from_db()
    assert post.utskriven is not None and post.omgang_id is None
    assert Leverans.objects.get(dokument=dok, kanal="papper").status == Leverans.Status.OVERLAMNAD


@pytest.mark.parametrize("falt, fel", [
    ({"beslut": "", "anteckning": "x"}, "beslut"),
    ({"beslut": HallenBeslut.ANNAN_ADRESS, "adress": "", "anteckning": "x"}, "adress"),
    ({"beslut": HallenBeslut.LAMNAS_UT, "anteckning": ""}, "anteckning"),
    ({"beslut": HallenBeslut.LAMNAS_UT, "anteckning": "Ring 070-111 22 33", "adress": "Gata 1\n111 22 Ort"}, "adress"),
])
def test_bad_decisions_change_nothing(skicka_ekallelse, aktor, falt, fel):
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(_sparrat_barn()))
    with pytest.raises(ValidationError) as info:
        utskriftslistepost_besluta(aktor=aktor, post_id=post.pk, **falt)
    assert fel in info.value.message_dict
    post.refresh_from_db()
    assert post.beslut == "" and post.beslutad is None


def test_registered_address_cannot_be_chosen_when_it_is_missing(skicka_ekallelse, aktor):
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(_sparrat_barn(ort="")))
    with pytest.raises(ValidationError, match="saknar fullständig folkbokföringsadress"):
        utskriftslistepost_besluta(aktor=aktor, post_id=post.pk, beslut=HallenBeslut.FOLKBOKFORINGSADRESS,
                                   anteckning="Kontrollerat.")


def test_decision_page_shows_the_address_to_check_and_saves(skicka_ekallelse, staff_client, uppdrag):
    barn = _sparrat_barn()
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    post = Utskriftslistepost.objects.get(dokument=skicka_ekallelse(barn))
    url = f"/edokument/utskriftslista/{post.pk}/beslut/"
    html = staff_client.get(url).content.decode()
    assert "Vårdnadshavarvägen 3" in html and "Kontot är spärrat" in html
    svar = staff_client.post(url, {"beslut": "annan_adress", "adress": "", "anteckning": "Kontrollerat."})
    assert svar.status_code == 400 and "Skriv hela adressen" in svar.content.decode()
    svar = staff_client.post(url, {"beslut": "lamnas_ut", "anteckning": "Lämnas vid besöket."})
    assert svar.status_code == 302
    post.refresh_from_db()
    assert post.beslut == "lamnas_ut"


# --- item 4 ---


def test_reservnummer_without_address_is_listed_as_address_missing(skicka_ekallelse, aktor, staff_client):
    inv = InvanareFactory(reservnummer=True, gatuadress="", efternamn="Adresslösdotter")
    dok = skicka_ekallelse(inv)
    assert dok.status == Dokument.Status.SKICKAT
    post = Utskriftslistepost.objects.get(dokument=dok)
    assert post.orsak == Orsak.RESERVNUMMER
    html = staff_client.get(URL).content.decode()
    assert "Adress saknas" in html and f'value="{post.pk}"' not in html
    with pytest.raises(ValidationError, match="hålls kvar"):
        utskriftsomgang_skapa(aktor=aktor, post_ids=[post.pk])


def test_booking_at_an_ekallelse_unit_stands_for_reservnummer_without_address(aktor, vardenhet):
    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    inv = InvanareFactory(reservnummer=True, gatuadress="", postnummer="", ort="")
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(), start=om(dagar=3))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk)
    assert bokning.pk and bokning.kallelse_id
    assert Utskriftslistepost.objects.filter(dokument_id=int(bokning.kallelse_id)).exists()
