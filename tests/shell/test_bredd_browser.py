"""Issue 18: dense enough for staff at 1366×768 — pages fit the width (the capacity table was 3,626 px wide)
and the clinic chart draws its bars, in real Chromium."""
import pytest
from django.urls import reverse

from tests.fixtures.forlossning import kliniker_skapa  # noqa: F401  (the clinics the pages list)
from tests.fixtures.staff import MedarbetaruppdragFactory, VardenhetFactory, logged_in_client
from vardportalen.models import Roll, Vardenhet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sida(browser, live_server, uppdrag):
    klient = logged_in_client(uppdrag)
    context = browser.new_context(locale="sv-SE", viewport={"width": 1366, "height": 768})
    context.add_cookies([{"name": "sessionid", "value": klient.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def test_capacity_page_fits_1366_and_the_clinic_chart_draws_bars(browser, live_server):
    kliniker = kliniker_skapa()
    planerare = MedarbetaruppdragFactory(
        vardenhet=VardenhetFactory(typ=Vardenhet.Typ.REGIONAL, namn="Regional planering"), roll=Roll.REGIONAL_PLANERARE)
    page = _sida(browser, live_server, planerare)
    fel = []
    page.on("console", lambda m: fel.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + reverse("forlossning:kapacitet"))
    assert page.locator("table.kapacitet input[type=number]").count() >= 12
    bredd = page.evaluate("document.documentElement.scrollWidth")
    assert bredd <= 1366, f"sidan är {bredd} px bred"
    page.goto(live_server.url + reverse("forlossning:klinik", args=[next(iter(kliniker.values())).pk]))
    rutor = page.evaluate("""[...document.querySelectorAll('#kapacitetsdiagram text')].slice(1)
                              .map(t => t.getBBox().x)""")
    assert len(rutor) > 3 and len(set(rutor)) == len(rutor), rutor  # week labels side by side, not piled up
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert not [f for f in fel if "attribute" in f], fel  # Chromium logs "<rect> attribute x: Expected length"
