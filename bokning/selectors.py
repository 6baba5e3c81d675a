"""Reads of bokning: free slots for the app, a timebook's day/week, a citizen's bookings, visits, dashboard."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from bokning.models import Bokning, Tid, Tidbok, Tidstyp
from bokning.regler import tider_efter_kriterier, tider_oppna_q
from invanare.besok import Besok
from invanare.models import Invanare
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga_flera
from vardportalen.models import Vardenhet

SOK_MAX_DAGAR = 31
SOK_MAX_TRAFFAR = 100


# --- referrals from Hänvisningsstödet ---


def lediga_hanvisningstider(*, enheter: list[tuple[int, str]], antal: int = 3,
                            nu: datetime.datetime | None = None) -> dict[int, list[Tid]]:
    """The next free slots per unit of the time type each unit keeps for referred patients: ``enheter`` is
    [(vardenhet_id, tidstyp_kod)]; one query."""
    par = [(e, k) for e, k in enheter if k]
    if not par:
        return {}
    villkor = Q()
    for vardenhet_id, kod in par:
        villkor |= Q(vardenhet_id=vardenhet_id, tidstyp__kod=kod)
    nu = nu or timezone.now()
    qs = (Tid.objects.lediga().filter(villkor, start__gt=nu, start__lt=nu + datetime.timedelta(days=SOK_MAX_DAGAR),
                                      tidstyp__dold=False, tidstyp__aktiv=True)
          .select_related("tidstyp").order_by("start", "pk")[: antal * len(par) * 4])
    ut: dict[int, list[Tid]] = {}
    for t in qs:
        lista = ut.setdefault(t.vardenhet_id, [])
        if len(lista) < antal:
            lista.append(t)
    return ut


# --- the citizen app ---


def tidstyper_bokningsbara():
    return Tidstyp.objects.filter(aktiv=True, bokningsbar_i_app=True, dold=False).order_by("namn")


def lediga_tider_sok(
    *,
    invanare: Invanare,
    tidstyp_id: int,
    vardenhet_id: int | None = None,
    datum: datetime.date | None = None,
    ort: str = "",
    antal: int = 50,
    tid_id: int | None = None,
) -> list[Tid]:
    """Free slots of an app-bookable time type, soonest first; one query (two with an area). ``tid_id``: only
    that slot, if the search would offer it to her (the citizen web's booking page).

    Who may book which slot: bokning.regler (listing, the regional vaccination timebook, booking criteria).
    """
    nu = timezone.now()
    if datum is not None:
        fran = max(nu, timezone.make_aware(datetime.datetime.combine(datum, datetime.time.min)))
        till = timezone.make_aware(datetime.datetime.combine(datum + datetime.timedelta(days=1), datetime.time.min))
    else:
        fran, till = nu, nu + datetime.timedelta(days=SOK_MAX_DAGAR)
    qs = Tid.objects.lediga().filter(
        tidstyp_id=tidstyp_id,
        tidstyp__bokningsbar_i_app=True,
        tidstyp__dold=False,
        tidstyp__aktiv=True,
        vardenhet__aktiv=True,
        start__gte=fran,
        start__lt=till,
    )
    qs = qs.filter(tider_oppna_q(invanare=invanare))
    if vardenhet_id is not None:
        qs = qs.filter(vardenhet_id=vardenhet_id)
    if tid_id is not None:
        qs = qs.filter(pk=tid_id)
    if ort:
        # The area's units first (a small table): an area with no unit is answered without reading a slot, where
        # a join would scan every free slot of the 31-day window to find none.
        enheter = list(Vardenhet.objects.filter(ort__iexact=ort, aktiv=True).values_list("pk", flat=True))
        if not enheter:
            return []
        qs = qs.filter(vardenhet_id__in=enheter)
    tider = list(qs.select_related("vardenhet", "tidstyp").order_by("start", "pk")[: min(antal, SOK_MAX_TRAFFAR)])
    return tider_efter_kriterier(invanare=invanare, tider=tider, nu=nu)


def bokningar_i_appen(*, invanare: Invanare) -> list[Bokning]:
    """Her bookings as the app shows them: never hidden time types, nothing for a protected citizen."""
    if invanare.ar_skyddad:
        return []
    return list(
        Bokning.objects.synliga_i_appen()
        .filter(invanare=invanare)
        .select_related("tid__tidstyp", "vardenhet", "halsodeklaration")
        .order_by("-tid__start")[:200]
    )


# --- staff ---


def tidbocker_for_enhet(*, vardenhet_id: int) -> list[Tidbok]:
    return list(
        Tidbok.objects.filter(Q(vardenhet_id=vardenhet_id) | Q(gemensam=True, deltagande_enheter=vardenhet_id))
        .distinct()
        .order_by("-gemensam", "namn")
    )


def tider_i_tidbok(*, tidbok: Tidbok, vardenhet_id: int, fran: datetime.date, till: datetime.date) -> list[Tid]:
    """Slots of [fran, till) with their active bookings and declarations, in three queries.

    In the regional timebook a vaccination unit sees its own slots; the owning unit sees all.
    """
    tz = timezone.get_current_timezone()
    qs = Tid.objects.filter(
        tidbok=tidbok,
        start__gte=timezone.make_aware(datetime.datetime.combine(fran, datetime.time.min), tz),
        start__lt=timezone.make_aware(datetime.datetime.combine(till, datetime.time.min), tz),
    )
    if tidbok.vardenhet_id != vardenhet_id:
        qs = qs.filter(vardenhet_id=vardenhet_id)
    aktiva = Bokning.objects.exclude(status=Bokning.Status.AVBOKAD).select_related(
        "invanare", "halsodeklaration", "vaccination"
    )
    return list(
        qs.select_related("tidstyp", "resurs", "vardenhet")
        .prefetch_related(Prefetch("bokningar", queryset=aktiva, to_attr="aktuella_bokningar"))
        .order_by("start", "resurs__namn")[:2000]
    )


def tidbok_for_personal(*, aktor: Aktor, tidbok: Tidbok, fran: datetime.date, till: datetime.date) -> list[Tid]:
    """The slots as the unit's staff see them. Names and declarations only on the own unit's slots (its care
    relation; one access-log row per citizen shown). On other units' slots of the regional timebook only how many
    are booked (``andra_enhetens_antal``; their bookings are taken off the slot, not left to the template)."""
    tider = tider_i_tidbok(tidbok=tidbok, vardenhet_id=aktor.vardenhet_id, fran=fran, till=till)
    personer = {}
    for t in tider:
        if t.vardenhet_id == aktor.vardenhet_id:
            t.andra_enhetens_antal = None
            personer.update((b.invanare_id, b.invanare) for b in t.aktuella_bokningar)
        else:
            t.andra_enhetens_antal, t.aktuella_bokningar = len(t.aktuella_bokningar), []
    if personer:
        atkomst_logga_flera(aktor=aktor, invanare_lista=personer.values(), handelse=Handelse.LASNING,
                            utfall=Utfall.TILLATEN, vad="bokning: tidbok")
    return tider


def bokningar_for_invanare(*, invanare: Invanare, vardenhet_id: int):
    """The citizen's bookings at this unit (hidden time types included: they are hidden from the citizen only)."""
    return (
        Bokning.objects.filter(invanare=invanare)
        .filter(Q(vardenhet_id=vardenhet_id) | Q(tid__tidbok__vardenhet_id=vardenhet_id))
        .select_related("tid__tidstyp", "tid__resurs", "vardenhet", "halsodeklaration", "vaccination")
    )


def bokningar_for_oversikt(*, invanare: Invanare, vardenhet_id: int) -> list[Bokning]:
    return list(bokningar_for_invanare(invanare=invanare, vardenhet_id=vardenhet_id).order_by("-tid__start")[:10])


def dagens_flaggade(*, vardenhet_id: int) -> int:
    idag = timezone.localdate()
    tz = timezone.get_current_timezone()
    return Bokning.objects.filter(
        vardenhet_id=vardenhet_id,
        status=Bokning.Status.BOKAD,
        halsodeklaration__flaggad=True,
        tid__start__gte=timezone.make_aware(datetime.datetime.combine(idag, datetime.time.min), tz),
        tid__start__lt=timezone.make_aware(datetime.datetime.combine(idag + datetime.timedelta(days=1), datetime.time.min), tz),
    ).count()


@dataclass(frozen=True)
class Dagsiffror:
    bokade: int
    flaggade: int


def dagens_bokningar(*, vardenhet_id: int) -> Dagsiffror:
    idag = timezone.localdate()
    tz = timezone.get_current_timezone()
    rader = Bokning.objects.filter(
        vardenhet_id=vardenhet_id,
        status=Bokning.Status.BOKAD,
        tid__start__gte=timezone.make_aware(datetime.datetime.combine(idag, datetime.time.min), tz),
        tid__start__lt=timezone.make_aware(datetime.datetime.combine(idag + datetime.timedelta(days=1), datetime.time.min), tz),
    ).aggregate(bokade=Count("pk"), flaggade=Count("pk", filter=Q(halsodeklaration__flaggad=True)))
    return Dagsiffror(bokade=rader["bokade"], flaggade=rader["flaggade"])


# --- the visits hook (invanare.besok) ---

BESOK_STATUS = {
    Bokning.Status.BOKAD: "bokad",
    Bokning.Status.GENOMFORD: "genomford",
    Bokning.Status.AVBOKAD: "avbokad",
    Bokning.Status.UTEBLEV: "uteblev",
}


def bokningar_som_besok(*, invanare_ids, vardenhet_id: int) -> list[Besok]:
    """One query for any number of citizens."""
    rader = Bokning.objects.filter(invanare_id__in=list(invanare_ids), vardenhet_id=vardenhet_id).values_list(
        "pk", "invanare_id", "vardenhet_id", "tid__start", "status"
    )
    return [
        Besok(invanare_id=inv, vardenhet_id=enhet, start=start, status=BESOK_STATUS[status], kalla=f"bokning:{pk}")
        for pk, inv, enhet, start, status in rader
    ]


# --- the hidden-bookings hook (invanare.dolja) ---


def dolda_bokningar(*, invanare_ids, vardenhet_id: int) -> dict[int, int]:
    """Upcoming active bookings on a hidden time type per citizen at the unit; one query."""
    rader = (
        Bokning.objects.filter(invanare_id__in=list(invanare_ids), vardenhet_id=vardenhet_id, status=Bokning.Status.BOKAD,
                               tid__tidstyp__dold=True, tid__start__gte=timezone.now())
        .values("invanare_id")
        .annotate(antal=Count("pk"))
    )
    return {r["invanare_id"]: r["antal"] for r in rader}
