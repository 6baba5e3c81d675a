"""The issue's whole path in real Chromium with a real Celery worker: the regional administrator targets "65 years
and older, folkbokförd in Stockholm city, not already booked" for a vaccination round, sees the count, sends; the
progress bar reaches 100 % (htmx polling while the worker writes); a citizen sees the offer in the app API and
books from it; the follow-up shows one booking.

No pinned clock: the worker is another process and reads the real one. Ages come from senaste_fodelsedag."""
from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from bokning.models import BokadAv, Bokning
from erbjudanden.models import Erbjudande, Mottagare
from invanare.behorighet import senaste_fodelsedag
from tests.fixtures.app import AppKlient
from tests.fixtures.bokning import VALID_DEKLARATION, om, skapa_tid, transaktionell_markering, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory
from vardportalen.models import Roll

pytestmark = [pytest.mark.browser, pytest.mark.worker, transaktionell_markering()]


def _falt(etikett: str) -> re.Pattern:
    """A field by its label as the form-field component writes it: a required field's label ends in ' *'."""
    return re.compile(rf"^{re.escape(etikett)}( \*)?$")


def test_regional_vaccination_round(staff_page, live_server, regional_tidbok, celery_worker):
    from playwright.sync_api import expect

    idag = timezone.localdate()
    typ = vaccinationstyp()
    kista = regional_tidbok.deltagande_enheter.get(ort="Kista")
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=typ, start=om(dagar=3).replace(hour=10, minute=0))
    annan_tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=typ, start=om(dagar=4).replace(hour=10, minute=0))

    just_65 = senaste_fodelsedag(idag, 65)
    i_gruppen = [
        InvanareFactory(med_konto=True, fornamn="Greta", efternamn="Boklund", fodelsedatum=just_65),
        InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 80)),
        InvanareFactory(konto="inget", fodelsedatum=senaste_fodelsedag(idag, 71)),  # SMS only
    ]
    greta = i_gruppen[0]
    InvanareFactory(med_konto=True, fodelsedatum=just_65 + datetime.timedelta(days=1))  # 64: outside
    InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 70), kommunkod="0184", kommun="Solna kommun")
    redan = InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 75))  # already booked: outside
    Bokning.objects.create(tid=annan_tid, invanare=redan, vardenhet=kista, status=Bokning.Status.BOKAD,
                           bokad_av=BokadAv.INVANARE)

    admin = MedarbetaruppdragFactory(roll=Roll.REGIONAL_ADMINISTRATOR, vardenhet=regional_tidbok.vardenhet)
    page = staff_page(admin)
    page.goto(live_server.url + "/erbjudanden/ny/")
    page.get_by_label("Rubrik").fill("Vaccinationsomgång covid-19 hösten")
    page.get_by_label(_falt("Text")).fill("Du som är 65 år eller äldre erbjuds vaccination. Boka en tid.")
    page.get_by_label("Vad invånaren kan göra").select_option("boka")
    page.get_by_label(_falt("Tidbok")).select_option(str(regional_tidbok.pk))
    page.get_by_label(_falt("Tidstyp")).select_option(str(typ.pk))
    page.get_by_label("Giltigt från").fill(idag.isoformat())
    page.get_by_label("Giltigt till").fill((idag + datetime.timedelta(days=30)).isoformat())
    page.get_by_label(_falt("Lägsta ålder")).fill("65")
    page.get_by_label("Folkbokförd i kommun (kommunkoder)").fill("0180")
    page.get_by_label("Inte redan bokad i tidboken").check()
    page.get_by_label("Regionalt erbjudande (hela regionen)").check()
    page.get_by_role("button", name="Spara").click()

    expect(page.locator("#antal-totalt")).to_have_text("3")
    expect(page.locator("#antal-app")).to_have_text("2")
    expect(page.locator("#antal-sms")).to_have_text("1")
    e = Erbjudande.objects.get()
    assert e.regionalt and e.ej_bokad
    page.get_by_role("button", name="Skicka till 3 invånare").click()

    # The page polls the progress partial every 2 s while the worker writes the offers.
    expect(page.locator("#framstegsmatare")).to_have_attribute("value", "100", timeout=60_000)
    expect(page.locator("#framsteg")).to_contain_text("Skickat 100 %")
    assert sorted(Mottagare.objects.filter(erbjudande=e).values_list("invanare_id", flat=True)) == sorted(
        p.pk for p in i_gruppen)

    klient = AppKlient.logga_in(greta)
    (erbjudande,) = klient.get("erbjudanden/").json()["erbjudanden"]
    assert erbjudande["titel"] == "Vaccinationsomgång covid-19 hösten" and erbjudande["tidbok"] == regional_tidbok.pk
    svar = klient.post(f"erbjudanden/{erbjudande['id']}/boka/", {"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION})
    assert svar.status_code == 200, svar.content
    assert Bokning.objects.get(pk=svar.json()["bokning"]).invanare_id == greta.pk

    page.reload()
    expect(page.locator("#bokat-1")).to_have_text("1")
    rad = page.get_by_role("table", name="Har bokat").locator("tbody tr")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text(greta.namn)
    assert re.search(r"\d{8}-\d{4}", rad.inner_text())
