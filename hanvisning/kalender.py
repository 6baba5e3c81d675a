"""Swedish public holidays (allmänna helgdagar, lag 1989:253) and the eves treated like them, computed from
the year: Easter by the Gregorian computus, midsummer and All Saints' Day by their weekday rules.

A moment's ``dagtyp`` is what referral rules match on: a public holiday wins over an eve, an eve over a
Saturday or Sunday, and anything else is a weekday.
"""
from __future__ import annotations

import datetime
from functools import lru_cache

from hanvisning.models import Dagtyp

_D = datetime.date


def paskdagen(ar: int) -> datetime.date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = ar % 19, ar // 100, ar % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    manad = (h + l - 7 * m + 114) // 31
    dag = (h + l - 7 * m + 114) % 31 + 1
    return _D(ar, manad, dag)


def _lordag_mellan(ar: int, manad: int, fran: int) -> datetime.date:
    """The Saturday in the seven days starting ``fran`` of ``manad`` (may spill into the next month)."""
    start = _D(ar, manad, fran)
    return start + datetime.timedelta(days=(5 - start.weekday()) % 7)


@lru_cache(maxsize=64)
def helgdagar(ar: int) -> dict[datetime.date, str]:
    """The public holidays of the year, date → name (Sundays that are not named holidays are not listed)."""
    pask = paskdagen(ar)
    dag = datetime.timedelta
    midsommardagen = _lordag_mellan(ar, 6, 20)
    return {
        _D(ar, 1, 1): "nyårsdagen",
        _D(ar, 1, 6): "trettondedag jul",
        pask - dag(days=2): "långfredagen",
        pask: "påskdagen",
        pask + dag(days=1): "annandag påsk",
        _D(ar, 5, 1): "första maj",
        pask + dag(days=39): "Kristi himmelsfärdsdag",
        pask + dag(days=49): "pingstdagen",
        _D(ar, 6, 6): "Sveriges nationaldag",
        midsommardagen: "midsommardagen",
        _lordag_mellan(ar, 10, 31): "alla helgons dag",
        _D(ar, 12, 25): "juldagen",
        _D(ar, 12, 26): "annandag jul",
    }


@lru_cache(maxsize=64)
def aftnar(ar: int) -> dict[datetime.date, str]:
    """Eves that the region's opening hours and referral rules treat like holidays (de facto holidays)."""
    pask = paskdagen(ar)
    midsommardagen = _lordag_mellan(ar, 6, 20)
    return {
        pask - datetime.timedelta(days=1): "påskafton",
        midsommardagen - datetime.timedelta(days=1): "midsommarafton",
        _D(ar, 12, 24): "julafton",
        _D(ar, 12, 31): "nyårsafton",
    }


def dagtyp(dag: datetime.date) -> str:
    if dag in helgdagar(dag.year):
        return Dagtyp.HELGDAG
    if dag in aftnar(dag.year):
        return Dagtyp.AFTON
    if dag.weekday() == 5:
        return Dagtyp.LORDAG
    if dag.weekday() == 6:
        return Dagtyp.SONDAG
    return Dagtyp.VARDAG


def dagens_namn(dag: datetime.date) -> str:
    """'midsommarafton', 'juldagen' … or '' for an ordinary day."""
    return helgdagar(dag.year).get(dag) or aftnar(dag.year).get(dag, "")
