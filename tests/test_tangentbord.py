"""Keyboard-only journeys through the main jobs, in real Chromium: find a citizen, send a letter (e-brev), book a
time, answer a message, print the print list.

Only the keys a keyboard user has: Tab and Shift+Tab to move, Enter and Space to act, arrow keys in lists, and
typing into the focused field; never a click, never ``locator.fill``/``focus``. At every step the focused element
must show a focus indicator (a computed outline or box-shadow, tests/fixtures/a11y.py ``fokus``); a step that
loses focus to the page body fails too. Every page a journey passes through is also checked with axe-core and
Chromium's accessibility tree.
"""
from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from bokning.models import Bokning
from edokument.models import Dokument, Dokumenttyp, Utskriftslistepost, Utskriftsomgang
from meddelanden.models import Konversation, Meddelande
from tests.fixtures.a11y import a11y_brott, fokus
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.edokument import BrevmallFactory
from tests.fixtures.staff import (InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory,
                                  logged_in_client)
from vardportalen.models import Roll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MAX_TABBAR = 80


class Tangentbord:
    """A staff member at 1366×768 who uses only the keyboard; every step checks the focus is visible."""

    def __init__(self, page):
        self.page = page
        self.steg: list[str] = []

    def _kolla_fokus(self, tangent: str) -> dict:
        f = fokus(self.page)
        assert f is not None, f"efter {tangent} har ingenting fokus ({self.steg[-5:]})"
        beskrivning = f"{f['tagg']} {f['text']!r}"
        self.steg.append(f"{tangent} → {beskrivning}")
        assert f["storlek"], f"fokus på ett osynligt element: {beskrivning}"
        assert f["synlig"], f"fokus utan synlig markering: {beskrivning} ({f['stil']}, {self.page.url})"
        return f

    def tryck(self, tangent: str) -> dict:
        self.page.keyboard.press(tangent)
        return self._kolla_fokus(tangent)

    def folj(self, tangent: str = "Enter") -> None:
        """Activate the focused link or button with a key; the browser goes to the next page."""
        self.steg.append(f"{tangent} (ny sida)")
        with self.page.expect_navigation(wait_until="load"):
            self.page.keyboard.press(tangent)

    def tabba_till(self, locator, *, bakat: bool = False) -> None:
        """Tab (or Shift+Tab) until ``locator`` has focus."""
        tangent = "Shift+Tab" if bakat else "Tab"
        for _ in range(MAX_TABBAR):
            if locator.evaluate("el => el === document.activeElement"):
                self._kolla_fokus("(redan där)")
                return
            self.tryck(tangent)
        raise AssertionError(f"nådde inte {locator} med {tangent} på {MAX_TABBAR} steg: {self.steg[-10:]}")

    def valj(self, select, varde: str) -> None:
        """Tab to a <select> and step with the arrow keys until ``varde`` is chosen."""
        self.tabba_till(select)
        for _ in range(MAX_TABBAR):
            if select.input_value() == varde:
                return
            self.tryck("ArrowDown")
        raise AssertionError(f"{varde!r} gick inte att välja med pilarna i {select}")

    def skriv(self, text: str) -> None:
        self.page.keyboard.type(text)
        self._kolla_fokus("skriver")

    def ny_sida(self, rubrik: str) -> None:
        """After Enter: the next page has loaded; it must pass the checks as well."""
        from playwright.sync_api import expect

        expect(self.page.get_by_role("heading", level=1)).to_contain_text(rubrik)
        self.page.wait_for_load_state("load")
        assert a11y_brott(self.page) == [], self.page.url


@pytest.fixture
def enhet(db):
    return VardenhetFactory(namn="Vårdcentral Tangentbord", gatuadress="Tangentvägen 1", postnummer="12245",
                            ort="Stockholm", skickar_ekallelser=True)


