"""Issue 15 item 2: the outboxes honour a known threat (känd hotbild) like a protected identity.

Seed 001, "Invånare med skyddade personuppgifter/känd hotbild": »Innan kallelse skickas till en invånare med
skyddade personuppgifter/känd hotbild ska vårdpersonalen haft en dialog med invånaren och gjort en
överenskommelse om hur hen vill bli kallad«. One rule, ``notiser.regler.kraver_personalens_val``
(``Invanare.skydd_eller_hotbild``): no SMS or push to her, nor to her proxies, unless staff chose it.
"""
import pytest
from django.utils import timezone

from invanare.behorighet import senaste_fodelsedag
from invanare.services import kand_hotbild_satt
from notiser.models import PushUtgaende, SmsUtgaende
from notiser.push.services import push_enhet_registrera
from notiser.regler import hotbild_text
from notiser.services import Notistyp, notis_skicka
from notiser.sms.services import sms_enqueue, sms_skicka_vantande
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory
from tests.notiser.test_outbox import Minne

pytestmark = pytest.mark.django_db


def _vuxen(**kw):
    inv = InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(timezone.localdate(), 40), mobilnummer="070-174 06 20",
                          **kw)
    push_enhet_registrera(invanare=inv, token=f"tok-{inv.pk}", plattform="ios")
    return inv


def test_a_known_threat_gets_no_sms_unless_staff_chose_it():
    inv = InvanareFactory(mobilnummer="070-174 06 20", kand_hotbild=True)
    assert sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="h1", syfte="test") is None
    rad = SmsUtgaende.objects.get(idempotensnyckel="h1")
    assert (rad.status, rad.mobilnummer, rad.orsak) == ("nekad", "", hotbild_text())
    assert sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="h2", syfte="test", skyddad_bekraftad=True)


def test_a_threat_marked_after_queueing_stops_the_sms_before_it_is_sent(aktor):
    inv = InvanareFactory(mobilnummer="070-174 06 20")
    assert sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="h3", syfte="test") is not None
    kand_hotbild_satt(aktor=aktor, invanare=inv, anledning="Hot från tidigare partner")
    backend = Minne()
    sms_skicka_vantande(nu=timezone.now(), backend=backend)
    assert backend.skickade == []
    assert SmsUtgaende.objects.get(idempotensnyckel="h3").status == "nekad"


def test_notices_to_a_known_threat_reach_nobody_not_even_her_guardians():
    barn = InvanareFactory(fodelsedatum=senaste_fodelsedag(timezone.localdate(), 6), kand_hotbild=True)
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    assert notis_skicka(invanare=barn, typ=Notistyp.NYTT_DOKUMENT, nyckel="hb1") == 0
    assert not SmsUtgaende.objects.exists() and not PushUtgaende.objects.exists()

    vuxen = _vuxen(kand_hotbild=True)
    assert notis_skicka(invanare=vuxen, typ=Notistyp.BOKNING_NY, nyckel="hb2") == 0
    assert not SmsUtgaende.objects.exists() and not PushUtgaende.objects.exists()
    # staff agreed with her: then she is told
    assert notis_skicka(invanare=vuxen, typ=Notistyp.BOKNING_NY, nyckel="hb3", skyddad_bekraftad=True) == 1
    assert SmsUtgaende.objects.get().status == "vantande" and PushUtgaende.objects.get().status == "vantande"
