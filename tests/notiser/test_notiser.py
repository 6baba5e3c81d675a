"""Notices to the citizen's phone (seed 001, "Samtycke": SMS-aviseringar och/eller pushnotiser om bokade besök
och andra ärenden): who is told, through which channel, with which text, once; and the push service over HTTP
against a real local server."""
import datetime

import pytest
from django.utils import timezone

from edokument.models import Dokument
from invanare.models import Blankett, Kontosparr, OmbudBlockering
from notiser.models import Notisval, PushEnhet, PushUtgaende, SmsUtgaende
from notiser.push.services import push_enhet_registrera, push_skicka_vantande
from notiser.services import Notistyp, notis_push_grupp, notis_skicka, notis_text
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory
from tests.notiser.test_outbox import Gateway

IDAG = timezone.localdate()


def _vuxen(**kw):
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(IDAG.year - 40, 1, 15),
                           mobilnummer="070-174 06 20", **kw)


def _med_telefon(inv, token="tok-1"):
    push_enhet_registrera(invanare=inv, token=token, plattform="ios")
    return inv


def _texter(inv):
    return ([r.text for r in SmsUtgaende.objects.filter(invanare=inv, status="vantande")],
            [r.text for r in PushUtgaende.objects.filter(invanare=inv, status="vantande")])


def test_a_new_document_reaches_her_by_sms_and_push_without_clinical_content(skicka_ekallelse):
    inv = _med_telefon(_vuxen())
    dok = skicka_ekallelse(inv, rubrik="Kallelse till psykiatrisk mottagning", text="Ta med urinprov.")
    sms, push = _texter(inv)
    assert len(sms) == 1 and len(push) == 1 and sms == push
    assert "nytt dokument" in sms[0]
    for hemligt in ("psykiatri", "urinprov", dok.plats, dok.vardenhet.namn):
        assert hemligt.lower() not in sms[0].lower()


def test_every_notice_text_is_fixed_and_names_no_unit_person_or_content():
    tid = timezone.now()
    for typ in Notistyp.values:
        for som_ombud in (False, True):
            text = notis_text(typ, som_ombud=som_ombud, besokstid=tid)
            assert "Alltid öppet" in text and len(text) <= 160


def test_one_key_one_notice(db):
    inv = _med_telefon(_vuxen())
    for _ in range(2):
        notis_skicka(invanare=inv, typ=Notistyp.NYTT_MEDDELANDE, nyckel="k1")
    assert SmsUtgaende.objects.count() == 1 and PushUtgaende.objects.count() == 1


def test_her_choice_sms_push_or_both(db):
    inv = _med_telefon(_vuxen())
    Notisval.objects.create(invanare=inv, sms=False, push=True)
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_MEDDELANDE, nyckel="a")
    assert (SmsUtgaende.objects.count(), PushUtgaende.objects.count()) == (0, 1)
    Notisval.objects.filter(invanare=inv).update(sms=True, push=False)
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_MEDDELANDE, nyckel="b")
    assert (SmsUtgaende.objects.count(), PushUtgaende.objects.count()) == (1, 1)


def test_never_to_a_locked_account_not_even_to_its_guardians(db):
    barn = InvanareFactory(fodelsedatum=datetime.date(IDAG.year - 6, 1, 15))
    mamma = _med_telefon(_vuxen())
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    Kontosparr.objects.create(invanare=barn, orsak=Kontosparr.Orsak.LVU)
    assert notis_skicka(invanare=barn, typ=Notistyp.BOKNING_NY, nyckel="b1") == 0
    vuxen = _med_telefon(_vuxen(), token="tok-2")
    Kontosparr.objects.create(invanare=vuxen, orsak=Kontosparr.Orsak.TVANG)
    assert notis_skicka(invanare=vuxen, typ=Notistyp.BOKNING_NY, nyckel="b2") == 0
    assert not SmsUtgaende.objects.exists() and not PushUtgaende.objects.exists()


