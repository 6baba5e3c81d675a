"""The whole vaccination day in real Chromium: a citizen books in the app with a health declaration, staff see the
flag and record the vaccination; another citizen cancels and the place is free again.

The citizens use the app API (AppKlient). Staff use the portal in Chromium; their session is created the way
``logged_in_client`` does it (the SITHS card login itself is covered by tests/siths/test_login_browser.py) and
handed to the browser as its session cookie.
"""
import datetime
import re

import pytest
from django.utils import timezone

from bokning.models import Bokning, Tid, Vaccination
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, skapa_tid, transaktionell_markering, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory
from vardportalen.models import Roll

pytestmark = [pytest.mark.browser, transaktionell_markering()]


def test_vaccination_day(staff_page, live_server, regional_tidbok, klocka):
    from playwright.sync_api import expect

    kista = regional_tidbok.deltagande_enheter.get(ort="Kista")
    typ = vaccinationstyp()
    # Noon: after 23:45 a slot in 15 minutes would be tomorrow's, not in today's timebook. (The live server runs
    # in this process, so it reads the pinned clock too.)
    nu = timezone.localtime(klocka.stall(datetime.datetime.combine(timezone.localdate(), datetime.time(12))))
    idag = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=typ,
                     start=(nu + datetime.timedelta(minutes=15)).replace(second=0, microsecond=0), kapacitet=2)
    imorgon = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=typ,
                        start=(nu + datetime.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0))

    # 1. Anna books today's vaccination in the app and answers yes to an earlier severe allergic reaction.
    anna = InvanareFactory(fornamn="Anna", efternamn="Allergisk")
    svar = AppKlient.logga_in(anna).post("bokning/", {
        "tid": idag.pk, "halsodeklaration": {**VALID_DEKLARATION, "allvarlig_allergisk_reaktion": True}})
    assert svar.status_code == 201, svar.content
    # Bertil books tomorrow's only place.
    bertil = InvanareFactory(fornamn="Bertil", efternamn="Avbokare")
    bertil_app = AppKlient.logga_in(bertil)
    bertil_bokning = bertil_app.post("bokning/", {"tid": imorgon.pk, "halsodeklaration": VALID_DEKLARATION}).json()["id"]

    # 2. The nurse at Kista sees the flag in today's timebook and opens the booking.
    page = staff_page(MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SJUKSKOTERSKA))
    page.goto(f"{live_server.url}/bokning/")
    expect(page.get_by_role("heading", level=1, name="Tidbok")).to_be_visible()
    rad = page.locator("li", has_text="Anna Allergisk")
    expect(rad.locator(".badge.flagga")).to_have_text("Hälsodeklaration: kontrollera")
    rad.get_by_role("link", name="Anna Allergisk").click()
    expect(page.locator(".flaggor")).to_contain_text("Tidigare allvarlig allergisk reaktion")

    # 3. She records the vaccination as given (htmx swaps the booking in place).
    page.get_by_label("Vaccin (produkt)").fill("Comirnaty JN.1")
    page.get_by_label("Batchnummer").fill("HK8812")
    page.get_by_label("Dos nummer").fill("1")
    page.get_by_label("Injektionsställe").select_option("vanster_overarm")
    page.get_by_role("button", name="Registrera vaccination").click()
    expect(page.get_by_role("status").filter(has_text="Vaccinationen är registrerad")).to_be_visible()
    expect(page.locator(".status")).to_have_text("Genomförd")
    vaccination = Vaccination.objects.get()
    assert (vaccination.invanare_id, vaccination.batchnummer, vaccination.dos) == (anna.pk, "HK8812", 1)

    # 4. Tomorrow's slot is full; Bertil cancels in the app and the nurse sees the place free at once.
    page.goto(f"{live_server.url}/bokning/")
    page.get_by_role("link", name="Nästa dag").click()  # htmx navigation
    expect(page.locator("#kalender")).to_contain_text("Bertil Avbokare")
    expect(page.locator("#kalender")).to_contain_text("1/1")
    assert bertil_app.post(f"bokning/{bertil_bokning}/avboka/").status_code == 200
    page.reload()
    expect(page.locator("#kalender")).to_contain_text("0/1")
    expect(page.locator("#kalender")).not_to_contain_text("Bertil Avbokare")
    expect(page).to_have_url(re.compile(r"datum="))
    cecilia = InvanareFactory()
    assert AppKlient.logga_in(cecilia).post("bokning/", {"tid": imorgon.pk, "halsodeklaration": VALID_DEKLARATION}).status_code == 201
    assert Tid.objects.get(pk=imorgon.pk).bokade == 1
    assert Bokning.objects.get(tid=imorgon, status="bokad").invanare_id == cecilia.pk
