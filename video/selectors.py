"""Reads of video/: the unit's meetings, one meeting for staff (scoped and access-logged), a citizen's meetings."""
from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from bokning.models import Bokning
from invanare.models import Invanare
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera
from video.models import Deltagare, Gastlank, Motehandelse, Videomote
from video.services import personal_far_oppna


AVBOKAD = Bokning.Status.AVBOKAD  # a cancelled visit's meeting is not listed (and not joined: services)


def moten_for_enhet(*, aktor: Aktor, limit: int = 100) -> list[Videomote]:
    """The unit's meetings that are not over, and those the staff member is invited to. No citizen data."""
    nu = timezone.now()
    return list(
        Videomote.objects.filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(deltagare__medarbetare_id=aktor.medarbetare_id))
        .filter(slut__gt=nu).exclude(status=Videomote.Status.AVSLUTAT).exclude(bokning__status=AVBOKAD)
        .select_related("vard", "vardenhet").distinct().order_by("start")[:limit]
    )


def mote_for_personal(*, aktor: Aktor, mote_id, vad: str = "videomöte") -> Videomote:
    """The meeting if the staff member may open it (Http404 otherwise, logged as denied). Each citizen of the
    meeting gets one access-log row."""
    try:
        mote = Videomote.objects.select_related("vard", "vardenhet").get(pk=int(mote_id))
    except (Videomote.DoesNotExist, TypeError, ValueError):
        mote = None
    if mote is None or not personal_far_oppna(aktor=aktor, mote=mote):
        invanare = list(Invanare.objects.filter(pk__in=Deltagare.objects.filter(mote=mote, invanare__isnull=False)
                                                .values("invanare"))) if mote else []
        for person in invanare or [None]:
            atkomst_logga(aktor=aktor, invanare=person, handelse=Handelse.LASNING, utfall=Utfall.NEKAD, vad=vad,
                          detalj=f"videomöte {str(mote_id)[:20]}: annan enhet")
        raise Http404
    invanare = [d.invanare for d in mote.deltagare.filter(invanare__isnull=False).select_related("invanare")]
    if invanare:
        atkomst_logga_flera(aktor=aktor, invanare_lista=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN,
                            vad=vad)
    return mote


def deltagare_i_mote(*, mote: Videomote) -> list[Deltagare]:
    return list(mote.deltagare.select_related("medarbetare", "invanare", "agerande").order_by("pk"))


def gastlankar_i_mote(*, mote: Videomote) -> list[Gastlank]:
    return list(mote.gastlankar.select_related("deltagare").order_by("-skapad"))


def handelser_i_mote(*, mote: Videomote, limit: int = 50) -> list[Motehandelse]:
    return list(mote.handelser.select_related("deltagare").order_by("-tidpunkt", "-pk")[:limit])


def moten_for_invanare_i_enhet(*, invanare: Invanare, vardenhet_id: int) -> list[Videomote]:
    """For the citizen overview (the overview's own log row covers it)."""
    return list(Videomote.objects.filter(vardenhet_id=vardenhet_id, deltagare__invanare=invanare)
                .order_by("-start")[:10])


def moten_for_app(*, invanare: Invanare) -> list[Videomote]:
    """The citizen's meetings the app lists: not over, where she still has a seat."""
    nu = timezone.now()
    return list(
        Videomote.objects.filter(deltagare__invanare=invanare, slut__gt=nu)
        .exclude(deltagare__invanare=invanare, deltagare__status=Deltagare.Status.BORTTAGEN)
        .exclude(status=Videomote.Status.AVSLUTAT).exclude(bokning__status=AVBOKAD)
        .select_related("vardenhet").distinct().order_by("start")
    )