def test_a_protected_citizen_only_when_staff_chose_it(db):
    inv = _med_telefon(_vuxen(skyddad=True))
    assert notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="d1") == 0
    assert not SmsUtgaende.objects.exists() and not PushUtgaende.objects.exists()
    assert notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="d2", skyddad_bekraftad=True) == 1
    assert SmsUtgaende.objects.get().status == "vantande" and PushUtgaende.objects.get().status == "vantande"


def test_for_a_child_the_guardians_who_are_proxies_and_not_blocked(db):
    barn = InvanareFactory(fodelsedatum=datetime.date(IDAG.year - 6, 1, 15))
    mamma, pappa = _med_telefon(_vuxen()), _med_telefon(_vuxen(), token="tok-p")
    utan_samtycke = InvanareFactory(konto="skapat", fodelsedatum=datetime.date(IDAG.year - 41, 1, 15))
    for v in (mamma, pappa, utan_samtycke):
        VardnadshavarskapFactory(barn=barn, vardnadshavare=v)
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=pappa, blankett=Blankett.BLA_46557, beslutsdatum=IDAG, beslutsfattare_hsa_id="SE2321000016-C1",
        beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE2321000016-C1", vardenhet_hsa_id="SE2321000016-E1")
    assert notis_skicka(invanare=barn, typ=Notistyp.NYTT_DOKUMENT, nyckel="c1") == 1
    assert set(SmsUtgaende.objects.values_list("invanare_id", flat=True)) == {mamma.pk}
    assert "någon du är ombud för" in SmsUtgaende.objects.get().text and barn.fornamn not in SmsUtgaende.objects.get().text


def test_a_guardianship_ending_today_reaches_the_guardian_by_neither_path(db):
    """In force up to but not including its till (Vardnadshavarskap.objects.aktiva), as far_agera reads it: the
    set-based push of a mass send counted her until the end of that day."""
    barn = InvanareFactory(fodelsedatum=datetime.date(IDAG.year - 6, 1, 15))
    mamma = _med_telefon(_vuxen())
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma, till=timezone.localdate())
    assert notis_skicka(invanare=barn, typ=Notistyp.NYTT_DOKUMENT, nyckel="slut:1") == 0
    assert notis_push_grupp(invanare_ids=[barn.pk], typ=Notistyp.NYTT_DOKUMENT, nyckel="slut:2") == 0
    assert not PushUtgaende.objects.exists()


def test_no_consent_no_notice(db):
    inv = _med_telefon(InvanareFactory(konto="skapat", mobilnummer="070-174 06 20"))
    assert notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="x") == 0


# --- the app API: device token and choice ---


def test_the_app_registers_the_device_and_sets_her_choice(db):
    inv = _vuxen()
    klient = AppKlient.logga_in(inv)
    assert klient.post("notiser/enheter/", {"token": "abc123", "plattform": "android"}).status_code == 201
    assert klient.post("notiser/enheter/", {"token": "abc123", "plattform": "android"}).status_code == 201  # idempotent
    assert PushEnhet.objects.get().invanare == inv
    assert klient.get("notiser/val/").json() == {"sms": True, "push": True, "enheter": 1}
    assert klient.post("notiser/val/", {"sms": False, "push": True}).json() == {"sms": False, "push": True, "enheter": 1}
    svar = klient.post("notiser/val/", {"sms": False, "push": False})
    assert svar.status_code == 400 and "båda" in svar.json()["fel"]["meddelande"]
    svar = klient.post("notiser/enheter/", {"token": "", "plattform": "nokia"})
    assert svar.status_code == 400 and set(svar.json()["fel"]["falt"]) == {"token", "plattform"}
    assert Notisval.objects.get(invanare=inv).sms is False
    assert klient.post("notiser/enheter/avregistrera/", {"token": "abc123"}).json() == {"avregistrerad": True}
    assert not PushEnhet.objects.filter(aktiv=True).exists()


