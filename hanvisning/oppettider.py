"""Open now, and when next: pure functions over a unit's regular hours and date exceptions.

Hours are half-open intervals of minutes from local midnight, [fran, till), with till 1440 for midnight;
an exception on a date replaces that weekday's regular hours. Intervals that meet at midnight run on, so a
unit open around the clock is "open, closes …" only where it really closes.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from hanvisning.models import MINUTER_PER_DYGN

HORISONT_DAGAR = 8


@dataclass(frozen=True)
class Timmar:
    """A unit's hours, as loaded once: weekday → intervals, date → intervals (empty list = closed)."""

    veckodagar: dict[int, list[tuple[int, int]]]
    undantag: dict[datetime.date, list[tuple[int, int]]]

    def for_dag(self, dag: datetime.date) -> list[tuple[int, int]]:
        if dag in self.undantag:
            return self.undantag[dag]
        return self.veckodagar.get(dag.weekday(), [])


@dataclass(frozen=True)
class Oppetlage:
    oppet_nu: bool
    oppnar: datetime.datetime | None  # when closed: the next opening within the horizon
    stanger: datetime.datetime | None  # when open: when it closes (None: not within the horizon)


def _tid(dag: datetime.date, minut: int) -> datetime.datetime:
    naiv = datetime.datetime.combine(dag, datetime.time()) + datetime.timedelta(minutes=minut)
    return timezone.make_aware(naiv)


def minut_pa_dygnet(tid: datetime.datetime) -> tuple[datetime.date, int]:
    lokal = timezone.localtime(tid)
    return lokal.date(), lokal.hour * 60 + lokal.minute


def oppetlage(timmar: Timmar, tid: datetime.datetime) -> Oppetlage:
    dag, minut = minut_pa_dygnet(tid)
    for fran, till in sorted(timmar.for_dag(dag)):
        if fran <= minut < till:
            return Oppetlage(True, None, _stanger(timmar, dag, till))
    for forskjutning in range(HORISONT_DAGAR):
        d = dag + datetime.timedelta(days=forskjutning)
        for fran, _till in sorted(timmar.for_dag(d)):
            if forskjutning > 0 or fran > minut:
                return Oppetlage(False, _tid(d, fran), None)
    return Oppetlage(False, None, None)


def _stanger(timmar: Timmar, dag: datetime.date, till: int) -> datetime.datetime | None:
    for _ in range(HORISONT_DAGAR):
        if till < MINUTER_PER_DYGN:
            # Another interval of the same day that starts where this one ends continues it.
            fortsattning = [t for f, t in timmar.for_dag(dag) if f == till]
            if not fortsattning:
                return _tid(dag, till)
            till = max(fortsattning)
            continue
        nasta = dag + datetime.timedelta(days=1)
        fortsattning = [t for f, t in timmar.for_dag(nasta) if f == 0]
        if not fortsattning:
            return _tid(nasta, 0)
        dag, till = nasta, max(fortsattning)
    return None


def minuter(text: str) -> int:
    """'08:30' → 510, '24:00' → 1440. Raises ValueError with a Swedish message."""
    try:
        h, m = text.strip().split(":")
        h, m = int(h), int(m)
    except (AttributeError, ValueError):
        raise ValueError(f"Tiden {text!r} ska skrivas tt:mm, t.ex. 08:00.") from None
    if not (0 <= h <= 24 and 0 <= m < 60) or h * 60 + m > MINUTER_PER_DYGN:
        raise ValueError(f"Tiden {text!r} finns inte (00:00–24:00).")
    return h * 60 + m


def klockslag(minut: int) -> str:
    return f"{minut // 60:02d}:{minut % 60:02d}"
