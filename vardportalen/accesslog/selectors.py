"""Log review (loggkontroll): who may review, what they see, and logging the review itself.

Decisions (HSLF-FS 2016:40 4 kap. 9 §: the care provider reviews the access log regularly):
- Only a commission in the role **verksamhetschef** may review. Others get 403, systemförvaltare included:
  administering the system does not make anyone responsible for a unit's patient-data review, and a
  region-wide view of who read which patient's data is itself sensitive.
- A chief reviews **the unit of the active commission** only: rows written by staff acting under that
  unit. A chief of two units switches commission ("Byt uppdrag") to review the other one, like every other
  action in the portal is done under one commission at a time.
- Looking at the log of one citizen (filtering on an identity number) is an access to that citizen's
  data and writes a ``lasning`` row with ``vad="loggkontroll"``. Unfiltered pages list identity numbers
  only (no names, never contact details) and are not logged per row.
- Each page costs a constant number of queries: one COUNT and one SELECT, whatever the page size.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga
from vardportalen.komponenter import Lista, lista
from vardportalen.models import Atkomstlogg, Roll, roll_namn

SIDSTORLEK = 50
GRANSKANDE_ROLLER = (Roll.VERKSAMHETSCHEF,)


@dataclass(frozen=True)
class LoggFilter:
    medarbetare_hsa_id: str = ""
    identitet: object | None = None  # invanare.identitet.Identitet
    fran: datetime.date | None = None
    till: datetime.date | None = None
    handelse: str = ""
    utfall: str = ""


@dataclass(frozen=True)
class LoggRad:
    rad: Atkomstlogg
    roll_namn: str
    identitet: str


def kan_granska_logg(aktor: Aktor | None) -> bool:
    return aktor is not None and aktor.roll in GRANSKANDE_ROLLER


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _formatted_identity(id_typ: str, nummer: str) -> str:
    if len(nummer) == 12 and id_typ != "reservnummer":
        return f"{nummer[:8]}-{nummer[8:]}"
    return nummer


def atkomstlogg_for_granskning(*, aktor: Aktor, filter: LoggFilter):
    """The unit's log rows matching the filter, newest first. Logs the review of a citizen's log."""
    if not kan_granska_logg(aktor):
        raise PermissionDenied
    qs = Atkomstlogg.objects.filter(vardenhet_hsa_id=aktor.vardenhet_hsa_id)
    if filter.medarbetare_hsa_id:
        qs = qs.filter(medarbetare_hsa_id=filter.medarbetare_hsa_id)
    if filter.identitet is not None:
        qs = qs.filter(invanare_id_typ=filter.identitet.typ, invanare_identitet=filter.identitet.nummer)
    if filter.fran:
        qs = qs.filter(tidpunkt__gte=_start_of(filter.fran))
    if filter.till:
        qs = qs.filter(tidpunkt__lt=_start_of(filter.till + datetime.timedelta(days=1)))
    if filter.handelse:
        qs = qs.filter(handelse=filter.handelse)
    if filter.utfall:
        qs = qs.filter(utfall=filter.utfall)
    if filter.identitet is not None:
        atkomst_logga(
            aktor=aktor,
            identitet=filter.identitet,
            handelse=Handelse.LASNING,
            utfall=Utfall.TILLATEN,
            vad="loggkontroll",
            detalj="Granskade åtkomstloggen för invånaren.",
        )
    return qs.order_by("-tidpunkt", "-id")


# Sortable columns of the review table (the view's ?ordning=); newest first by default.
SORTERINGAR = {
    "tid": ("tidpunkt",), "medarbetare": ("medarbetare_namn", "tidpunkt"), "roll": ("roll", "tidpunkt"),
    "handelse": ("handelse", "tidpunkt"), "utfall": ("utfall", "tidpunkt"), "vad": ("vad", "tidpunkt"),
}


def atkomstlogg_sida(*, aktor: Aktor, filter: LoggFilter, request, sidstorlek: int = SIDSTORLEK) -> Lista:
    """One sorted page (``?ordning=``, ``?sida=`` of the request) of the review, rows with role names."""
    resultat = lista(atkomstlogg_for_granskning(aktor=aktor, filter=filter), request=request,
                     sorteringar=SORTERINGAR, standard="-tid", storlek=sidstorlek)
    page = resultat.sida
    page.object_list = [
        LoggRad(
            rad=r,
            roll_namn=roll_namn(r.roll),
            identitet=_formatted_identity(r.invanare_id_typ, r.invanare_identitet),
        )
        for r in page.object_list
    ]
    return resultat
