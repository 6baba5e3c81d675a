"""Settings in the citizen web: notice choices (notisval_satt, her own also as a proxy), and deregistering —
optionally locking — the account in the app API's three confirmation steps (invanare.app_api.konto)."""
import datetime

from django.test import Client
from django.utils import timezone

from invanare.models import AppSession, Invanare, Kontosparr
from notiser.models import Notisval
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory

URL = "/alltidoppet/installningar/"
AVREG = "/alltidoppet/installningar/avregistrera/"


def _inloggad(inv) -> Client:
    client = Client()
    assert client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer}).status_code == 302
    return client


def _vuxen():
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(1985, 5, 5))


def test_notice_choices_and_at_least_one():
    inv = _vuxen()
    client = _inloggad(inv)
    assert 'name="sms"' in client.get(URL).content.decode()
    client.post(URL, {"push": "on"})
    val = Notisval.objects.get(invanare=inv)
    assert (val.sms, val.push) == (False, True)
    client.post(URL, {})  # neither: refused in Swedish, nothing changed
    val.refresh_from_db()
    assert (val.sms, val.push) == (False, True)
    assert "Välj SMS, pushnotiser eller båda." in client.get(URL).content.decode()


def test_a_guardian_sets_her_own_notices_while_acting_for_her_child():
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=6 * 365))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    client = _inloggad(mamma)
    client.post("/alltidoppet/agera-for/", {"id": barn.pk})
    client.post(URL, {"sms": "on"})
    assert Notisval.objects.get().invanare_id == mamma.pk
    # deregistering is only for her own account: refused while she acts for the child
    assert client.get(AVREG)["Location"] == URL
    assert "Byt till dig själv" in client.get(URL).content.decode()
    assert Invanare.objects.get(pk=mamma.pk).konto == Invanare.Konto.REGISTRERAT


def _steg(client, **post):
    svar = client.post(AVREG, post)
    sida = svar.content.decode()
    token = sida.split('name="bekraftelse" value="', 1)[1].split('"', 1)[0] if 'name="bekraftelse"' in sida else None
    return svar, sida, token


def test_self_lock_in_three_steps_with_its_warnings():
    inv = _vuxen()
    client = _inloggad(inv)
    assert "Avregistrera och spärra kontot" in client.get(AVREG).content.decode()
    _svar, sida, token1 = _steg(client, sparra="ja")
    assert "Steg 1 av 3" in sida and "varken du eller något ombud logga in" in sida
    # step 2 without ticking "I have read": the same step again, nothing done
    _svar, sida, samma = _steg(client, bekraftelse=token1)
    assert "Steg 1 av 3" in sida and samma == token1
    _svar, sida, token2 = _steg(client, bekraftelse=token1, forstar="ja")
    assert "Steg 2 av 3" in sida and "Du kan inte låsa upp kontot själv." in sida
    assert not Kontosparr.objects.filter(invanare=inv).exists()
    # a forged or foreign token is refused
    client.post(AVREG, {"bekraftelse": "x" + token2, "bekraftar": "ja"})
    assert not Kontosparr.objects.filter(invanare=inv).exists()
    svar = client.post(AVREG, {"bekraftelse": token2, "bekraftar": "ja"})
    assert svar["Location"] == "/alltidoppet/inloggning/"
    assert Kontosparr.objects.aktiva().filter(invanare=inv, sparrad_av_invanaren=True).exists()
    assert Invanare.objects.get(pk=inv.pk).konto == Invanare.Konto.AVREGISTRERAT
    assert AppSession.objects.get(invanare=inv).avslutad is not None
    assert "avregistrerat och spärrat" in client.get("/alltidoppet/inloggning/").content.decode()
    # and she cannot log in again
    assert Client().post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer})["Location"] == \
        "/alltidoppet/inloggning/"
    assert AppSession.objects.filter(invanare=inv).count() == 1


def test_a_step_token_of_another_session_is_worth_nothing():
    inv = _vuxen()
    forsta, andra = _inloggad(inv), _inloggad(inv)
    _svar, _sida, token1 = _steg(forsta, sparra="nej")
    _svar, _sida, token2 = _steg(forsta, bekraftelse=token1, forstar="ja")
    andra.post(AVREG, {"bekraftelse": token2, "bekraftar": "ja"})
    assert Invanare.objects.get(pk=inv.pk).konto == Invanare.Konto.REGISTRERAT
    assert "Börja om" in andra.get(AVREG).content.decode()
    forsta.post(AVREG, {"bekraftelse": token2, "bekraftar": "ja"})
    assert Invanare.objects.get(pk=inv.pk).konto == Invanare.Konto.AVREGISTRERAT
    assert not Kontosparr.objects.filter(invanare=inv).exists()