@pytest.fixture
def sjukskoterska(enhet):
    return MedarbetaruppdragFactory(vardenhet=enhet, roll=Roll.SJUKSKOTERSKA, medarbetare__fornamn="Tove",
                                    medarbetare__efternamn="Tangent")


@pytest.fixture
def ester(enhet):
    inv = InvanareFactory(fornamn="Ester", efternamn="Tabbsson", konto="registrerat", digital_brevlada="",
                          gatuadress="Pilgatan 3", postnummer="12245", ort="Stockholm",
                          fodelsedatum=datetime.date(1961, 6, 16))
    VardrelationFactory(invanare=inv, vardenhet=enhet)
    return inv


@pytest.fixture
def tangentbord(browser, live_server):
    contexts = []

    def oppna(uppdrag, path: str) -> Tangentbord:
        client = logged_in_client(uppdrag)
        context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 768})
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(live_server.url + path)
        # Headless Chromium emulates focus for background pages, and that emulation leaves a date or time
        # field's host without :focus while its inner segment has it: the page under test is the front page.
        page.bring_to_front()
        return Tangentbord(page)

    yield oppna
    for context in contexts:
        context.close()


def test_find_a_citizen(tangentbord, sjukskoterska, ester):
    """From the start page: the menu's "Invånare", the identity number, Enter, the hit, her overview."""
    t = tangentbord(sjukskoterska, "/")
    t.tabba_till(t.page.get_by_role("navigation").get_by_role("link", name="Invånare", exact=True))
    t.folj("Enter")
    t.ny_sida("Sök invånare")
    t.tabba_till(t.page.locator("form[role=search] input[type=text]"))
    t.skriv(ester.id_nummer)
    t.tryck("Enter")
    traff = t.page.get_by_role("link", name="Ester Tabbsson").first
    traff.wait_for()
    t.tabba_till(traff)
    t.folj("Enter")
    t.ny_sida("Ester Tabbsson")


def test_send_a_letter(tangentbord, sjukskoterska, ester, enhet):
    """An e-brev from the citizen's overview: type and template with the arrow keys, subject and text, Tab on past
    the visit time's segments (each must show focus), preview, confirm."""
    mall = BrevmallFactory(vardenhet=enhet, namn="Provsvar normala", typ=Dokumenttyp.EBREV)
    t = tangentbord(sjukskoterska, f"/invanare/{ester.pk}/")
    t.tabba_till(t.page.get_by_role("link", name="Skicka e-dokument").first)
    t.folj("Enter")
    t.ny_sida("Skicka e-dokument")
    t.valj(t.page.get_by_label("Dokumenttyp"), Dokumenttyp.EBREV)
    t.valj(t.page.get_by_label("Brevmall"), str(mall.pk))
    t.tabba_till(t.page.get_by_label("Rubrik"))
    t.skriv("Provsvar")
    t.tabba_till(t.page.get_by_label("Text", exact=True))
    t.skriv("Dina prover är normala.")
    besokstid = t.page.get_by_label("Besökstid")
    t.tabba_till(besokstid)
    besokstid_steg = len(t.steg)
    t.tabba_till(t.page.get_by_role("button", name="Förhandsgranska"))
    assert any("besokstid" in steg for steg in t.steg[besokstid_steg:]), "Tab gick förbi besökstiden utan att stanna"
    t.folj("Enter")
    t.page.get_by_role("heading", name="Förhandsgranska").wait_for()
    assert a11y_brott(t.page) == []
    t.tabba_till(t.page.get_by_role("button", name="Bekräfta och skicka"))
    t.folj("Space")
    t.page.get_by_text("Dokumentet är skickat.").wait_for()
    assert Dokument.objects.filter(invanare=ester, rubrik="Provsvar", status=Dokument.Status.SKICKAT).exists()


