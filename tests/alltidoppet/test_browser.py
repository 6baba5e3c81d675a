"""Alltid öppet in Chromium at a phone viewport: login through the real OpenID Provider, accept the terms,
open an e-kallelse (read, never on the print list); a blocked guardian is turned away at her next request;
a locked account cannot log in."""
import datetime

import pytest
from django.utils import timezone

from edokument.models import Kanal, Leverans, Utskriftslistepost
from edokument.svep import utskriftslista_svep
from invanare.models import Kontosparr, OmbudBlockering
from invanare.samtycke import villkor_publicera
from tests.fixtures.a11y import axe_brott  # the same axe-core run as the accessibility walk
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory

TELEFON = {"width": 390, "height": 844}


@pytest.fixture
def telefon(browser):
    context = browser.new_context(locale="sv-SE", viewport=TELEFON, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def _vuxen(**kw):
    return InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5), **kw)


def _logga_in_via_op(page, live_server, inv):
    page.goto(live_server.url + "/alltidoppet/inloggning/")
    page.get_by_role("button", name="Logga in med e-legitimation").click()
    page.get_by_label("Personnummer").fill(inv.id_nummer)
    page.get_by_label("Lösenord").fill("hemligt")
    page.get_by_role("button", name="Legitimera").click()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_through_the_provider_terms_and_an_ekallelse(telefon, live_server, oidc_op, settings, skicka_ekallelse,
                                                          staff_page, uppdrag):
    oidc_op.klient([live_server.url + "/alltidoppet/inloggning/retur/"])
    oidc_op.installningar(settings)
    villkor_publicera(text="Villkor för Alltid öppet.", publicerad=timezone.now() - datetime.timedelta(days=1))
    inv = _vuxen()
    oidc_op.anvandare(inv.id_nummer, "loa3")
    _logga_in_via_op(telefon, live_server, inv)
    telefon.get_by_role("heading", name="Användarvillkor").wait_for()
    assert axe_brott(telefon) == []
    telefon.get_by_role("button", name="Jag godkänner villkoren").click()
    telefon.get_by_role("heading", name=f"Hej {inv.fornamn}").wait_for()
    dok = skicka_ekallelse(inv)  # registered now: the e-kallelse goes to Alltid öppet
    telefon.reload()
    assert axe_brott(telefon) == []
    assert inv.namn in telefon.get_by_test_id("person").inner_text()
    telefon.get_by_role("link", name=dok.rubrik).click()
    telefon.get_by_role("heading", name=dok.rubrik).wait_for()
    assert "Mottagningen, plan 2" in telefon.content()
    assert axe_brott(telefon) == []
    for sida in ("dokument/", "meddelanden/", "agera-for/"):
        telefon.goto(live_server.url + "/alltidoppet/" + sida)
        assert axe_brott(telefon) == [], sida
    # no horizontal scrolling on the phone
    assert telefon.evaluate("document.documentElement.scrollWidth") <= TELEFON["width"]
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.APP).last is not None
    utskriftslista_svep(nu=timezone.now() + datetime.timedelta(hours=49))
    assert not Utskriftslistepost.objects.filter(dokument=dok).exists()
    # staff of the sending unit (her care relation) see it read on the document's page
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    personal = staff_page(uppdrag)
    personal.goto(live_server.url + f"/edokument/dokument/{dok.pk}/")
    assert personal.locator("tr.leverans-app").inner_text().split("\t")[2].startswith("Läst")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_blocked_guardian_is_turned_away_at_her_next_request(telefon, live_server, skicka_ekallelse):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=6 * 365))
    mamma = _vuxen(med_konto=True)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    dok = skicka_ekallelse(barn)
    telefon.goto(live_server.url + "/alltidoppet/inloggning/")
    telefon.get_by_label("Personnummer (12 siffror)").fill(mamma.id_nummer)
    telefon.get_by_role("button", name="Logga in som demoinvånare").click()
    telefon.get_by_role("link", name="Byt person").click()
    telefon.get_by_role("button", name=barn.namn).click()
    assert barn.namn in telefon.get_by_test_id("person").inner_text()
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=mamma, blankett="BLA-46557", anledning="Fara", beslutsdatum=timezone.localdate(),
        beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
    )
    telefon.get_by_role("link", name=dok.rubrik).click()
    telefon.get_by_role("status").wait_for()
    assert barn.namn not in telefon.get_by_test_id("person").inner_text()
    assert dok.rubrik not in telefon.content()
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.APP).last is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_locked_account_cannot_log_in(telefon, live_server, oidc_op, settings):
    oidc_op.klient([live_server.url + "/alltidoppet/inloggning/retur/"])
    oidc_op.installningar(settings)
    inv = _vuxen(med_konto=True)
    oidc_op.anvandare(inv.id_nummer, "loa3")
    Kontosparr.objects.create(invanare=inv, orsak="egen_begaran")
    _logga_in_via_op(telefon, live_server, inv)
    telefon.get_by_role("heading", name="Logga in", exact=True).wait_for()
    assert axe_brott(telefon) == []
    assert telefon.get_by_role("status").inner_text().strip()
    assert telefon.get_by_test_id("person").count() == 0


def test_the_axe_check_finds_violations(telefon):
    """The checker itself can fail: an unlabelled field and an image without text are violations."""
    telefon.set_content('<html lang="sv"><title>x</title><main><input><img src="a.png"></main></html>')
    assert {"label", "image-alt"} <= {regel for regel, _ in axe_brott(telefon)}