def test_a_token_seen_with_another_citizen_moves_to_the_new_owner(db):
    forra, nya = _vuxen(), _vuxen()
    _med_telefon(forra, token="samma")
    AppKlient.logga_in(nya).post("notiser/enheter/", {"token": "samma", "plattform": "ios"})
    notis_skicka(invanare=forra, typ=Notistyp.NYTT_MEDDELANDE, nyckel="m")
    assert not PushUtgaende.objects.exists() and PushEnhet.objects.get().invanare == nya


def test_the_api_needs_a_login(db):
    assert AppKlient().post("notiser/enheter/", {"token": "x", "plattform": "ios"}).status_code == 401


# --- the push service over HTTP, against a real HTTP server in a thread ---


@pytest.fixture
def pushtjanst(settings):
    gw = Gateway()
    settings.PUSH_BACKEND, settings.PUSH_URL, settings.PUSH_TOKEN = "http", gw.url, "push-token"
    yield gw
    gw.stop()


def test_push_goes_to_the_service_with_token_key_and_device(pushtjanst):
    inv = _med_telefon(_vuxen(), token="enhet-42")
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:1")
    assert push_skicka_vantande().skickade == 1
    (anrop,) = pushtjanst.mottagna
    rad = PushUtgaende.objects.get()
    assert anrop["headers"]["Authorization"] == "Bearer push-token"
    assert anrop["headers"]["Idempotency-Key"] == rad.idempotensnyckel
    assert anrop["body"]["token"] == "enhet-42" and anrop["body"]["plattform"] == "ios" and anrop["body"]["text"] == rad.text
    assert rad.status == "skickad" and rad.gateway_id == "gw-1"


def test_a_token_the_service_no_longer_knows_is_deactivated(pushtjanst):
    inv = _med_telefon(_vuxen())
    pushtjanst.svar = [410]
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:2")
    push_skicka_vantande()
    assert PushUtgaende.objects.get().status == "misslyckad" and not PushEnhet.objects.get().aktiv


def test_push_retries_a_busy_service_and_refuses_a_lock_made_after_queueing(pushtjanst):
    inv = _med_telefon(_vuxen())
    pushtjanst.svar = [503]
    nu = timezone.now()
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:3", nu=nu)
    assert push_skicka_vantande(nu=nu).omforsok == 1
    Kontosparr.objects.create(invanare=inv, orsak=Kontosparr.Orsak.TVANG)
    assert push_skicka_vantande(nu=nu + datetime.timedelta(minutes=5)).nekade == 1
    assert len(pushtjanst.mottagna) == 1 and PushUtgaende.objects.get().status == "nekad"


def test_a_bookings_kallelse_gets_no_second_notice(skicka_ekallelse):
    """A booking's kallelse is told by the booking's notice, not a second one for the document."""
    inv = _med_telefon(_vuxen())
    skicka_ekallelse(inv, bokning_ref="77")
    assert Dokument.objects.count() == 1 and not SmsUtgaende.objects.exists()


def test_deleting_a_device_fails_its_waiting_notices_and_keeps_the_sent(db):
    """A waiting row must have a device (push_vantande_har_enhet): deleting it fails them in the same
    transaction, with the reason staff see on the failed push page; rows already sent only lose the device."""
    inv = _med_telefon(_vuxen())
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:skickad")
    PushUtgaende.objects.update(status="skickad")
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:vantar")
    PushEnhet.objects.get().delete()
    skickad = PushUtgaende.objects.get(idempotensnyckel__contains="dokument:skickad")
    vantade = PushUtgaende.objects.get(idempotensnyckel__contains="dokument:vantar")
    assert skickad.enhet_id is None and skickad.status == "skickad" and skickad.orsak == ""
    assert vantade.enhet_id is None and vantade.status == "misslyckad" and "inte längre registrerad" in vantade.orsak


def test_deleting_a_citizen_with_waiting_push_deletes_her_rows(db):
    inv = _med_telefon(_vuxen())
    notis_skicka(invanare=inv, typ=Notistyp.NYTT_DOKUMENT, nyckel="dokument:vantar")
    assert PushUtgaende.objects.filter(status="vantande").exists()
    inv.delete()
    assert not PushUtgaende.objects.exists() and not PushEnhet.objects.exists()
