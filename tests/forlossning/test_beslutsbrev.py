"""Issue 15 item 3: a reservnummer woman cannot use the app (seed 000: »Patienter med reservnummer kan inte välja
önskad förlossningsklinik i appen Alltid Öppet eftersom den inte hanterar reservnummer«). She gets her clinic by
SMS and, where her unit uses letters, on paper: a letter on the print list of the unit that registered the
pregnancy, through the e-document service, held there like any other letter (locked account, missing address)."""
import datetime

import pytest
from django.utils import timezone

from edokument.hallning import hallen_orsak
from edokument.models import Dokument, Hallning, Leverans, Utskriftslistepost
from forlossning.brev import BREV_BESLUT, beslutsbrev_for_korning
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut
from forlossning.services import beslut_flytta
from invanare.behorighet import konto_ar_sparrat
from invanare.models import Kontosparr
from notiser.models import SmsUtgaende
from tests.fixtures.forlossning import bf_for_22_0, gravid, kapacitet_satt
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, aktor_for
from vardportalen.models import Atkomstlogg, Roll, Vardenhet

pytestmark = pytest.mark.django_db


def _nu(dag: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(dag, datetime.time(2, 0)))


@pytest.fixture
def lage(kliniker):
    dag = timezone.localdate() + datetime.timedelta(days=3)
    kapacitet_satt(kliniker, bf_for_22_0(dag), 10)
    brev = VardenhetFactory(namn="Barnmorskemottagning Brevvägen", typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING,
                            skickar_brev=True, telefon="08-123 456 00")
    utan = VardenhetFactory(namn="Barnmorskemottagning Utanbrev", typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)
    return {"dag": dag, "kliniker": kliniker, "brev": brev, "utan": utan}


def _reserv(lage, *, enhet="brev", **kw):
    inv = InvanareFactory(reservnummer=True, kon="K", mobilnummer="070-174 06 12",
                          **{"gatuadress": "Reservgatan 4", "postnummer": "11520", "ort": "Stockholm", **kw})
    return gravid(bf=bf_for_22_0(lage["dag"]), onskemal=[lage["kliniker"]["F_KH"]], invanare=inv,
                  registrerad_vid=lage[enhet])


def test_the_decision_goes_on_her_units_print_list_where_the_unit_uses_letters(lage):
    hennes = _reserv(lage)
    utan_brev = _reserv(lage, enhet="utan")
    med_app = gravid(bf=bf_for_22_0(lage["dag"]), onskemal=[lage["kliniker"]["F_KH"]], registrerad_vid=lage["brev"],
                     mobilnummer="070-174 06 13")
    fordelning_kor(nu=_nu(lage["dag"]))
    assert Beslut.objects.count() == 3
    dok = Dokument.objects.get()
    assert dok.idempotensnyckel == BREV_BESLUT.format(gid=hennes.pk) and dok.invanare == hennes.invanare
    assert dok.vardenhet == lage["brev"] and dok.status == Dokument.Status.SKICKAT
    assert "Karolinska Universitetssjukhuset Huddinge" in dok.text and "appen" not in dok.text
    assert "Barnmorskemottagning Brevvägen, 08-123 456 00" in dok.text
    post = Utskriftslistepost.objects.get(dokument=dok)
    assert (post.vardenhet, post.orsak) == (lage["brev"], "reservnummer")
    assert Leverans.objects.get(dokument=dok).kanal == "papper"
    assert hallen_orsak(invanare=hennes.invanare, sparrad=False, beslut="") == ""  # complete address: printable
    logg = Atkomstlogg.objects.get(invanare_identitet=hennes.invanare.id_nummer, vad="e-dokument: skicka")
    assert logg.vardenhet_hsa_id == lage["brev"].hsa_id and logg.medarbetare_namn == "Fördelningen av förlossningsplatser"
    # she still gets her SMS; the others get no letter (no letters at the unit; the app for the other)
    assert SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:beslut:{hennes.pk}").exists()
    assert not Dokument.objects.filter(invanare__in=[utan_brev.invanare, med_app.invanare]).exists()
    # once per decision, whatever runs again
    assert beslutsbrev_for_korning(graviditet_ids=[hennes.pk]) == 1 and Dokument.objects.count() == 1


def test_a_letter_without_address_or_to_a_locked_account_is_held_and_the_decision_stands(lage):
    utan_adress = _reserv(lage, gatuadress="", postnummer="", ort="")
    sparrad = _reserv(lage)
    Kontosparr.objects.create(invanare=sparrad.invanare, orsak=Kontosparr.Orsak.LVU)
    fordelning_kor(nu=_nu(lage["dag"]))
    assert Beslut.objects.filter(graviditet__in=[utan_adress, sparrad]).count() == 2
    for g, hallning in ((utan_adress, Hallning.ADRESS_SAKNAS), (sparrad, Hallning.KONTO_SPARRAT)):
        post = Utskriftslistepost.objects.get(dokument__invanare=g.invanare)
        assert hallen_orsak(invanare=g.invanare, sparrad=konto_ar_sparrat(g.invanare), beslut=post.beslut) == hallning


def test_a_protected_woman_gets_a_letter_only_when_staff_chose_to_contact_her(lage):
    skyddad = _reserv(lage, skydd="skyddad_folkbokforing")
    hotad = _reserv(lage, kand_hotbild=True)
    valt = _reserv(lage, kand_hotbild=True)
    valt.sms_skyddad_bekraftad = True
    valt.save(update_fields=["sms_skyddad_bekraftad"])
    fordelning_kor(nu=_nu(lage["dag"]))
    assert Beslut.objects.count() == 3  # the decisions stand
    assert list(Dokument.objects.values_list("invanare_id", flat=True)) == [valt.invanare_id]
    assert not Dokument.objects.filter(invanare__in=[skyddad.invanare, hotad.invanare]).exists()


def test_a_move_sends_a_new_letter_naming_the_new_clinic_never_the_reason(lage):
    g = _reserv(lage)
    fordelning_kor(nu=_nu(lage["dag"]))
    beslut = Beslut.objects.get(graviditet=g)
    chef = aktor_for(MedarbetaruppdragFactory(vardenhet=beslut.klinik, roll=Roll.VERKSAMHETSCHEF))
    till = lage["kliniker"]["F_SOS"]
    flytt = beslut_flytta(aktor=chef, graviditet=g, till_klinik_id=till.pk, medicinsk_orsak="Hemlig medicinsk orsak")
    brev = Dokument.objects.get(idempotensnyckel=f"forlossning:flyttbrev:{flytt.pk}")
    assert brev.vardenhet == lage["brev"] and till.namn in brev.text and "Hemlig" not in brev.text
    assert Utskriftslistepost.objects.filter(vardenhet=lage["brev"]).count() == 2
