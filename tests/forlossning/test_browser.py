"""The issue's whole story in real Chromium with a real Celery worker: a midwife registers a pregnancy,
the app records her wishes, the clock passes 22+0, the daily job runs in the worker, the clinic's page
shows her, and the outbox sends the decision and, a day later, the reminder."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.models import Beslut, Fordelningskorning, Graviditet
from forlossning.tasks import fordelning_kor, paminnelser_skapa
from notiser.models import SmsUtgaende
from notiser.tasks import sms_skicka_vantande
from tests.fixtures.app import AppKlient
from tests.fixtures.celery_worker import wait_for
from tests.fixtures.forlossning import GUBBANGEN, kapacitet_satt, kliniker_skapa
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    VardrelationFactory,
    logged_in_client,
)
from vardportalen.models import Roll, Vardenhet

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def _sida(browser, live_server, uppdrag):
    """A page logged in as ``uppdrag`` (the session a card login creates; the card login has its own tests)."""
    klient = logged_in_client(uppdrag)
    context = browser.new_context(locale="sv-SE")
    context.add_cookies([{"name": "sessionid", "value": klient.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_register_choose_allocate_in_the_worker_and_sms(browser, live_server, celery_worker):
    from playwright.sync_api import expect

    kliniker = kliniker_skapa()
    bmm = VardenhetFactory(namn="Barnmorskemottagning Gubbängen", typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)
    barnmorska = MedarbetaruppdragFactory(vardenhet=bmm, roll=Roll.BARNMORSKA)
    sara = InvanareFactory(fornamn="Sara", efternamn="Lindqvist", kon="K", lat=GUBBANGEN[0], lon=GUBBANGEN[1],
                           mobilnummer="070-174 06 05", konto="registrerat")
    VardrelationFactory(invanare=sara, vardenhet=bmm)
    idag = timezone.localdate()
    bf = gv.bf_for_beslutsdag(idag) + datetime.timedelta(days=2)  # 21+5 today
    kapacitet_satt(kliniker, bf, 20)

    # 1. The midwife registers the pregnancy on Sara's page.
    page = _sida(browser, live_server, barnmorska)
    page.goto(live_server.url + reverse("forlossning:kvinna", kwargs={"invanare_id": sara.pk}))
    expect(page.get_by_role("heading", level=1, name="Sara Lindqvist")).to_be_visible()
    page.get_by_label("MHV1 öppnad i Obstetrix").fill((idag - datetime.timedelta(days=90)).isoformat())
    page.get_by_label("Beräknad förlossning (BF)").fill(bf.isoformat())
    page.get_by_role("button", name="Registrera graviditet").click()
    expect(page.locator("#status")).to_have_text("Väljer klinik")
    expect(page.locator("main")).to_contain_text("21+5")
    g = Graviditet.objects.get(invanare=sara)
    assert SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:inbjudan:{g.pk}", status="vantande").exists()

    # 2. The app records her wishes.
    app = AppKlient.logga_in(sara)
    svar = app.post("forlossning/onskemal/", {"kliniker": [kliniker["F_SOS"].pk, kliniker["F_KH"].pk]})
    assert svar.status_code == 200, svar.content
    page.reload()
    expect(page.locator("#onskemal")).to_contain_text("Södersjukhuset")

    # 3. The clock passes 22+0 and the daily job runs in the real worker.
    nu = timezone.make_aware(datetime.datetime.combine(gv.beslutsdag(bf), datetime.time(1, 30)))
    fordelning_kor.delay(nu=nu.isoformat())
    wait_for(lambda: Fordelningskorning.objects.filter(status="klar").exists(), timeout=60,
             message="the allocation to run in the worker")
    assert Beslut.objects.get(graviditet=g).klinik == kliniker["F_SOS"]

    # 4. Södersjukhuset's staff see her on the clinic's page for her week.
    klinikpersonal = MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.BARNMORSKA)
    klinik = _sida(browser, live_server, klinikpersonal)
    klinik.goto(live_server.url + reverse("forlossning:klinik_vecka", kwargs={
        "klinik_id": kliniker["F_SOS"].pk, "vecka": gv.vecka_slug(gv.vecka_start(bf))}))
    expect(klinik.locator("#kapacitetsdiagram")).to_be_visible()
    expect(klinik.locator("#kvinnor")).to_contain_text("Sara Lindqvist")
    expect(klinik.locator("#lage")).to_contain_text("1 beslutade av 20 platser")

    # 5. The outbox: the decision goes out now, the reminder a day later.
    sms_skicka_vantande.delay(nu=nu.isoformat())
    beslut_sms = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:beslut:{g.pk}")
    wait_for(lambda: SmsUtgaende.objects.get(pk=beslut_sms.pk).status == "skickad", timeout=30,
             message="the decision SMS to be sent")
    assert not SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:paminnelse:{g.pk}").exists()
    # a day later the reminder job (beat, every 15 minutes) queues the reminder, and the drain sends it
    imorgon = nu + datetime.timedelta(days=1)
    paminnelser_skapa.delay(nu=imorgon.isoformat())
    wait_for(lambda: SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:paminnelse:{g.pk}").exists(),
             timeout=30, message="the reminder to be queued the day after")
    paminnelse = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:paminnelse:{g.pk}")
    assert paminnelse.status == "vantande" and "Södersjukhuset" in paminnelse.text
    sms_skicka_vantande.delay(nu=imorgon.isoformat())
    wait_for(lambda: SmsUtgaende.objects.get(pk=paminnelse.pk).status == "skickad", timeout=30,
             message="the reminder to be sent the day after")
    page.reload()
    expect(page.locator("#beslutad-klinik")).to_contain_text("Södersjukhuset")
    page.context.close()
    klinik.context.close()
