"""The issue's acceptance test in real Chromium with a real Celery worker:

staff send an e-kallelse to a citizen with only the app; the app does not open it; 48 hours pass; the sweep
(in the worker) puts it on the print list; staff print it; the PDF's text holds the letter and the address.
Another citizen reads hers in time, and it never appears.
"""
import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from edokument.models import Utskriftslistepost, Utskriftsomgang
from edokument.tasks import utskriftslista_svep
from tests.fixtures.app import AppKlient
from tests.fixtures.celery_worker import wait_for
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _skicka_ekallelse(page, bas, invanare, rubrik):
    from playwright.sync_api import expect

    page.goto(f"{bas}/edokument/invanare/{invanare.pk}/skicka/")
    expect(page.get_by_role("heading", name="Skicka e-dokument")).to_be_visible()
    page.get_by_label("Dokumenttyp").select_option("ekallelse")
    page.get_by_label("Rubrik").fill(rubrik)
    page.get_by_label("Text", exact=True).fill("Välkommen till sjuksköterskan. Ta med legitimation.")
    page.get_by_label("Besökstid").fill("2026-12-10T10:30")
    page.get_by_label("Plats").fill("Mottagningen, plan 2")
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranska")).to_be_visible()
    expect(page.locator(".leveransplan")).to_contain_text("Alltid öppet")
    page.get_by_role("button", name="Bekräfta och skicka").click()
    expect(page.get_by_text("Dokumentet är skickat.")).to_be_visible()
    expect(page.locator("tr.leverans-app")).to_contain_text("Levererad, oläst")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_unread_ekallelse_reaches_the_print_list_and_is_printed(staff_page, live_server, celery_worker):
    from playwright.sync_api import expect

    enhet = VardenhetFactory(namn="Vårdcentral Playwright", gatuadress="Testvägen 1", postnummer="11520", ort="Stockholm")
    uppdrag = MedarbetaruppdragFactory(vardenhet=enhet, medarbetare__fornamn="Siri", medarbetare__efternamn="Skrivare")
    alma = InvanareFactory(fornamn="Alma", efternamn="Oläsdotter", konto="registrerat", digital_brevlada="",
                           gatuadress="Brevbärarvägen 12", postnummer="11520", ort="Stockholm",
                           fodelsedatum=datetime.date(1980, 3, 3))
    bertil = InvanareFactory(fornamn="Bertil", efternamn="Läsesson", konto="registrerat", digital_brevlada="",
                             fodelsedatum=datetime.date(1975, 4, 4))
    for inv in (alma, bertil):
        VardrelationFactory(invanare=inv, vardenhet=enhet)

    page = staff_page(uppdrag)  # the shared Chromium fixture (tests/fixtures/browser.py)
    bas = live_server.url
    _skicka_ekallelse(page, bas, alma, "Kallelse till blodprov")
    _skicka_ekallelse(page, bas, bertil, "Kallelse till hälsosamtal")

    # Bertil reads his in the app; Alma's app lists hers but never opens it.
    bertil_app = AppKlient.logga_in(bertil)
    dok_bertil = bertil_app.get("dokument/").json()["dokument"][0]
    assert bertil_app.get(f"dokument/{dok_bertil['id']}/").status_code == 200
    alma_lista = AppKlient.logga_in(alma).get("dokument/").json()["dokument"]
    assert [(d["rubrik"], d["last"]) for d in alma_lista] == [("Kallelse till blodprov", False)]

    # 47 hours: nothing. 49 hours: the sweep in the worker lists Alma's, not Bertil's.
    utskriftslista_svep.delay(nu=(timezone.now() + datetime.timedelta(hours=47)).isoformat())
    utskriftslista_svep.delay(nu=(timezone.now() + datetime.timedelta(hours=49)).isoformat())
    wait_for(lambda: Utskriftslistepost.objects.exists(), message="the sweep in the worker")
    post = Utskriftslistepost.objects.get()
    assert post.dokument.invanare_id == alma.pk and post.orsak == "olast_48h"

    page.goto(bas + "/edokument/utskriftslista/")
    rader = page.locator("tr.post")
    expect(rader).to_have_count(1)
    expect(rader.first).to_contain_text("Alma Oläsdotter")
    expect(rader.first).to_contain_text("Oläst i Alltid öppet efter 48 timmar")
    expect(page.locator("#utskriftslista")).not_to_contain_text("Bertil")
    rader.first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Skriv ut valda").click()

    expect(page).to_have_url(re.compile(r"/edokument/utskrift/\d+/$"))
    expect(page.locator("#hamta-pdf")).to_be_visible(timeout=60_000)  # htmx polls until the worker is done
    svar = page.request.get(bas + page.locator("#hamta-pdf").get_attribute("href"))
    assert svar.ok and svar.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(svar.body())).pages)
    for finns in ("Kallelse till blodprov", "Välkommen till sjuksköterskan", "Alma Oläsdotter", "Brevbärarvägen 12",
                  "115 20 STOCKHOLM", "Vårdcentral Playwright", "10 december 2026", "Sida 1 av 1"):
        assert finns in text, finns
    assert "Bertil" not in text

    post.refresh_from_db()
    assert post.utskriven is not None and post.utskriven_av_hsa_id == uppdrag.medarbetare.hsa_id
    assert Utskriftsomgang.objects.get().status == "klar"
    omgang_url = page.url
    page.goto(bas + "/edokument/utskriftslista/")
    expect(page.locator("tr.post")).to_have_count(0)

    # A later sweep never lists Bertil's (read in time) nor Alma's again. The solo worker runs tasks in
    # order, so once the reprint queued after the sweep is rendered, the sweep has run.
    utskriftslista_svep.delay(nu=(timezone.now() + datetime.timedelta(days=10)).isoformat())
    page.goto(omgang_url)
    page.get_by_role("button", name="Skriv ut igen (omtryck)").click()
    expect(page.get_by_text("Omtrycket är beställt och loggat.")).to_be_visible()
    expect(page.locator("#hamta-pdf")).to_be_visible(timeout=60_000)
    assert Utskriftsomgang.objects.filter(omtryck_av__isnull=False, status="klar").count() == 1
    assert Utskriftslistepost.objects.count() == 1


