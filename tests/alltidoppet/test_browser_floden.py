"""The citizen web's flows in Chromium at a phone viewport (390×844): a vaccination booked with the health
declaration and cancelled (logged in through the real OpenID Provider), a reply to a message, birth clinics
ranked, a guardian who switches to her child and books for her (with JavaScript switched off: every form is a
plain form), and axe-core (WCAG 2.0/2.1/2.2 A and AA) with zero violations on every new page on the way."""
import datetime

import pytest
from django.utils import timezone

from bokning.models import Bokning, Halsodeklaration
from forlossning.models import Onskemal
from meddelanden import services as meddelanden_services
from meddelanden.models import Meddelande
from tests.alltidoppet.test_browser import TELEFON, _logga_in_via_op
from tests.fixtures.a11y import axe_brott
from tests.fixtures.bokning import om, skapa_tid, transaktionell_markering, vaccinationstyp
from tests.fixtures.forlossning import gravid
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory

pytestmark = [pytest.mark.browser, transaktionell_markering()]


def _telefon(browser, **kw):
    context = browser.new_context(locale="sv-SE", viewport=TELEFON, is_mobile=True, has_touch=True, **kw)
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.fixture
def telefon(browser):
    context, page = _telefon(browser)
    yield page
    context.close()


@pytest.fixture
def telefon_utan_js(browser):
    context, page = _telefon(browser, java_script_enabled=False)
    yield page
    context.close()


def _demo(page, live_server, inv):
    page.goto(live_server.url + "/alltidoppet/inloggning/")
    page.get_by_label("Personnummer (12 siffror)").fill(inv.id_nummer)
    page.get_by_role("button", name="Logga in som demoinvånare").click()


def _svara_deklarationen(page, gravid_svar="Nej"):
    for fraga in ("Har du feber i dag?", "Har du tidigare fått en allvarlig allergisk reaktion?",
                  "Tar du blodförtunnande läkemedel?"):
        page.get_by_role("group", name=fraga).get_by_label("Nej").check()
    page.get_by_role("group", name="Är du gravid?").get_by_label(gravid_svar).check()


def _utan_brott(page, sida=""):
    assert axe_brott(page) == [], sida or page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= TELEFON["width"], page.url


@pytest.fixture
def vaccinationstid(regional_tidbok):
    kista = regional_tidbok.deltagande_enheter.get(ort="Kista")
    return skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2))


def test_book_and_cancel_a_vaccination_with_the_health_declaration(telefon, live_server, oidc_op, settings,
                                                                   vaccinationstid):
    oidc_op.klient([live_server.url + "/alltidoppet/inloggning/retur/"])
    oidc_op.installningar(settings)
    inv = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5), med_konto=True)
    oidc_op.anvandare(inv.id_nummer, "loa3")
    _logga_in_via_op(telefon, live_server, inv)
    telefon.get_by_role("heading", name=f"Hej {inv.fornamn}").wait_for()
    telefon.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Bokningar").click()
    _utan_brott(telefon)
    telefon.get_by_role("link", name="Boka en ny tid").click()
    telefon.get_by_label("Vad vill du boka?").select_option(label="Vaccination covid-19")
    telefon.get_by_label("Ort (frivilligt)").fill("Kista")
    telefon.get_by_role("button", name="Sök lediga tider").click()
    telefon.get_by_role("heading", name="Lediga tider").wait_for()
    _utan_brott(telefon)
    telefon.get_by_role("link", name="Välj").first.click()
    telefon.get_by_role("heading", name="Boka Vaccination covid-19").wait_for()
    _utan_brott(telefon)
    # without answers: Swedish reasons on the page, nothing booked
    telefon.get_by_role("button", name="Boka tiden").click()
    telefon.get_by_text("Svara på alla frågor i hälsodeklarationen.").wait_for()
    _utan_brott(telefon, "bokning med fel")
    assert not Bokning.objects.exists()
    _svara_deklarationen(telefon, gravid_svar="Ja")
    telefon.get_by_role("button", name="Boka tiden").click()
    telefon.get_by_text("Tiden är bokad.").wait_for()
    bokning = Bokning.objects.get()
    assert bokning.invanare_id == inv.pk and Halsodeklaration.objects.get(bokning=bokning).gravid
    _utan_brott(telefon, "bokningar")
    telefon.get_by_role("link", name="ändra hälsodeklarationen", exact=False).click()
    telefon.get_by_role("heading", name="Hälsodeklaration").wait_for()
    _utan_brott(telefon)
    telefon.go_back()
    telefon.get_by_role("link", name="Avboka", exact=False).click()
    telefon.get_by_role("heading", name="Avboka Vaccination covid-19?").wait_for()
    _utan_brott(telefon)
    telefon.get_by_role("button", name="Ja, avboka tiden").click()
    telefon.get_by_text("Tiden är avbokad.").wait_for()
    bokning.refresh_from_db()
    assert bokning.status == "avbokad"


