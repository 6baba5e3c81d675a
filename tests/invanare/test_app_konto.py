"""The citizen deregisters (and locks) her own account in the app, in several confirmation steps."""
import datetime

from django.utils import timezone

from invanare.behorighet import Syfte, far_agera, senaste_fodelsedag
from invanare.models import Invanare, Kontohistorik, Kontosparr
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory

STEG = "konto/avregistrera/"


def _vuxen():
    return InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5))


def test_lock_takes_three_steps_and_tells_she_cannot_unlock_it_herself():
    person = _vuxen()
    klient = AppKlient.logga_in(person)
    steg1 = klient.post(STEG, {"sparra": True}).json()
    assert steg1["steg"] == 1 and "spärra" in steg1["text"] and not Kontosparr.objects.exists()
    steg2 = klient.post(STEG, {"bekraftelse": steg1["bekraftelse"], "forstar": True}).json()
    assert steg2["steg"] == 2 and "inte låsa upp kontot själv" in steg2["text"]
    assert not Kontosparr.objects.exists()
    klart = klient.post(STEG, {"bekraftelse": steg2["bekraftelse"], "bekraftar": True}).json()
    assert klart["klart"] and klart["sparrat"]
    sparr = Kontosparr.objects.get()
    assert (sparr.invanare, sparr.orsak, sparr.sparrad_av_invanaren) == (person, "egen_begaran", True)
    person.refresh_from_db()
    assert person.konto == Invanare.Konto.AVREGISTRERAT
    assert Kontohistorik.objects.get().av_invanaren
    # Her session has ended, and she can't log in again.
    assert klient.get("jag/").status_code == 401
    svar = AppKlient().post("inloggning/", {"metod": "test", "personnummer": person.id_nummer})
    assert svar.status_code == 403 and svar.json()["fel"]["kod"] == "aktor_sparrad"


def test_deregister_without_lock():
    person = _vuxen()
    klient = AppKlient.logga_in(person)
    t1 = klient.post(STEG, {"sparra": False}).json()["bekraftelse"]
    t2 = klient.post(STEG, {"bekraftelse": t1, "forstar": True}).json()["bekraftelse"]
    assert klient.post(STEG, {"bekraftelse": t2, "bekraftar": True}).json()["sparrat"] is False
    person.refresh_from_db()
    assert person.konto == "avregistrerat" and not Kontosparr.objects.exists()
    assert AppKlient.logga_in(person).get("jag/").status_code == 200  # logging in registers it again


def test_steps_cannot_be_skipped_forged_or_moved_to_another_session():
    person = _vuxen()
    klient, annan_session = AppKlient.logga_in(person), AppKlient.logga_in(person)
    t1 = klient.post(STEG, {"sparra": True}).json()["bekraftelse"]
    svar = klient.post(STEG, {"bekraftelse": t1, "bekraftar": True})  # step 2 skipped
    assert svar.status_code == 400 and "läst" in svar.json()["fel"]["meddelande"]
    assert klient.post(STEG, {"bekraftelse": t1 + "x", "forstar": True}).json()["fel"]["kod"] == "bekraftelse_ogiltig"
    assert annan_session.post(STEG, {"bekraftelse": t1, "forstar": True}).json()["fel"]["kod"] == "bekraftelse_ogiltig"
    assert klient.post(STEG, {"sparra": "ja"}).status_code == 400
    assert not Kontosparr.objects.exists()
    person.refresh_from_db()
    assert person.konto == "skapat"  # as her login left it (registered when she accepts the terms): not deregistered


def test_a_proxy_cannot_lock_the_childs_account():
    idag = timezone.localdate()
    barn = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 6))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    klient = AppKlient.logga_in(mamma)
    klient.agera_for(barn)
    svar = klient.post(STEG, {"sparra": True})
    assert svar.status_code == 403 and svar.json()["fel"]["kod"] == "endast_sjalv"
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.OVERSIKT).tillaten


def test_locked_child_and_its_guardians_lose_access_at_the_next_request():
    idag = timezone.localdate()
    barn = InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 6))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    klient = AppKlient.logga_in(mamma)
    klient.agera_for(barn)
    assert klient.get("jag/").json()["agerar_for"]["id"] == barn.pk
    Kontosparr.objects.create(invanare=barn, orsak="lvu")
    assert klient.get("jag/").json()["kan_agera_for"] == []
    assert klient.post("agera-for/", {"id": barn.pk}).json()["fel"]["kod"] == "huvudman_sparrad"
