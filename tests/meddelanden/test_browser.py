"""Meddelanden in real Chromium: staff write from the overview, the citizen answers through the app API, the
inbox updates without reload, staff answer with a unit template and close; a citizen with a booking starts a
conversation and one without is refused with the reason; a script in citizen text stays inert.

Staff are logged in by session cookie (the card login has its own browser tests in tests/siths/).
"""
import json
import re

import pytest
from django.conf import settings

from meddelanden.models import Konversation, Meddelande
from tests.fixtures.app import AppKlient
from tests.fixtures.meddelanden import SvarsmallFactory
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client

pytestmark = [pytest.mark.browser]


@pytest.fixture
def staff_page(browser, live_server, transactional_db):
    """``staff_page(uppdrag)`` -> a Chromium page logged in under that commission."""
    contexts = []

    def open_for(uppdrag):
        client = logged_in_client(uppdrag)
        context = browser.new_context(locale="sv-SE")
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs
        return page

    yield open_for
    for c in contexts:
        c.close()


def test_staff_write_citizen_replies_inbox_updates_staff_answers_with_template_and_closes(staff_page, live_server):
    from playwright.sync_api import expect

    uppdrag = MedarbetaruppdragFactory(vardenhet__namn="Barnmorskemottagning Gubbängen", medarbetare__fornamn="Britt",
                                       medarbetare__efternamn="Barnmorska")
    sara = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__fornamn="Sara", invanare__efternamn="Lindqvist",
                               invanare__konto="registrerat").invanare
    SvarsmallFactory(vardenhet=uppdrag.vardenhet, titel="Provsvar normala",
                     text="Hej {fornamn}! Dina prover är normala. Hälsningar {medarbetare}, {enhet}")
    page = staff_page(uppdrag)

    # Two clicks from the overview: "Skriv meddelande", then "Skicka".
    page.goto(f"{live_server.url}/invanare/{sara.pk}/")
    page.get_by_role("link", name="Skriv meddelande").click()
    page.get_by_label("Ämne").fill("Vi söker dig")
    page.get_by_role("textbox", name="Meddelande").fill("Hej Sara, vi har försökt ringa dig. Svara gärna här.")
    page.get_by_role("button", name="Skicka").click()
    expect(page.get_by_role("heading", level=1, name="Vi söker dig")).to_be_visible()
    k = Konversation.objects.get()

    # The inbox, left open; the page must not reload when the citizen answers.
    page.goto(f"{live_server.url}/meddelanden/?flik=oppna")
    expect(page.locator("table.inkorg")).to_contain_text("Vi söker dig")
    expect(page.locator("#flik-olasta .antal")).to_have_text("0")
    page.evaluate("window.__sammaSida = true")

    app = AppKlient.logga_in(sara)
    assert app.get(f"meddelanden/{k.pk}/").status_code == 200
    assert app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": "Hej! Jag kan prata efter 15."}).status_code == 201

    expect(page.locator("#flik-olasta .antal")).to_have_text("1", timeout=15_000)
    expect(page.locator("table.inkorg")).to_contain_text("1 oläst")
    assert page.evaluate("window.__sammaSida") is True  # updated in place, not reloaded

    # Answer with the unit's template (placeholders filled in), then close.
    page.get_by_role("link", name="Vi söker dig").click()
    expect(page.locator("ol.trad")).to_contain_text("Jag kan prata efter 15.")
    page.get_by_label("Sök mall").fill("normala")
    page.get_by_role("link", name="Provsvar normala").click()
    expect(page.get_by_role("textbox", name="Meddelande")).to_have_value(
        "Hej Sara! Dina prover är normala. Hälsningar Britt Barnmorska, Barnmorskemottagning Gubbängen")
    page.get_by_role("button", name="Skicka").click()
    expect(page.locator("ol.trad")).to_contain_text("Dina prover är normala")
    page.get_by_role("button", name="Avsluta konversationen").click()
    expect(page.locator(".messages")).to_contain_text("Konversationen är avslutad")

    k.refresh_from_db()
    assert k.stangd is not None
    assert Meddelande.objects.filter(forfattare="personal", text__startswith="Hej Sara! Dina prover").count() == 1
    refused = app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": "En sak till"})
    assert refused.status_code == 409 and "avslutad" in refused.json()["fel"]["meddelande"]


