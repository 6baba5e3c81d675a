"""The issue's acceptance test in real Chromium:

a verksamhetschef blocks one guardian of a 5-year-old on the staff page; that guardian's app session can no
longer see the child while the other guardian still can; staff lock the child's account on the page and
both guardians lose access; staff of another unit see the lock only when they open the child's overview.
"""
import datetime
import re

import pytest
from django.utils import timezone

from invanare.behorighet import senaste_fodelsedag
from invanare.models import Kontosparr, OmbudBlockering
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
    logged_in_client,
)
from vardportalen.models import Atkomstlogg, Roll

pytestmark = [pytest.mark.browser]


def _sida(browser, live_server, uppdrag):
    """A page logged in as the commission's staff member (the card login has its own browser tests)."""
    client = logged_in_client(uppdrag)
    context = browser.new_context(locale="sv-SE", base_url=live_server.url)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_block_one_guardian_then_lock_the_childs_account(django_db_serialized_rollback, browser, live_server):
    from playwright.sync_api import expect

    bvc = VardenhetFactory(namn="Barnavårdscentral Hornstull")
    vc = VardenhetFactory(namn="Vårdcentral Hornstull")
    chef = MedarbetaruppdragFactory(vardenhet=bvc, roll=Roll.VERKSAMHETSCHEF,
                                    medarbetare__fornamn="Vera", medarbetare__efternamn="Verksamhetschef")
    annan_enhet = MedarbetaruppdragFactory(vardenhet=vc, roll=Roll.SJUKSKOTERSKA)
    elsa = InvanareFactory(fornamn="Elsa", efternamn="Berg", fodelsedatum=senaste_fodelsedag(timezone.localdate(), 5))
    anna = InvanareFactory(fornamn="Anna", efternamn="Berg", fodelsedatum=datetime.date(1990, 11, 2))
    johan = InvanareFactory(fornamn="Johan", efternamn="Berg", fodelsedatum=datetime.date(1988, 6, 21))
    for vh in (anna, johan):
        VardnadshavarskapFactory(barn=elsa, vardnadshavare=vh, fran=elsa.fodelsedatum)
    VardrelationFactory(invanare=elsa, vardenhet=bvc)
    VardrelationFactory(invanare=elsa, vardenhet=vc)

    # Both guardians use the app for Elsa.
    app_anna, app_johan = AppKlient.logga_in(anna), AppKlient.logga_in(johan)
    for app in (app_anna, app_johan):
        app.agera_for(elsa)
        assert app.get("person/").json()["id"] == elsa.pk

    # The verksamhetschef blocks Johan on the staff page.
    context, page = _sida(browser, live_server, chef)
    page.goto(f"/invanare/{elsa.pk}/")
    sektion = page.locator(".sektion-ombud")
    expect(sektion.get_by_text("Kan agera som ombud")).to_have_count(2)
    sektion.get_by_role("link", name="Blockera ombud").click()
    expect(page.get_by_text("Blockering i 1177 Journalen är en separat rutin.")).to_be_visible()
    page.get_by_label("Vårdnadshavare eller ombud som ska blockeras").select_option(str(johan.pk))
    expect(page.get_by_label("Beslutsfattare (verksamhetschef)")).to_have_value(chef.medarbetare.hsa_id)
    page.get_by_label("Blankett").select_option("BLA-46557")
    page.get_by_label("Beslutsdatum").fill(timezone.localdate().isoformat())
    page.get_by_label("Anledning").fill("Risk för barnet enligt orosanmälan")
    page.get_by_role("button", name="Blockera", exact=True).click()
    expect(page.get_by_text("Ombudet är blockerat i Alltid öppet.")).to_be_visible()
    expect(page.locator(f'tr[data-person="{johan.pk}"]')).to_contain_text("Blockerad")
    expect(page.locator(f'tr[data-person="{anna.pk}"]')).to_contain_text("Kan agera som ombud")
    blockering = OmbudBlockering.objects.get()
    assert (blockering.ombud, blockering.beslutsfattare_hsa_id) == (johan, chef.medarbetare.hsa_id)

    # Johan's app session no longer sees Elsa; Anna's still does.
    svar = app_johan.get("person/")
    assert svar.status_code == 403 and svar.json()["fel"]["kod"] == "blockerad"
    assert app_johan.get("jag/").json()["kan_agera_for"] == []
    assert app_johan.post("agera-for/", {"id": elsa.pk}).status_code == 403
    assert app_anna.get("person/").json()["id"] == elsa.pk

    # Staff lock Elsa's account: both guardians lose access.
    page.get_by_role("link", name="Spärra konto").click()
    page.get_by_label("Barnet är omhändertaget enligt LVU och ska skyddas från vårdnadshavarna").check()
    page.get_by_role("button", name="Spärra kontot").click()
    page.get_by_role("button", name="Ja, spärra kontot").click()  # issue 18: a destructive action asks first
    expect(page.get_by_text("Kontot är spärrat.")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Kontot i Alltid öppet är spärrat")
    assert Kontosparr.objects.aktiva().get().invanare == elsa
    for app in (app_anna, app_johan):
        svar = app.get("person/")
        assert svar.status_code == 403, svar.content
        assert app.get("jag/").json()["kan_agera_for"] == []
    assert app_anna.get("person/").json()["fel"]["kod"] == "huvudman_sparrad"
    assert AppKlient().post("inloggning/", {"metod": "test", "personnummer": elsa.id_nummer}).status_code == 403
    context.close()

    # Another unit was not notified: nothing on its start page; the lock shows on Elsa's overview.
    context, page = _sida(browser, live_server, annan_enhet)
    page.goto("/")
    expect(page.get_by_role("heading", name="Bevakning")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Elsa")
    expect(page.locator("main")).not_to_contain_text("spärrat")
    page.goto(f"/invanare/{elsa.pk}/")
    expect(page.get_by_role("heading", level=1, name="Elsa Berg")).to_be_visible()
    varning = page.locator("#kontosparr")
    expect(varning).to_contain_text("Kontot i Alltid öppet är spärrat")
    expect(varning).to_contain_text("Spärrat av Barnavårdscentral Hornstull")
    expect(page.locator(".sektion-ombud")).to_contain_text(re.compile(r"Spärrat konto:\s*ja"))
    context.close()
    rad = Atkomstlogg.objects.filter(vardenhet_hsa_id=vc.hsa_id).exclude(vad="invånarprofil: anhörig").get()
    assert (rad.vad, rad.handelse, rad.invanare_identitet) == ("invånarprofil", "lasning", elsa.id_nummer)
