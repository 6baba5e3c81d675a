"""Video meetings in real Chromium with a fake camera and microphone, against a real Janus started by the test.

Each check reads getStats() in the page: the inbound video bytes and decoded frames from every other
participant must grow. Kept short: one browser for the module, a few seconds of media per meeting.
"""
from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.utils import timezone

from tests.fixtures.browser import CHROMIUM_ARGS, chromium
from tests.fixtures.staff import (
    EFTERNAMN_SOM_INGEN_ANNAN_HAR,
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardrelationFactory,
    aktor_for,
    logged_in_client,
)
from video import services
from video.models import Deltagare, Motestyp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MEDIA_ARGS = [*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module")
def media_browser(django_db_setup):
    yield from chromium(MEDIA_ARGS)


@pytest.fixture
def sidor(media_browser, live_server, janus):
    contexts = []

    def staff(uppdrag):
        client = logged_in_client(uppdrag)
        context = media_browser.new_context(locale="sv-SE", permissions=["camera", "microphone"])
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                              "url": live_server.url}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    def anonym():
        context = media_browser.new_context(locale="sv-SE", permissions=["camera", "microphone"])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20_000)
        return page

    yield staff, anonym
    for context in contexts:
        context.close()


def _mote(uppdrag, invanare, typ, personal=()):
    nu = timezone.now()
    return services.mote_create(aktor=aktor_for(uppdrag), typ=typ, rubrik="Videobesök", start=nu,
                                slut=nu + datetime.timedelta(minutes=30), invanare=invanare, personal=list(personal))


def _staff_ansluter(page, live_server, mote):
    page.goto(f"{live_server.url}/video/{mote.pk}/")
    page.click("#videomote-anslut")
    _ansluten(page)


def _invanare_ansluter(page, live_server, mote, invanare):
    _rad, token = services.anslutningstoken_create(aktor=invanare, invanare=invanare, mote_id=mote.pk)
    page.goto(f"{live_server.url}/video/delta/{mote.pk}/#token={token}")
    page.wait_for_selector("#videomote[data-status=vantar]")


def _slapp_in_alla(vard_page, mote, antal, timeout: float = 60.0):
    """Admit ``antal`` waiting participants from the host's panel. The panel re-renders every 3 s, so a click can
    land on a row that was admitted a moment ago: count the admitted in the database, not the clicks."""
    def inslappta():
        return Deltagare.objects.filter(mote=mote, status=Deltagare.Status.INSLAPPT).count()

    mal = inslappta() + antal
    deadline = time.monotonic() + timeout
    while (antal_nu := inslappta()) < mal:
        assert time.monotonic() < deadline, f"{antal_nu} of {mal} admitted"
        knapp = vard_page.locator(".vantande form button").first
        knapp.wait_for()
        knapp.click()
        slut = time.monotonic() + 4
        while inslappta() == antal_nu and time.monotonic() < slut:
            vard_page.wait_for_timeout(200)


def _ansluten(page):
    # joining goes through Janus after the admission is seen by the page's poll: slow on a loaded machine
    page.wait_for_selector("#videomote[data-ansluten=true]", timeout=60_000)


def _stats(page):
    return page.evaluate("window.videomote.stats()")


def _tar_emot_video(pages, andra: int, timeout: float = 25.0):
    """Every page decodes video from ``andra`` others, and bytes and frames keep growing."""
    deadline = time.monotonic() + timeout
    while True:
        forsta = [_stats(p) for p in pages]
        if all(s["withVideo"] >= andra for s in forsta):
            break
        assert time.monotonic() < deadline, forsta
        time.sleep(0.5)
    time.sleep(1.5)
    sedan = [_stats(p) for p in pages]
    for fore, efter in zip(forsta, sedan):
        assert efter["bytes"] > fore["bytes"] and efter["frames"] > fore["frames"], (fore, efter)
    return sedan


def test_one_to_one_both_receive_media_and_leaving_ends_it(sidor, live_server, uppdrag):
    staff, anonym = sidor
    invanare = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare=InvanareFactory(med_konto=True)).invanare
    mote = _mote(uppdrag, [invanare], Motestyp.ENSKILT)
    vard = staff(uppdrag)
    _staff_ansluter(vard, live_server, mote)
    medborgare = anonym()
    _invanare_ansluter(medborgare, live_server, mote, invanare)
    assert invanare.id_nummer[:8] not in medborgare.content()
    _slapp_in_alla(vard, mote, 1)
    _ansluten(medborgare)
    _tar_emot_video([vard, medborgare], andra=1)
    medborgare.click("#videomote-lamna")
    medborgare.wait_for_selector("#videomote[data-ansluten=false]")
    deltagare = Deltagare.objects.get(mote=mote, invanare=invanare)
    assert deltagare.status == Deltagare.Status.LAMNAT and not deltagare.janus_token
    assert set(mote.handelser.values_list("typ", flat=True)) >= {"skapat", "vantar", "inslappt", "lamnade"}


