"""A meeting from a booking on a video time type; the e-kallelse carries the join instructions."""
import pytest
from django.core.exceptions import ValidationError

from bokning import services as bokning_services
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, logged_in_client
from video.models import Videomote


def test_video_booking_kallelse_has_join_instructions_and_the_meeting_is_made_once(janus, aktor, uppdrag, vardenhet):
    from edokument.models import Dokument

    inv = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet)
    video = TidstypFactory(namn="Videobesök läkare", video=True)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=video, start=om(dagar=1))
    bokning = bokning_services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk, skicka_kallelse=True)
    assert "videobesök" in Dokument.objects.get(pk=bokning.kallelse_id).text and "väntrum" in \
        Dokument.objects.get(pk=bokning.kallelse_id).text

    klient = logged_in_client(uppdrag)
    svar = klient.post(f"/video/bokning/{bokning.pk}/")
    mote = Videomote.objects.get(bokning=bokning)
    assert svar.status_code == 302 and svar["Location"] == f"/video/{mote.pk}/"
    assert mote.start == tid.start and list(mote.deltagare.values_list("invanare", flat=True)) == [None, inv.pk]
    assert klient.post(f"/video/bokning/{bokning.pk}/").status_code == 302
    assert Videomote.objects.filter(bokning=bokning).count() == 1
    # another unit cannot
    assert logged_in_client(MedarbetaruppdragFactory()).post(f"/video/bokning/{bokning.pk}/").status_code == 404


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
