"""SITHS card login in real Chromium: the login page's script, the real card agent, a real SoftHSM2 card.

Run with: pytest tests/siths/test_login_browser.py (marked ``browser``).
"""
import re

import pytest
from django.urls import reverse

from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    VardrelationFactory,
)
from vardportalen.models import Atkomstlogg, Inloggningshandelse, Roll

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("siths_settings")]


@pytest.fixture(scope="module", autouse=True)
def other_card(issue_card):
    """Someone else's card in another reader, as in the demo: the page must let the user choose."""
    return issue_card(name="Annan Kortinnehavare")


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def _open_login(page, live_server, card):
    from playwright.sync_api import expect

    page.goto(f"{live_server.url}{reverse('siths:login')}")
    expect(page.get_by_role("heading", name="Logga in med SITHS-kort")).to_be_visible()
    # Several cards are in the "readers" (see other_card), so the page offers a choice.
    expect(page.locator("#kortval")).to_be_visible()
    page.get_by_label("Välj kort").select_option(card.id)
    expect(page.get_by_label("Välj kort")).to_have_value(card.id)


def test_card_login_and_choosing_between_two_commissions(page, live_server, live_card_agent, issue_card, transactional_db):
    from playwright.sync_api import expect

    card = issue_card(name="Birgitta Browser")
    medarbetare = MedarbetareFactory(hsa_id=card.hsa_id, fornamn="Birgitta", efternamn="Browser")
    solna = VardenhetFactory(namn="Solna vårdcentral")
    MedarbetaruppdragFactory(medarbetare=medarbetare, vardenhet=solna, roll=Roll.SJUKSKOTERSKA)
    MedarbetaruppdragFactory(medarbetare=medarbetare, vardenhet=VardenhetFactory(namn="Kista barnmorskemottagning"),
                             roll=Roll.BARNMORSKA)

    _open_login(page, live_server, card)
    expect(page.locator("#kort option", has_text="Birgitta Browser")).to_have_count(1)
    page.get_by_label("PIN-kod för legitimering").fill(card.pin)
    page.get_by_role("button", name="Logga in").click()

    expect(page).to_have_url(re.compile(r"/inloggning/valj-uppdrag/"))
    expect(page.get_by_role("heading", name="Välj uppdrag")).to_be_visible()
    page.get_by_role("button", name=re.compile("Solna vårdcentral")).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Bevakning")).to_be_visible()
    header = page.locator("header")
    expect(header).to_contain_text("Birgitta Browser")
    expect(header).to_contain_text("Solna vårdcentral")
    assert Inloggningshandelse.objects.filter(utfall="lyckad", hsa_id=card.hsa_id, metod="kortagent").count() == 1


def test_card_login_then_search_a_citizen_and_see_the_overview(
    page, live_server, live_card_agent, issue_card, transactional_db
):
    """The whole first day: card login, choose a commission, search by identity number, read the overview."""
    from playwright.sync_api import expect

    card = issue_card(name="Sofia Sokare")
    medarbetare = MedarbetareFactory(hsa_id=card.hsa_id, fornamn="Sofia", efternamn="Sokare")
    bmm = VardenhetFactory(namn="Barnmorskemottagning Gubbängen")
    MedarbetaruppdragFactory(medarbetare=medarbetare, vardenhet=bmm, roll=Roll.BARNMORSKA)
    MedarbetaruppdragFactory(medarbetare=medarbetare, vardenhet=VardenhetFactory(namn="Vårdcentral Kista"),
                             roll=Roll.SJUKSKOTERSKA)
    sara = InvanareFactory(fornamn="Sara", efternamn="Lindqvist", gatuadress="Gubbängsvägen 12")
    VardrelationFactory(invanare=sara, vardenhet=bmm)

    _open_login(page, live_server, card)
    page.get_by_label("PIN-kod för legitimering").fill(card.pin)
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("button", name=re.compile("Barnmorskemottagning Gubbängen")).click()
    expect(page.get_by_role("heading", name="Bevakning")).to_be_visible()

    page.get_by_role("link", name="Invånare").first.click()
    expect(page.get_by_role("heading", name="Sök invånare")).to_be_visible()
    ten_digits = f"{sara.id_nummer[2:8]}-{sara.id_nummer[8:]}"  # staff often type the short form
    page.get_by_role("searchbox").or_(page.locator("input[name=identitetsnummer]")).first.fill(ten_digits)
    page.get_by_role("button", name="Sök").click()
    page.get_by_role("link", name="Sara Lindqvist").click()

    expect(page.get_by_role("heading", level=1, name="Sara Lindqvist")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Gubbängsvägen 12")
    expect(page.locator("main")).to_contain_text(sara.identitet_formaterad)
    reads = Atkomstlogg.objects.filter(
        medarbetare_hsa_id=card.hsa_id, invanare_identitet=sara.id_nummer, handelse="lasning", utfall="tillaten"
    )
    assert reads.filter(vardenhet_namn="Barnmorskemottagning Gubbängen").exists()


def test_wrong_pin_shows_the_message_and_allows_a_retry(page, live_server, live_card_agent, issue_card, transactional_db):
    from playwright.sync_api import expect

    card = issue_card(name="Petter Pinfel")
    medarbetare = MedarbetareFactory(hsa_id=card.hsa_id, fornamn="Petter", efternamn="Pinfel")
    MedarbetaruppdragFactory(medarbetare=medarbetare)

    _open_login(page, live_server, card)
    pin = page.get_by_label("PIN-kod för legitimering")
    pin.fill("000000")
    page.get_by_role("button", name="Logga in").click()
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Fel PIN-kod. Försök igen – efter tre felaktiga försök spärras kortet.")
    expect(pin).to_be_focused()
    expect(pin).to_have_value("")

    pin.fill(card.pin)  # the page got a fresh challenge with the error
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Bevakning")).to_be_visible()
    assert list(Inloggningshandelse.objects.order_by("tidpunkt").values_list("orsak", "utfall")) == [
        ("fel_pin", "misslyckad"), ("", "lyckad"),
    ]


def test_page_says_when_the_agent_is_not_running(page, live_server, settings, transactional_db):
    from playwright.sync_api import expect

    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        settings.CARD_AGENT_URL = f"http://127.0.0.1:{s.getsockname()[1]}"
    page.goto(f"{live_server.url}{reverse('siths:login')}")
    expect(page.locator("#kortagent-status")).to_contain_text("Kortagenten svarar inte")
    page.get_by_label("PIN-kod för legitimering").fill("123456")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Ingen kortläsare eller kortagent svarar. Kontrollera att kortet sitter i läsaren och att kortagenten är startad."
    )
    assert Inloggningshandelse.objects.get().orsak == "ingen_kortagent"


def test_short_pin_is_caught_in_the_browser(page, live_server, live_card_agent, issue_card, transactional_db):
    from playwright.sync_api import expect

    card = issue_card(name="Kort Pinne")
    _open_login(page, live_server, card)
    page.get_by_label("PIN-kod för legitimering").fill("123")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("alert")).to_have_text("PIN-koden ska vara minst sex siffror.")
    expect(page.get_by_label("PIN-kod för legitimering")).to_have_attribute("aria-invalid", "true")
    assert not Inloggningshandelse.objects.exists()
