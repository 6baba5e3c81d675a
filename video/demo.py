"""Demo data of video (a DEMO_STEPS step): Sara Lindqvist (the named "gravid") has booked herself, as in the
app (``bokning_create_app``), a video visit with the vårdcentral Gubbängen's doctor later today, on the doctor's
own slot, so the meeting is made the way every booking makes it (bokning.efter_bokning →
video.services.mote_for_bokning) and her e-kallelse, where the unit sends them, carries the join instructions. No Janus needed at load time: the room is made when the
doctor opens the meeting. Idempotent: skipped while she has a video booking ahead at the unit."""
from __future__ import annotations

import datetime

from django.utils import timezone

from bokning.models import Bokning, Resurs, Tid, Tidbok, Tidstyp
from bokning.services import bokning_create_app
from vardportalen.models import Medarbetaruppdrag, Roll

from .models import Videomote

STEG = "videomöte"
ENHET = "VC_GUB"


def _start(nu: datetime.datetime) -> datetime.datetime:
    """The next half hour at least an hour away: the waiting room opens 30 minutes before."""
    lokal = timezone.localtime(nu) + datetime.timedelta(hours=1)
    return lokal.replace(minute=0 if lokal.minute < 30 else 30, second=0, microsecond=0) + datetime.timedelta(minutes=30)


def video_demo(result) -> None:
    enhet = result.units.get(ENHET)
    sara = result.named_pks.get("gravid")
    typ = Tidstyp.objects.filter(kod="video-lakare").first()
    tidbok = Tidbok.objects.filter(vardenhet=enhet, gemensam=False).first() if enhet else None
    uppdrag = (Medarbetaruppdrag.objects.aktiva().filter(vardenhet=enhet, roll=Roll.LAKARE)
               .select_related("medarbetare", "vardenhet").order_by("pk").first() if enhet else None)
    if None in (enhet, sara, typ, tidbok, uppdrag):
        return
    nu = timezone.now()
    if Bokning.objects.aktiva().filter(invanare_id=sara, vardenhet=enhet, tid__tidstyp=typ, tid__start__gt=nu).exists():
        result.counts["videomöten från bokning"] = Videomote.objects.filter(vardenhet=enhet, bokning__isnull=False).count()
        return
    lakare = uppdrag.medarbetare
    resurs = Resurs.objects.get_or_create(vardenhet=enhet, medarbetare=lakare, defaults={
        "namn": f"{lakare.fornamn} {lakare.efternamn}", "typ": Resurs.Typ.PERSONAL})[0]
    start = _start(nu)
    while True:  # the next half hour whose slot is free (a --reset leaves the old slot taken)
        tid = Tid.objects.get_or_create(tidbok=tidbok, vardenhet=enhet, resurs=resurs, tidstyp=typ, start=start,
                                        defaults={"slut": start + typ.langd, "kapacitet": 1})[0]
        if tid.bokade < tid.kapacitet:
            break
        start += datetime.timedelta(minutes=30)
    from invanare.models import Invanare

    person = Invanare.objects.get(pk=sara)
    bokning_create_app(aktor=person, invanare=person, tid_id=tid.pk, halsodeklaration=None)
    result.counts["videomöten från bokning"] = Videomote.objects.filter(vardenhet=enhet, bokning__isnull=False).count()
