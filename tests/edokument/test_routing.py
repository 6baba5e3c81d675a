"""Each routing rule: who gets a document through which channel, and what goes on paper at once."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from edokument.models import (
    BrevladaAvbojd,
    BrevladaUtkorg,
    Dokument,
    Dokumenttyp,
    Kanal,
    Leverans,
    LokaltUndantag,
    Orsak,
    Utskriftslistepost,
)
from edokument.services import dokument_skapa_och_skicka
from invanare.behorighet import senaste_fodelsedag
from invanare.models import Blankett, Invanare, Kontosparr, Ombud, OmbudBlockering
from tests.fixtures.edokument import BrevmallFactory, ekallelse_falt
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory
from vardportalen.models import Atkomstlogg

def _ar_sedan(ar: int) -> datetime.date:
    """Born `ar` years and 10 days ago: `ar` years old today (on the test's clock, not the collection's)."""
    return senaste_fodelsedag(timezone.localdate(), ar) - datetime.timedelta(days=10)


def kanaler(dokument):
    return sorted((l.kanal, l.mottagare_id) for l in dokument.leveranser.all())


def post(dokument):
    return Utskriftslistepost.objects.filter(dokument=dokument).first()


def test_citizen_with_account_gets_it_in_the_app_and_it_is_watched(skicka_ekallelse):
    inv = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(40))
    dok = skicka_ekallelse(inv)
    assert kanaler(dok) == [(Kanal.APP, inv.pk)]
    assert dok.leveranser.get().bevakas is True
    assert post(dok) is None
    assert dok.status == Dokument.Status.SKICKAT


def test_locked_account_gets_nothing_in_the_app(skicka_ekallelse, uppdrag):
    inv = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(40))
    Kontosparr.objects.create(invanare=inv, orsak=Kontosparr.Orsak.EGEN_BEGARAN)
    dok = skicka_ekallelse(inv)
    assert kanaler(dok) == [(Kanal.PAPPER, inv.pk)]
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_deregistered_account_without_mailbox_goes_on_paper(skicka_ekallelse):
    inv = InvanareFactory(konto=Invanare.Konto.AVREGISTRERAT, fodelsedatum=_ar_sedan(40))
    dok = skicka_ekallelse(inv)
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_adult_with_mailbox_gets_it_there_and_app_delivery_is_not_watched(skicka_ekallelse):
    inv = InvanareFactory(med_konto=True, digital_brevlada="kivra", fodelsedatum=_ar_sedan(30))
    dok = skicka_ekallelse(inv)
    assert sorted(l.kanal for l in dok.leveranser.all()) == [Kanal.APP, Kanal.BREVLADA]
    assert not dok.leveranser.filter(bevakas=True).exists()
    assert BrevladaUtkorg.objects.filter(leverans__dokument=dok).count() == 1
    assert post(dok) is None


def test_mailbox_only_from_18(skicka_ekallelse):
    idag = timezone.localdate()
    inv = InvanareFactory(digital_brevlada="kivra", fodelsedatum=senaste_fodelsedag(idag, 18) + datetime.timedelta(days=1))
    dok = skicka_ekallelse(inv)
    assert not dok.leveranser.filter(kanal=Kanal.BREVLADA).exists()
    assert post(dok).orsak == Orsak.INGEN_KANAL
    vuxen = InvanareFactory(digital_brevlada="kivra", fodelsedatum=senaste_fodelsedag(idag, 18))
    assert skicka_ekallelse(vuxen).leveranser.filter(kanal=Kanal.BREVLADA).exists()


def test_declined_sender_gets_no_mailbox_delivery_but_other_senders_do(skicka_ekallelse, aktor, uppdrag):
    inv = InvanareFactory(digital_brevlada="billo", fodelsedatum=_ar_sedan(50))
    BrevladaAvbojd.objects.create(invanare=inv, vardenhet=uppdrag.vardenhet)
    dok = skicka_ekallelse(inv)
    assert not dok.leveranser.filter(kanal=Kanal.BREVLADA).exists()
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_child_under_13_guardians_with_account_get_it_blocked_one_not(skicka_ekallelse):
    barn = InvanareFactory(fodelsedatum=_ar_sedan(8))
    mamma = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(38))
    pappa = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(40))
    utan_konto = InvanareFactory(fodelsedatum=_ar_sedan(41))
    for v in (mamma, pappa, utan_konto):
        VardnadshavarskapFactory(barn=barn, vardnadshavare=v)
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=pappa, blankett=Blankett.BLA_46557, beslutsdatum=timezone.localdate(), beslutsfattare_hsa_id="SE2321000016-C1",
        beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE2321000016-C1", vardenhet_hsa_id="SE2321000016-E1")
    dok = skicka_ekallelse(barn)
    assert kanaler(dok) == [(Kanal.APP, mamma.pk)]
    lev = dok.leveranser.get()
    assert lev.relation == "vardnadshavare" and lev.bevakas


def test_teenager_guardians_get_nothing_automatically(skicka_ekallelse):
    tonaring = InvanareFactory(fodelsedatum=_ar_sedan(14))
    VardnadshavarskapFactory(barn=tonaring, vardnadshavare=InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(44)))
    dok = skicka_ekallelse(tonaring)
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_registered_proxy_of_an_adult_gets_it(skicka_ekallelse):
    huvudman = InvanareFactory(fodelsedatum=_ar_sedan(80))
    ombud = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(50))
    Ombud.objects.create(huvudman=huvudman, ombud=ombud, typ="fullmaktstagare")
    dok = skicka_ekallelse(huvudman)
    assert kanaler(dok) == [(Kanal.APP, ombud.pk)]


def test_reservnummer_never_electronic_even_with_account_and_mailbox(skicka_ekallelse):
    inv = InvanareFactory(reservnummer=True, konto=Invanare.Konto.REGISTRERAT, digital_brevlada="kivra")
    dok = skicka_ekallelse(inv)
    assert kanaler(dok) == [(Kanal.PAPPER, inv.pk)]
    assert post(dok).orsak == Orsak.RESERVNUMMER


def test_local_exception_per_kind_sends_on_paper(skicka_ekallelse, uppdrag):
    LokaltUndantag.objects.create(vardenhet=uppdrag.vardenhet, dokumenttyp=Dokumenttyp.EKALLELSE)
    inv = InvanareFactory(med_konto=True, digital_brevlada="kivra", fodelsedatum=_ar_sedan(30))
    dok = skicka_ekallelse(inv)
    assert kanaler(dok) == [(Kanal.PAPPER, inv.pk)]
    assert post(dok).orsak == Orsak.LOKALT_UNDANTAG


def test_local_exception_of_another_unit_does_not_apply(skicka_ekallelse):
    from tests.fixtures.staff import VardenhetFactory

    LokaltUndantag.objects.create(vardenhet=VardenhetFactory(), dokumenttyp=Dokumenttyp.EKALLELSE)
    inv = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(30))
    assert post(skicka_ekallelse(inv)) is None


def test_local_exception_per_template(aktor, uppdrag):
    mall = BrevmallFactory(vardenhet=uppdrag.vardenhet)
    annan = BrevmallFactory(vardenhet=uppdrag.vardenhet)
    LokaltUndantag.objects.create(vardenhet=uppdrag.vardenhet, brevmall=mall)
    inv = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(30))
    med = dokument_skapa_och_skicka(aktor=aktor, invanare=inv, typ=Dokumenttyp.EBREV, brevmall_id=mall.pk)
    utan = dokument_skapa_och_skicka(aktor=aktor, invanare=inv, typ=Dokumenttyp.EBREV, brevmall_id=annan.pk)
    assert post(med).orsak == Orsak.LOKALT_UNDANTAG
    assert post(utan) is None and kanaler(utan) == [(Kanal.APP, inv.pk)]


def test_template_without_styrkod_sent_as_ebrev_goes_on_paper_even_with_mailbox(aktor, uppdrag):
    mall = BrevmallFactory(vardenhet=uppdrag.vardenhet, styrkod="", typ=Dokumenttyp.EREMISSBEKRAFTELSE)
    inv = InvanareFactory(med_konto=True, digital_brevlada="kivra", fodelsedatum=_ar_sedan(30))
    dok = dokument_skapa_och_skicka(aktor=aktor, invanare=inv, typ=Dokumenttyp.EREMISSBEKRAFTELSE,
                                    brevmall_id=mall.pk, skickas_som_ebrev=True)
    assert kanaler(dok) == [(Kanal.PAPPER, inv.pk)]
    assert post(dok).orsak == Orsak.SAKNAR_STYRKOD


def test_template_without_styrkod_needs_the_choice(aktor, uppdrag):
    mall = BrevmallFactory(vardenhet=uppdrag.vardenhet, styrkod="")
    inv = InvanareFactory(med_konto=True)
    with pytest.raises(ValidationError) as err:
        dokument_skapa_och_skicka(aktor=aktor, invanare=inv, typ=Dokumenttyp.EBREV, brevmall_id=mall.pk)
    assert "styrkod" in str(err.value)
    assert not Dokument.objects.exists()


def test_protected_citizen_without_confirmation_nothing_is_stored(skicka_ekallelse):
    inv = InvanareFactory(skyddad=True, med_konto=True)
    before = Atkomstlogg.objects.count()
    with pytest.raises(ValidationError) as err:
        skicka_ekallelse(inv)
    assert "skyddade personuppgifter" in str(err.value)
    assert not Dokument.objects.exists() and not Leverans.objects.exists()
    assert Atkomstlogg.objects.count() == before


def test_protected_citizen_with_confirmation_is_sent(skicka_ekallelse):
    inv = InvanareFactory(skyddad=True, med_konto=True)
    dok = skicka_ekallelse(inv, skyddad_bekraftad=True)
    assert kanaler(dok) == [(Kanal.APP, inv.pk)]


def test_paper_route_without_address_is_listed_not_refused(skicka_ekallelse):
    """Issue 15 item 4: listed (held as "Adress saknas", see tests/edokument/test_hallen.py), not refused."""
    inv = InvanareFactory(gatuadress="", fodelsedatum=_ar_sedan(40))
    dok = skicka_ekallelse(inv)
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_protected_citizen_on_paper_needs_no_address(skicka_ekallelse):
    inv = InvanareFactory(skyddad=True, gatuadress="", fodelsedatum=_ar_sedan(40))
    dok = skicka_ekallelse(inv, skyddad_bekraftad=True)
    assert post(dok).orsak == Orsak.INGEN_KANAL


def test_send_writes_one_change_row_in_the_access_log(skicka_ekallelse, uppdrag):
    inv = InvanareFactory(med_konto=True)
    skicka_ekallelse(inv)
    rad = Atkomstlogg.objects.get()
    assert (rad.handelse, rad.invanare_identitet, rad.vardenhet_hsa_id) == ("andring", inv.id_nummer, uppdrag.vardenhet.hsa_id)


def test_unknown_or_foreign_template_is_refused(aktor):
    inv = InvanareFactory(med_konto=True)
    annan_enhets = BrevmallFactory()
    for mall_id in (999999, annan_enhets.pk, "x"):
        with pytest.raises(ValidationError) as err:
            dokument_skapa_och_skicka(aktor=aktor, invanare=inv, typ=Dokumenttyp.EBREV, brevmall_id=mall_id)
        assert "Brevmallen finns inte" in str(err.value)
    assert not Dokument.objects.exists()


def test_idempotency_key_sends_once(skicka_ekallelse):
    inv = InvanareFactory(med_konto=True)
    a = skicka_ekallelse(inv, idempotensnyckel="bokning:1:kallelse")
    b = skicka_ekallelse(inv, idempotensnyckel="bokning:1:kallelse")
    assert a.pk == b.pk and Leverans.objects.count() == 1


def test_ekallelse_needs_a_time(skicka_ekallelse):
    with pytest.raises(ValidationError):
        skicka_ekallelse(InvanareFactory(med_konto=True), besokstid=None)
    assert ekallelse_falt()["typ"] == Dokumenttyp.EKALLELSE
