"""A meeting from a booking on a video time type; the e-kallelse carries the join instructions."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from bokning import services as bokning_services
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, aktor_for, logged_in_client
from video.models import Videomote


def test_video_booking_kallelse_has_join_instructions_and_the_meeting_is_made_once(janus, aktor, uppdrag, vardenhet):
    from edokument.models import Dokument

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    video = TidstypFactory(namn="Videobesök läkare", video=True)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=video, start=om(dagar=1))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk, skicka_kallelse=True)
    assert "videobesök" in Dokument.objects.get(pk=bokning.kallelse_id).text and "väntrum" in \
        Dokument.objects.get(pk=bokning.kallelse_id).text

    # Staff booking made the meeting already (the slot's resource names no staff member: no host yet).
    mote = Videomote.objects.get(bokning=bokning)
    assert mote.start == tid.start and mote.vard_id is None
    assert list(mote.deltagare.values_list("invanare", flat=True)) == [inv.pk]
    klient = logged_in_client(uppdrag)
    svar = klient.post(f"/video/bokning/{bokning.pk}/")
    assert svar.status_code == 302 and svar["Location"] == f"/video/{mote.pk}/"
    assert klient.post(f"/video/bokning/{bokning.pk}/").status_code == 302
    assert Videomote.objects.filter(bokning=bokning).count() == 1
    # another unit cannot
    assert logged_in_client(MedarbetaruppdragFactory()).post(f"/video/bokning/{bokning.pk}/").status_code == 404


def test_moving_a_video_booking_moves_its_meeting_to_the_new_time(janus, aktor, vardenhet):
    from edokument.models import Dokument
    from video.selectors import moten_for_app

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    video = TidstypFactory(namn="Videobesök läkare", video=True)
    tidbok = TidbokFactory(vardenhet=vardenhet)
    forsta, andra = (skapa_tid(tidbok=tidbok, tidstyp=video, start=om(dagar=d)) for d in (1, 2))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=forsta.pk, skicka_kallelse=True)
    flyttad = bokning_services.bokning_move(aktor=aktor, bokning_id=bokning.pk, ny_tid_id=andra.pk)
    mote = Videomote.objects.get(bokning=flyttad)
    assert mote.start == andra.start and list(mote.deltagare.values_list("invanare", flat=True)) == [inv.pk]
    assert "videobesök" in Dokument.objects.get(pk=flyttad.kallelse_id).text
    assert [m.pk for m in moten_for_app(invanare=inv)] == [mote.pk]  # the old time's meeting is gone


def test_an_ordinary_booking_gets_no_instructions_and_no_meeting(janus, aktor, vardenhet):
    from edokument.models import Dokument
    from video.services import mote_fran_bokning

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(namn="Besök"), start=om(dagar=1))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk, skicka_kallelse=True)
    assert "videobesök" not in Dokument.objects.get(pk=bokning.kallelse_id).text
    with pytest.raises(ValidationError):
        mote_fran_bokning(aktor=aktor, bokning=bokning)


def test_new_meeting_page_ad_hoc_from_the_overview(janus, uppdrag, invanare_med_vardrelation):
    klient = logged_in_client(uppdrag)
    sida = klient.get(f"/invanare/{invanare_med_vardrelation.pk}/")
    assert "Videomöten" in sida.content.decode() and f"/video/nytt/?invanare={invanare_med_vardrelation.pk}" in \
        sida.content.decode()
    url = f"/video/nytt/?invanare={invanare_med_vardrelation.pk}"
    assert klient.get(url).status_code == 200
    from django.utils import timezone
    start = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    svar = klient.post(url, {"typ": "enskilt", "rubrik": "Ad hoc", "start": start, "langd": 20})
    mote = Videomote.objects.get(rubrik="Ad hoc")
    assert svar.status_code == 302 and mote.typ == "enskilt"
    fel = klient.post(url, {"typ": "grupp", "rubrik": "Fel", "start": start, "langd": 20})
    assert fel.status_code == 400 and "gruppmöte" in fel.content.decode().lower()
    assert not Videomote.objects.filter(rubrik="Fel").exists()


def test_citizen_booking_a_video_time_in_the_app_gets_the_meeting_and_joins_it(janus, uppdrag, vardenhet, klocka):
    """The citizen books herself (app API, bokning's own service): the meeting exists at once, hosted by the slot's
    staff member, the e-kallelse tells how to join, her meeting list has it and she can take a join token."""
    from bokning.models import Resurs
    from edokument.models import Dokument
    from tests.fixtures.app import AppKlient
    from video import services
    from video.models import Deltagare, Deltagarroll

    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    video = TidstypFactory(namn="Videobesök sjuksköterska", video=True, bokningsbar_i_app=True)
    resurs = Resurs.objects.create(vardenhet=vardenhet, namn="Sjuksköterska Video", medarbetare=uppdrag.medarbetare)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=video, start=om(dagar=2), resurs=resurs)
    klient = AppKlient.logga_in(inv)
    svar = klient.post("bokning/", {"tid": tid.pk})
    assert svar.status_code == 201, svar.content
    mote = Videomote.objects.get(bokning_id=svar.json()["id"])
    assert (mote.typ, mote.vard_id, mote.start, mote.slut) == ("enskilt", uppdrag.medarbetare_id, tid.start, tid.slut)
    assert set(mote.deltagare.values_list("roll", "invanare_id", "medarbetare_id")) == {
        (Deltagarroll.VARD, None, uppdrag.medarbetare_id), (Deltagarroll.INVANARE, inv.pk, None)}
    kallelse = Dokument.objects.get(pk=mote.bokning.kallelse_id)
    assert "videobesök" in kallelse.text and "väntrum" in kallelse.text
    assert [m["id"] for m in klient.get("video/").json()["moten"]] == [mote.pk]
    svar = klient.post(f"video/{mote.pk}/anslut/")
    assert svar.status_code == 409 and "30 minuter" in svar.content.decode()  # two days early
    klocka.stall(tid.start - datetime.timedelta(minutes=10))
    klient = AppKlient.logga_in(inv)  # two days later: a new app session
    assert klient.post(f"video/{mote.pk}/anslut/").status_code == 200

    # The staff member opens the room (Janus' room is made now, at the first admission), then lets her in.
    deltagare, _hemlighet = services.personal_anslut(aktor=aktor_for(uppdrag), mote_id=mote.pk)
    assert deltagare.roll == Deltagarroll.VARD
    from video import janus as janus_api
    assert janus_api.rum_finns(mote.janus_rum)
    assert Deltagare.objects.filter(mote=mote).count() == 2


def test_no_host_slot_the_first_staff_member_to_open_hosts(janus, uppdrag, vardenhet, aktor):
    from video import services
    from video.models import Deltagarroll

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    video = TidstypFactory(namn="Videobesök", video=True)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=video, start=om(dagar=1))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk)
    mote = Videomote.objects.get(bokning=bokning)
    assert mote.vard_id is None
    sida = logged_in_client(uppdrag).get(f"/video/{mote.pk}/").content.decode()
    assert "Enhetens personal" in sida
    deltagare, _h = services.personal_anslut(aktor=aktor, mote_id=mote.pk)
    mote.refresh_from_db()
    assert deltagare.roll == Deltagarroll.VARD and mote.vard_id == aktor.medarbetare_id and mote.typ == "enskilt"
    # A second booking of the same slot type for another citizen is its own meeting.
    andra = bokning_services.bokning_create_staff(
        aktor=aktor, invanare=InvanareFactory(med_konto=True, listad_vardcentral=vardenhet),
        tid_id=skapa_tid(tidbok=tid.tidbok, tidstyp=video, start=om(dagar=3)).pk)
    assert Videomote.objects.filter(bokning=andra).exclude(pk=mote.pk).count() == 1


def test_a_cancelled_video_booking_takes_its_meeting_off_the_lists_and_nobody_joins(janus, uppdrag, vardenhet, aktor):
    from django.core.exceptions import ValidationError

    from tests.fixtures.app import AppKlient
    from video import selectors, services

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(video=True), start=om(dagar=2))
    bokning = bokning_services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=None)
    mote = Videomote.objects.get(bokning=bokning)
    klient = AppKlient.logga_in(inv)
    assert [m["id"] for m in klient.get("video/").json()["moten"]] == [mote.pk]
    assert [m.pk for m in selectors.moten_for_enhet(aktor=aktor)] == [mote.pk]
    assert klient.post(f"bokning/{bokning.pk}/avboka/").status_code == 200
    assert klient.get("video/").json()["moten"] == [] and selectors.moten_for_enhet(aktor=aktor) == []
    with pytest.raises(ValidationError, match="avbokat"):
        services.personal_anslut(aktor=aktor, mote_id=mote.pk)