def test_the_journey_fails_on_a_date_field_without_visible_focus(tangentbord, sjukskoterska, ester):
    """The check itself: with the date-time field's focus styling taken away, tabbing through it fails."""
    t = tangentbord(sjukskoterska, f"/edokument/invanare/{ester.pk}/skicka/")
    t.page.add_style_tag(content="input[type=datetime-local], input[type=datetime-local]:focus, "
                                 "input[type=datetime-local]:focus-within { outline: none !important; "
                                 "box-shadow: none !important; }")
    t.tabba_till(t.page.get_by_label("Text", exact=True))
    with pytest.raises(AssertionError, match="fokus utan synlig markering: input"):
        t.tryck("Tab")


def test_book_a_time(tangentbord, sjukskoterska, ester, enhet):
    tidstyp = TidstypFactory(namn="Blodtryckskontroll", kraver_halsodeklaration=False)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=enhet), tidstyp=tidstyp, start=om(dagar=2))
    t = tangentbord(sjukskoterska, f"/invanare/{ester.pk}/")
    t.tabba_till(t.page.get_by_role("link", name="Boka tid").first)
    t.folj("Enter")
    t.ny_sida("Boka tid")
    t.tabba_till(t.page.get_by_role("button", name="Boka").first)
    t.folj("Enter")
    t.ny_sida("")
    bokning = Bokning.objects.get(invanare=ester)
    assert bokning.tid_id == tid.pk


def test_answer_a_message(tangentbord, sjukskoterska, ester, enhet):
    k = Konversation.objects.create(vardenhet=enhet, invanare=ester, amne="Fråga om recept", startad_av_personal=False,
                                    olasta_inkommande=1, forsta_olasta=timezone.now())  # as the services keep it
    Meddelande.objects.create(konversation=k, forfattare=Meddelande.Forfattare.INVANARE, text="Kan ni förnya mitt recept?")
    t = tangentbord(sjukskoterska, "/meddelanden/")
    t.ny_sida("Meddelanden")
    t.tabba_till(t.page.get_by_role("link", name="Fråga om recept").first)
    t.folj("Enter")
    t.ny_sida("Fråga om recept")
    t.tabba_till(t.page.get_by_role("textbox", name="Meddelande"))
    t.skriv("Receptet är förnyat.")
    t.tabba_till(t.page.get_by_role("button", name="Skicka", exact=True))
    t.folj("Enter")
    t.page.locator("ol.trad").get_by_text("Receptet är förnyat.").wait_for()
    assert k.meddelanden.filter(forfattare=Meddelande.Forfattare.PERSONAL, text="Receptet är förnyat.").exists()


def test_print_the_print_list(tangentbord, sjukskoterska, ester, enhet):
    for i in range(3):
        dok = Dokument.objects.create(invanare=ester, vardenhet=enhet, typ=Dokumenttyp.EBREV, rubrik=f"Brev {i}",
                                      text="Brevtext", skickat=timezone.now(), status=Dokument.Status.SKICKAT)
        Utskriftslistepost.objects.create(dokument=dok, vardenhet=enhet, dokumenttyp=Dokumenttyp.EBREV,
                                          orsak="ingen_kanal")
    t = tangentbord(sjukskoterska, "/")
    t.tabba_till(t.page.get_by_role("navigation").get_by_role("link", name="e-dokument", exact=True))
    t.folj("Enter")
    t.ny_sida("Utskriftslista")
    # choose two of three letters with Space, coming back to the first with Shift+Tab
    t.tabba_till(t.page.get_by_role("checkbox", name="Välj Brev 2"))
    t.tryck("Space")
    t.tabba_till(t.page.get_by_role("checkbox", name="Välj Brev 0"), bakat=True)
    t.tryck("Space")
    t.tabba_till(t.page.get_by_role("button", name="Skriv ut valda"))
    t.folj("Enter")
    t.ny_sida("")
    omgang = Utskriftsomgang.objects.get()
    assert sorted(omgang.poster.values_list("dokument__rubrik", flat=True)) == ["Brev 0", "Brev 2"]
