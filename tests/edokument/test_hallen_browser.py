"""Issue 15 item 1, the story in real Chromium with a real Celery worker: a locked child's e-kallelse is held
on the print list until a staff member decides. She cannot print it; she opens it, checks the registered
address, decides to print it to another address (recorded and access-logged), and only then prints it: the
PDF carries the other address, never the guardians'."""
import datetime
import io
import re

import pytest
from pypdf import PdfReader

from edokument.models import Utskriftslistepost
from invanare.models import Kontosparr
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory
from vardportalen.models import Atkomstlogg
from invanare.behorighet import senaste_fodelsedag

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_locked_childs_kallelse_is_held_until_staff_decide(staff_page, live_server, celery_worker):
    from playwright.sync_api import expect

    enhet = VardenhetFactory(namn="BVC Spärrtest", gatuadress="Testvägen 1", postnummer="11520", ort="Stockholm")
    uppdrag = MedarbetaruppdragFactory(vardenhet=enhet, medarbetare__fornamn="Sara", medarbetare__efternamn="Sjuksköterska")
    idag = datetime.date.today()
    barn = InvanareFactory(fornamn="Lova", efternamn="Skyddsdotter", fodelsedatum=senaste_fodelsedag(idag, 7),
                           gatuadress="Föräldragatan 9", postnummer="11520", ort="Stockholm")
    VardrelationFactory(invanare=barn, vardenhet=enhet)
    Kontosparr.objects.create(invanare=barn, orsak=Kontosparr.Orsak.LVU)

    page = staff_page(uppdrag)
    bas = live_server.url
    page.goto(f"{bas}/edokument/invanare/{barn.pk}/skicka/")
    page.get_by_label("Dokumenttyp").select_option("ekallelse")
    page.get_by_label("Rubrik").fill("Kallelse till BVC")
    page.get_by_label("Text", exact=True).fill("Välkommen till barnavårdscentralen.")
    page.get_by_label("Besökstid").fill(f"{idag.year + 1}-01-15T09:00")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("button", name="Bekräfta och skicka").click()
    expect(page.get_by_text("Dokumentet är skickat.")).to_be_visible()

    # On the print list: held, with the reason, and no way to tick it for printing.
    page.goto(bas + "/edokument/utskriftslista/")
    rad = page.locator("tr.post")
    expect(rad).to_have_count(1)
    expect(rad).to_contain_text("Hålls kvar")
    expect(rad).to_contain_text("Kontot är spärrat")
    expect(rad.get_by_role("checkbox")).to_have_count(0)
    post = Utskriftslistepost.objects.get()
    assert post.utskriven is None

    # The staff member checks and decides: another address, with a note.
    rad.get_by_role("link", name=re.compile("Kontrollera och besluta")).click()
    expect(page.get_by_role("heading", name="Kvarhållet dokument")).to_be_visible()
    expect(page.locator(".adress")).to_contain_text("Föräldragatan 9")
    page.get_by_label("Skriv ut till en annan adress").check()
    page.get_by_role("textbox", name=re.compile("Annan adress")).fill("Lova Skyddsdotter\nc/o Socialtjänsten Norrmalm\nBox 1234\n111 22 Stockholm")
    page.get_by_label("Vad har du kontrollerat").fill("Enligt socialsekreteraren; barnet bor inte hemma.")
    page.get_by_role("button", name="Spara beslutet").click()
    expect(page.get_by_text("Beslutet är sparat och loggat.")).to_be_visible()
    assert Atkomstlogg.objects.filter(vad="e-dokument: beslut om kvarhållet dokument",
                                      medarbetare_hsa_id=uppdrag.medarbetare.hsa_id).count() == 1

    # Now it can be printed, and the letter carries the other address.
    rad = page.locator("tr.post")
    expect(rad).not_to_contain_text("Hålls kvar")
    rad.get_by_role("checkbox").check()
    page.get_by_role("button", name="Skriv ut valda").click()
    expect(page.locator("#hamta-pdf")).to_be_visible(timeout=60_000)
    svar = page.request.get(bas + page.locator("#hamta-pdf").get_attribute("href"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(svar.body())).pages)
    assert "Socialtjänsten Norrmalm" in text and "Kallelse till BVC" in text
    assert "Föräldragatan" not in text
