"""The citizen app's login, whom she may act for, switching person; far_agera on every request."""
import datetime

import pytest
from django.utils import timezone

from invanare.behorighet import Syfte, arsdag, far_agera, senaste_fodelsedag
from invanare.models import Kontosparr, OmbudBlockering
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory


def _barn(alder_ar: int, **kwargs):
    idag = timezone.localdate()
    return InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, alder_ar) - datetime.timedelta(days=1), **kwargs)


def test_login_with_test_backend_returns_a_token_and_creates_the_account():
    """The account is created at the first login and registered only when she accepts the terms
    (tests/invanare/test_villkor.py)."""
    invanare = InvanareFactory()
    klient = AppKlient.logga_in(invanare)
    svar = klient.get("jag/")
    assert svar.status_code == 200
    assert svar.json()["inloggad"]["id"] == invanare.pk
    invanare.refresh_from_db()
    assert invanare.konto == "skapat"


def test_login_refuses_unknown_method_and_bad_number():
    klient = AppKlient()
    assert klient.post("inloggning/", {"metod": "bankid", "personnummer": "191212121212"}).status_code == 401
    svar = klient.post("inloggning/", {"metod": "test", "personnummer": "12"})
    assert svar.status_code == 401 and "siffror" in svar.json()["fel"]["meddelande"]


def test_locked_citizen_cannot_log_in():
    invanare = InvanareFactory()
    Kontosparr.objects.create(invanare=invanare, orsak="egen_begaran")
    svar = AppKlient().post("inloggning/", {"metod": "test", "personnummer": invanare.id_nummer})
    assert svar.status_code == 403 and svar.json()["fel"]["kod"] == "aktor_sparrad"


def test_guardian_lists_and_switches_to_child_and_block_takes_effect_on_next_request():
    barn = _barn(5)
    mamma, pappa = InvanareFactory(), InvanareFactory()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=pappa)
    klient = AppKlient.logga_in(mamma)
    assert [p["id"] for p in klient.get("jag/").json()["kan_agera_for"]] == [barn.pk]
    klient.agera_for(barn)
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=mamma, blankett="BLA-46557", anledning="Fara", beslutsdatum=timezone.localdate(),
        beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
    )
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.DOKUMENT).kod == "blockerad"
    assert far_agera(aktor=pappa, for_invanare=barn, syfte=Syfte.DOKUMENT).tillaten
    assert klient.get("jag/").json()["kan_agera_for"] == []
    assert klient.post("agera-for/", {"id": barn.pk}).status_code == 403


def test_guardian_is_not_automatic_proxy_from_the_13th_birthday():
    barn = _barn(13)
    mamma = InvanareFactory()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    assert far_agera(aktor=mamma, for_invanare=barn, syfte=Syfte.OVERSIKT).kod == "ingen_relation"


@pytest.mark.parametrize("fodd,dag,ar", [(datetime.date(2012, 2, 29), datetime.date(2025, 3, 1), 13)])
def test_leap_day_birthday_is_first_of_march(fodd, dag, ar):
    assert arsdag(fodd, ar) == dag


def test_logout_ends_the_session():
    klient = AppKlient.logga_in(InvanareFactory())
    assert klient.post("utloggning/").status_code == 200
    assert klient.get("jag/").status_code == 401
