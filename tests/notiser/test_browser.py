"""Issue 15's story for notices, in real Chromium with a real Celery worker: a nurse sends an e-document on its
page; after the commit the notice tasks run in the worker and the SMS reaches the local SMS gateway and the push
notice the local push service (both real HTTP servers this test starts), without the document's content."""
import datetime

import pytest
from django.utils import timezone

from notiser.models import PushUtgaende, SmsUtgaende
from notiser.push.services import push_enhet_registrera
from tests.fixtures.celery_worker import CeleryWorker, purge_queue, wait_for
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory
from tests.notiser.test_outbox import Gateway

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def tjanster():
    sms, push = Gateway(), Gateway()
    yield sms, push
    sms.stop()
    push.stop()


@pytest.fixture
def notisarbetare(tjanster, celery_worker_env, celery_worker_log_dir, settings):
    """A worker of its own whose outbox backends are the two local servers; the notice drains are sent to its
    queue (NOTISER_KO), so a session worker with the console backends never takes them."""
    sms, push = tjanster
    ko = f"notiser-{timezone.now():%H%M%S%f}"
    env = {**celery_worker_env, "SMS_BACKEND": "http", "SMS_GATEWAY_URL": sms.url, "SMS_GATEWAY_TOKEN": "sms-hemlig",
           "PUSH_BACKEND": "http", "PUSH_URL": push.url, "PUSH_TOKEN": "push-hemlig"}
    settings.NOTISER_KO = ko
    purge_queue(ko)
    worker = CeleryWorker(queue=ko, env=env, log_dir=celery_worker_log_dir).start()
    try:
        yield worker
    finally:
        worker.stop()
        purge_queue(ko)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_document_sent_by_staff_reaches_the_sms_gateway_and_the_push_service(staff_page, live_server, tjanster,
                                                                              notisarbetare):
    from playwright.sync_api import expect

    sms, push = tjanster
    enhet = VardenhetFactory(namn="Vårdcentral Husby")
    uppdrag = MedarbetaruppdragFactory(vardenhet=enhet)
    idag = timezone.localdate()
    inv = InvanareFactory(fornamn="Maja", konto="registrerat", mobilnummer="070-174 06 33",
                          fodelsedatum=datetime.date(idag.year - 35, 1, 15))
    VardrelationFactory(invanare=inv, vardenhet=enhet)
    push_enhet_registrera(invanare=inv, token="majas-telefon", plattform="android")

    page = staff_page(uppdrag)
    page.goto(f"{live_server.url}/edokument/invanare/{inv.pk}/skicka/")
    expect(page.get_by_role("heading", name="Skicka e-dokument")).to_be_visible()
    page.get_by_label("Dokumenttyp").select_option("ekallelse")
    page.get_by_label("Rubrik").fill("Kallelse till diabetessköterska")
    page.get_by_label("Text", exact=True).fill("Ta med dina blodsockervärden.")
    besok = timezone.localtime() + datetime.timedelta(days=7)
    page.get_by_label("Besökstid").fill(besok.strftime("%Y-%m-%dT10:30"))
    page.get_by_label("Plats").fill("Mottagningen, plan 2")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("button", name="Bekräfta och skicka").click()
    expect(page.get_by_text("Dokumentet är skickat.")).to_be_visible()

    wait_for(lambda: sms.mottagna and push.mottagna, timeout=60, message="the SMS gateway and the push service")
    (till_sms,), (till_push,) = sms.mottagna, push.mottagna
    assert till_sms["headers"]["Authorization"] == "Bearer sms-hemlig" and till_sms["body"]["till"] == "+46701740633"
    assert till_push["headers"]["Authorization"] == "Bearer push-hemlig" and till_push["body"]["token"] == "majas-telefon"
    for text in (till_sms["body"]["text"], till_push["body"]["text"]):
        assert "nytt dokument" in text and "diabetes" not in text.lower() and "Husby" not in text
    wait_for(lambda: SmsUtgaende.objects.get().status == "skickad" and PushUtgaende.objects.get().status == "skickad",
             message="both outbox rows marked sent")