def test_booked_citizen_starts_one_without_booking_is_refused_with_reason(staff_page, live_server, ekallelse_enhet, besok):
    from playwright.sync_api import expect

    uppdrag = MedarbetaruppdragFactory(vardenhet=ekallelse_enhet)
    bokad, obokad = InvanareFactory(fornamn="Bodil", efternamn="Bokad"), InvanareFactory(fornamn="Olle", efternamn="Obokad")
    besok.boka(bokad, ekallelse_enhet, dagar=3)
    page = staff_page(uppdrag)
    page.goto(f"{live_server.url}/meddelanden/")
    expect(page.get_by_text("Inga konversationer här.")).to_be_visible()

    api = page.context.request  # real HTTP against the running server, as the app would call it

    def app_post(token, path, data):
        return api.post(f"{live_server.url}/api/app/v1/{path}", data=json.dumps(data),
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})

    def login(inv):
        r = api.post(f"{live_server.url}/api/app/v1/inloggning/", data=json.dumps({"metod": "test", "personnummer": inv.id_nummer}),
                     headers={"Content-Type": "application/json"})
        return r.json()["token"]

    nej = app_post(login(obokad), "meddelanden/", {"enhet_id": ekallelse_enhet.pk, "amne": "Fråga", "text": "Hej"})
    assert nej.status == 403
    assert "Du har ingen aktiv bokning på mottagningen." in nej.json()["fel"]["detaljer"]
    ja = app_post(login(bokad), "meddelanden/", {"enhet_id": ekallelse_enhet.pk, "amne": "Inför besöket",
                                                  "text": "Ska jag ta med mina mediciner?"})
    assert ja.status == 201

    # The unit sees her at once, without reloading its inbox.
    expect(page.locator("table.inkorg")).to_contain_text("Bodil Bokad", timeout=15_000)
    expect(page.locator("table.inkorg")).to_contain_text("Inför besöket")
    expect(page.locator("table.inkorg")).not_to_contain_text("Obokad")
    page.get_by_role("link", name="Inför besöket").click()
    expect(page.locator("ol.trad")).to_contain_text("Ska jag ta med mina mediciner?")


def test_script_in_citizen_text_is_inert(staff_page, live_server):
    from playwright.sync_api import expect

    uppdrag = MedarbetaruppdragFactory()
    inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
    page = staff_page(uppdrag)
    page.goto(f"{live_server.url}/meddelanden/ny/{inv.pk}/")
    page.get_by_label("Ämne").fill("Fråga")
    page.get_by_role("textbox", name="Meddelande").fill("Hej")
    page.get_by_role("button", name="Skicka").click()
    k = Konversation.objects.get()
    payload = ('<script>document.title="PWNED"</script><img src=x onerror="alert(\'xss\')">'
               '<a href="javascript:alert(2)">klicka</a> https://evil.example/login')
    app = AppKlient.logga_in(inv)
    assert app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": payload}).status_code == 201

    page.goto(f"{live_server.url}/meddelanden/{k.pk}/")
    sista = page.locator("ol.trad li").last.locator(".text")
    expect(sista).to_have_text(payload)  # shown as the characters she typed
    assert page.title() != "PWNED" and "PWNED" not in page.title()
    assert page.dialogs == []
    assert sista.locator("img, script, a").count() == 0
    page.wait_for_timeout(2500)  # one poll round: swapped-in content stays inert too
    assert page.dialogs == [] and page.locator("#trad img").count() == 0
    assert re.search("evil", page.locator("#trad").inner_html()) and page.locator("a[href*=evil]").count() == 0
