"""Consent = account + accepted terms of use (seed 001, "Samtycke": "När invånaren har skapat ett konto och
godkänt användarvillkoren så har de samtidigt gett samtycke att använda tjänsten")."""
import datetime

import pytest
from django.utils import timezone

from edokument.services import routning_for
from invanare.models import Anvandarvillkor, VillkorGodkannande
from invanare.samtycke import har_samtycke, krav_version, villkor_publicera
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import InvanareFactory, VardenhetFactory


def _vuxen(**kw):
    return InvanareFactory(fodelsedatum=datetime.date(1980, 5, 5), **kw)


def _till_appen(inv) -> bool:
    return routning_for(invanare=inv, vardenhet_id=VardenhetFactory().pk, typ="ekallelse", brevmall=None).har_app


@pytest.fixture
def v1():
    return villkor_publicera(text="Villkor 1: du godkänner e-dokument och notiser.",
                             publicerad=timezone.now() - datetime.timedelta(days=30))


def test_first_login_creates_the_account_and_only_accepting_the_terms_registers_it(v1):
    inv = _vuxen()
    klient = AppKlient.logga_in(inv)
    inv.refresh_from_db()
    assert inv.konto == "skapat" and not _till_appen(inv)
    svar = klient.get("villkor/").json()
    assert (svar["version"], svar["maste_godkanna"], svar["registrerat"]) == (1, True, False) and "Villkor 1" in svar["text"]
    svar = klient.post("villkor/godkann/", {"version": 1})
    assert svar.status_code == 200 and svar.json()["registrerat"]
    inv.refresh_from_db()
    assert (inv.konto, inv.villkor_version) == ("registrerat", 1) and inv.villkor_godkanda is not None
    assert VillkorGodkannande.objects.get(invanare=inv).villkor == v1
    assert _till_appen(inv) and klient.get("villkor/").json()["maste_godkanna"] is False


def test_the_login_reply_says_the_terms_must_be_accepted(v1):
    svar = AppKlient().post("inloggning/", {"metod": "test", "personnummer": _vuxen().id_nummer})
    assert svar.json()["villkor"] == {"version": 1, "maste_godkanna": True, "registrerat": False}


def test_new_terms_stop_documents_until_accepted_again(v1):
    inv = _vuxen()
    klient = AppKlient.logga_in(inv)
    klient.post("villkor/godkann/", {"version": 1})
    inv.refresh_from_db()
    assert _till_appen(inv)
    villkor_publicera(text="Villkor 2.")
    inv.refresh_from_db()
    assert krav_version() == 2 and not har_samtycke(inv, krav=2) and not _till_appen(inv)
    svar = klient.post("villkor/godkann/", {"version": 1})  # the old text she read is not enough
    assert svar.status_code == 409 and "ändrats" in svar.json()["fel"]["meddelande"]
    assert klient.post("villkor/godkann/", {"version": 2}).status_code == 200
    inv.refresh_from_db()
    assert _till_appen(inv) and inv.villkor_godkannanden.count() == 2


def test_terms_published_for_a_later_date_do_not_apply_yet(v1):
    villkor_publicera(text="Villkor 2.", publicerad=timezone.now() + datetime.timedelta(days=7))
    assert krav_version() == 1
    assert krav_version(timezone.now() + datetime.timedelta(days=8)) == 2


def test_accounts_registered_before_terms_keep_documents_until_the_next_login(v1):
    gammal = _vuxen(konto="registrerat")  # villkor_version NULL: registered before the terms were versioned
    assert _till_appen(gammal)
    klient = AppKlient.logga_in(gammal)
    gammal.refresh_from_db()
    assert gammal.konto == "skapat" and not _till_appen(gammal)
    assert klient.get("villkor/").json()["maste_godkanna"] is True
    klient.post("villkor/godkann/", {"version": 1})
    gammal.refresh_from_db()
    assert _till_appen(gammal)


def test_a_proxy_accepts_for_herself_not_for_the_one_she_acts_for(v1):
    from tests.fixtures.staff import VardnadshavarskapFactory

    idag = timezone.localdate()
    barn = InvanareFactory(fodelsedatum=datetime.date(idag.year - 5, 1, 15))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    klient = AppKlient.logga_in(mamma)
    klient.agera_for(barn)
    assert klient.post("villkor/godkann/", {"version": 1}).status_code == 200
    mamma.refresh_from_db()
    barn.refresh_from_db()
    assert mamma.villkor_version == 1 and barn.villkor_version is None


def test_bad_input_is_a_swedish_400_and_changes_nothing(v1):
    inv = _vuxen()
    klient = AppKlient.logga_in(inv)
    for data in ({}, {"version": "1"}, {"version": True}):
        svar = klient.post("villkor/godkann/", data)
        assert svar.status_code == 400 and "version" in svar.json()["fel"]["meddelande"]
    assert not VillkorGodkannande.objects.exists()


def test_without_published_terms_nothing_can_be_accepted(db):
    klient = AppKlient.logga_in(_vuxen())
    assert klient.get("villkor/").status_code == 404
    assert klient.post("villkor/godkann/", {"version": 1}).json()["fel"]["kod"] == "villkor_saknas"
    assert not Anvandarvillkor.objects.exists()


def test_the_staff_profile_shows_which_terms_she_accepted_when_logged_like_the_page(uppdrag, staff_client):
    """Issue 15: the staff Invånarprofil shows the consent history (version and time of every acceptance) and
    whether the terms in force are accepted; the page's one access-log row covers it."""
    from zoneinfo import ZoneInfo

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from invanare.samtycke import villkor_godkann
    from tests.fixtures.staff import VardrelationFactory
    from vardportalen.models import Atkomstlogg

    sthlm = ZoneInfo("Europe/Stockholm")
    villkor_publicera(text="Villkor 1", publicerad=datetime.datetime(2026, 1, 1, tzinfo=sthlm))
    inv = _vuxen(konto="skapat")
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    villkor_godkann(invanare=inv, version=1, nu=datetime.datetime(2026, 3, 2, 9, 15, tzinfo=sthlm))

    def sida():
        with CaptureQueriesContext(connection) as ctx:
            svar = staff_client.get(f"/invanare/{inv.pk}/")
        assert svar.status_code == 200
        return svar.content.decode(), len(ctx.captured_queries)

    html, fa = sida()
    assert "Version 1, godkänd mån 2 mar 2026 09:15" in html
    assert "Ja: konto och godkända användarvillkor." in html
    villkor_publicera(text="Villkor 2", publicerad=datetime.datetime(2026, 3, 9, 14, 0, tzinfo=sthlm))
    html, _n = sida()
    assert "har inte godkänt gällande användarvillkor (version 2)" in html
    villkor_godkann(invanare=inv, version=2, nu=datetime.datetime(2026, 3, 9, 14, 5, tzinfo=sthlm))
    html, manga = sida()
    assert html.index("Version 2, godkänd mån 9 mar 2026 14:05") < html.index("Version 1, godkänd mån 2 mar 2026 09:15")
    assert "Ja: konto och godkända användarvillkor." in html
    assert manga == fa
    rader = Atkomstlogg.objects.filter(invanare_identitet=inv.id_nummer)
    assert rader.count() == 3 and set(rader.values_list("vad", "handelse")) == {("invånarprofil", "lasning")}
