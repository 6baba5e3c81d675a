"""Done when: in real Chromium with an injected clock, a nurse refers a 4-year-old with fever on a Saturday
at 21:30, then the same symptom for a 40-year-old on a Tuesday at 10:00 and on midsummer eve; each result
names a different care form and the right open units, and the child's referral is on her overview.

The live server runs in this process, so ``klocka.fast_tid`` moves the clock the pages ask."""
import datetime
import re

import pytest

from hanvisning import klocka
from hanvisning.models import Hanvisning
from tests.fixtures.staff import InvanareFactory, VardrelationFactory
from tests.hanvisning.conftest import tid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sok_och_valj(page, *, grad_text="Inom några timmar"):
    from playwright.sync_api import expect

    page.get_by_label("Sök symtom").press_sequentially("febr")  # a typo, while typing (htmx)
    traff = page.locator("#traffar").get_by_role("link", name="Feber", exact=True)
    expect(traff).to_be_visible()
    traff.click()
    page.get_by_label(re.compile(grad_text)).check()
    page.get_by_role("button", name="Visa hänvisning").click()


def test_fever_saturday_night_child_weekday_adult_midsummer_eve(staff_page, live_server, uppdrag, enheter):
    from playwright.sync_api import expect

    barn = InvanareFactory(fornamn="Lova", efternamn="Febersdotter", fodelsedatum=datetime.date(2022, 3, 1),
                           postnummer="17165")
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    page = staff_page(uppdrag)

    # 1. Saturday 21:30, the 4-year-old from her overview: the barnakut, open around the clock.
    with klocka.fast_tid(tid(2026, 12, 5, 21, 30)):
        page.goto(f"{live_server.url}/invanare/{barn.pk}/")
        page.get_by_role("link", name="Hänvisningsstöd för invånaren").click()
        expect(page.get_by_text("4 år", exact=False).first).to_be_visible()
        _sok_och_valj(page)
        resultat = page.locator(".resultat")
        expect(resultat.locator(".vardform")).to_have_text("Barnakut")
        expect(resultat.locator(".enhet").first).to_contain_text("Demo barnakut Solna")
        expect(resultat.locator(".enhet").first).to_contain_text("Öppet nu")
        expect(resultat.locator(".varfor")).to_contain_text("R-SOMB-SEN")
        page.get_by_role("button", name="Registrera hänvisning").click()
        expect(page).to_have_url(re.compile(rf"/invanare/{barn.pk}/$"))
        expect(page.get_by_role("table").filter(has_text="Feber")).to_contain_text("Barnakut")
    assert Hanvisning.objects.get(invanare=barn).foreslagen_vardform.kod == "barnakut"

    # 2. Tuesday 10:00, an unidentified 40-year-old: the vårdcentral, nearest open first.
    with klocka.fast_tid(tid(2026, 12, 8, 10)):
        page.goto(f"{live_server.url}/hanvisning/")
        page.get_by_label("Ålder (år)").fill("40")
        page.get_by_label("Postnummer").fill("115 20")
        _sok_och_valj(page)
        resultat = page.locator(".resultat")
        expect(resultat.locator(".vardform")).to_have_text("Vårdcentral")
        expect(resultat.locator(".enhet").first).to_contain_text("Demo vårdcentral Söder")
        expect(resultat.locator(".enhet").first).to_contain_text("stänger 17:00")

    # 3. Midsummer eve (Friday 19 June 2026) 10:00, the same caller: the närakut, not the vårdcentral.
    with klocka.fast_tid(tid(2026, 6, 19, 10)):
        page.goto(f"{live_server.url}/hanvisning/?alder=40&postnummer=11520&q=feber")
        page.locator("#traffar").get_by_role("link", name="Feber", exact=True).click()
        page.get_by_label(re.compile("Inom några timmar")).check()
        page.get_by_role("button", name="Visa hänvisning").click()
        resultat = page.locator(".resultat")
        expect(resultat.locator(".vardform")).to_have_text("Närakut")
        expect(resultat).to_contain_text("midsommarafton")
        expect(resultat.locator(".enhet")).to_have_count(1)
        expect(resultat.locator(".enhet").first).to_contain_text("Demo närakut City")