def test_reply_to_a_message_and_start_one(telefon, live_server, uppdrag, aktor):
    inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat",
                              invanare__fornamn="Sara").invanare
    k = meddelanden_services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Hej Sara, ring oss.")
    _demo(telefon, live_server, inv)
    telefon.get_by_role("link", name="Provsvar").click()  # on the start page: unread messages
    telefon.get_by_text("Hej Sara, ring oss.").wait_for()
    _utan_brott(telefon, "konversation")
    telefon.get_by_label("Ditt svar").fill("Tack, jag ringer i morgon.")
    telefon.get_by_role("button", name="Skicka").click()
    telefon.get_by_text("Ditt meddelande är skickat.").wait_for()
    assert Meddelande.objects.filter(konversation=k, text="Tack, jag ringer i morgon.").exists()
    telefon.goto(live_server.url + "/alltidoppet/meddelanden/nytt/")
    _utan_brott(telefon, "nytt meddelande")
    telefon.goto(live_server.url + f"/alltidoppet/meddelanden/nytt/?enhet={uppdrag.vardenhet_id}")
    _utan_brott(telefon, "nytt meddelande till en enhet")


def test_rank_birth_clinics(telefon, live_server, kliniker):
    inv = InvanareFactory(kon="K", fodelsedatum=datetime.date(1992, 3, 3), lat=59.2625, lon=18.0816, med_konto=True)
    g = gravid(bf=timezone.localdate() + datetime.timedelta(days=200), invanare=inv)
    _demo(telefon, live_server, inv)
    telefon.get_by_role("link", name="Förlossningsklinik", exact=True).click()
    telefon.get_by_role("heading", name="Förlossningsklinik", exact=True).wait_for()
    _utan_brott(telefon)
    telefon.get_by_label("Val 1", exact=True).select_option(value=str(kliniker["F_SOS"].pk))
    telefon.get_by_label("Val 2 (frivilligt)").select_option(value=str(kliniker["F_KH"].pk))
    telefon.get_by_role("button", name="Spara önskemål").click()
    telefon.get_by_text("Dina önskemål är sparade.").wait_for()
    _utan_brott(telefon, "sparade önskemål")
    assert list(Onskemal.objects.filter(graviditet=g).order_by("rang").values_list("klinik_id", flat=True)) == [
        kliniker["F_SOS"].pk, kliniker["F_KH"].pk]


def test_the_other_new_pages_have_no_violations(telefon, live_server):
    inv = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5), med_konto=True)
    _demo(telefon, live_server, inv)
    for sida in ("erbjudanden/", "video/", "installningar/", "bokningar/sok/",
                 "bokningar/sok/?tidstyp=x&datum=i+morgon", "forlossning/", "installningar/avregistrera/"):
        telefon.goto(live_server.url + "/alltidoppet/" + sida)
        _utan_brott(telefon, sida)
    telefon.get_by_label("Avregistrera och spärra kontot").check()
    telefon.get_by_role("button", name="Fortsätt").click()
    telefon.get_by_text("Steg 1 av 3").wait_for()
    _utan_brott(telefon, "avregistrera steg 1")
    telefon.get_by_label("Jag har läst vad som händer").check()
    telefon.get_by_role("button", name="Fortsätt").click()
    telefon.get_by_text("Du kan inte låsa upp kontot själv.").wait_for()
    _utan_brott(telefon, "avregistrera steg 2")


def test_a_guardian_switches_to_her_child_and_books_for_her_without_javascript(telefon_utan_js, live_server,
                                                                                 vaccinationstid):
    sida = telefon_utan_js
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=8 * 365))
    mamma = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5), med_konto=True)
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    _demo(sida, live_server, mamma)
    sida.get_by_role("link", name="Byt person").click()
    sida.get_by_role("button", name=barn.namn).click()
    assert barn.namn in sida.get_by_test_id("person").inner_text()
    sida.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Bokningar").click()
    sida.get_by_role("link", name="Boka en ny tid").click()
    sida.get_by_label("Vad vill du boka?").select_option(label="Vaccination covid-19")
    sida.get_by_role("button", name="Sök lediga tider").click()
    sida.get_by_role("link", name="Välj").first.click()
    assert barn.namn in sida.content()
    _svara_deklarationen(sida)
    sida.get_by_role("button", name="Boka tiden").click()
    sida.get_by_text("Tiden är bokad.").wait_for()
    bokning = Bokning.objects.get()
    assert (bokning.invanare_id, bokning.bokad_av, bokning.bokad_av_invanare_id) == (barn.pk, "ombud", mamma.pk)
    assert "Vaccination covid-19" in sida.content() and barn.namn in sida.get_by_test_id("person").inner_text()