def test_team_visit_two_staff_and_a_citizen(sidor, live_server, uppdrag):
    staff, anonym = sidor
    kollega = MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet)
    invanare = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare=InvanareFactory(med_konto=True)).invanare
    mote = _mote(uppdrag, [invanare], Motestyp.TEAM, personal=[kollega.medarbetare])
    vard, andra = staff(uppdrag), staff(kollega)
    _staff_ansluter(vard, live_server, mote)
    _staff_ansluter(andra, live_server, mote)
    medborgare = anonym()
    _invanare_ansluter(medborgare, live_server, mote, invanare)
    _slapp_in_alla(vard, mote, 1)
    _ansluten(medborgare)
    _tar_emot_video([vard, andra, medborgare], andra=2)


def test_group_meeting_with_three_citizens_and_host_removes_one(sidor, live_server, uppdrag):
    staff, anonym = sidor
    personer = [VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare=InvanareFactory(med_konto=True)).invanare
                for _i in range(3)]
    mote = _mote(uppdrag, personer, Motestyp.GRUPP)
    vard = staff(uppdrag)
    _staff_ansluter(vard, live_server, mote)
    sidor_ = []
    for person in personer:
        sida = anonym()
        _invanare_ansluter(sida, live_server, mote, person)
        sidor_.append(sida)
    _slapp_in_alla(vard, mote, 3)
    for sida in sidor_:
        _ansluten(sida)
    _tar_emot_video([vard, *sidor_], andra=3)
    for sida in sidor_:  # citizens see each other's names, never an identity number
        text = sida.content()
        assert not any(p.id_nummer[:8] in text or p.identitet_formaterad in text for p in personer)
    # the host removes one: her page leaves the meeting
    borttagen = Deltagare.objects.get(mote=mote, invanare=personer[0])
    logged_in_client(uppdrag).post(f"/video/{mote.pk}/deltagare/{borttagen.pk}/ta-bort/")
    sidor_[0].wait_for_selector("#videomote[data-ansluten=false]")
    assert "tagit bort" in sidor_[0].inner_text("#videomote-status")


def test_guest_link_works_once_not_after_revocation_or_expiry(sidor, live_server, uppdrag):
    staff, anonym = sidor
    invanare = VardrelationFactory(vardenhet=uppdrag.vardenhet,
                                   invanare__efternamn=EFTERNAMN_SOM_INGEN_ANNAN_HAR).invanare
    mote = _mote(uppdrag, [invanare], Motestyp.ENSKILT)
    vard = staff(uppdrag)
    _staff_ansluter(vard, live_server, mote)
    vard.fill("#id_beskrivning", "Tolk")
    vard.click("#gast-rubrik ~ form button")
    lank = vard.inner_text("#ny-lank")
    gast = anonym()
    gast.goto(lank)
    gast.fill("#id_namn", "Tina Tolk")
    gast.click("form button[type=submit]")
    gast.wait_for_selector("#videomote[data-status=vantar]")
    assert invanare.id_nummer[:8] not in gast.content() and invanare.efternamn not in gast.content()
    _slapp_in_alla(vard, mote, 1)
    _ansluten(gast)
    _tar_emot_video([vard, gast], andra=1)
    andra_gang = anonym()
    svar = andra_gang.goto(lank)
    assert svar.status == 410 and "redan använts" in andra_gang.content()
    # revoking it takes the guest out of the meeting
    vard.click("text=Återkalla")
    gast.wait_for_selector("#videomote[data-ansluten=false]")
    andra_gang.goto(lank)
    assert "återkallats" in andra_gang.content()
    # a new link, past the meeting's end: expired
    ny = services.gastlank_create(aktor=aktor_for(uppdrag), mote_id=mote.pk, beskrivning="Anhörig")
    type(ny.gastlank).objects.filter(pk=ny.gastlank.pk).update(giltig_till=timezone.now() - datetime.timedelta(seconds=1))
    svar = andra_gang.goto(f"{live_server.url}/video/gast/{ny.token}/")
    assert svar.status == 410 and "gått ut" in andra_gang.content()
