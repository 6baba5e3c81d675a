"""Keyset paging for the staff lists: a page is read from the sort key of the row before it, never with OFFSET,
so the last page costs what the first does (an index range and a LIMIT). The sort is (a non-null date-time
field, id), both in the same direction; ties on the field are broken by id, so no row is skipped or repeated.

Links carry ``efter`` (the key of the last row shown: the next page), ``fore`` (the key of the first row: the
previous page) or ``sista`` (the last page, read backwards with its true size so that paging back from it meets
the pages counted from the start), and ``sida``, the page number shown ("Sida 3 av 80"), which is only a label.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from vardportalen.granser import PG_BIGINT_MAX, heltal_param

_EPOK = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_MIKRO = datetime.timedelta(microseconds=1)
_NYCKEL = re.compile(r"(-?[0-9]{1,17})_([0-9]{1,18})")


@dataclass(frozen=True)
class Sida:
    rader: list
    sida: int
    sidor: int
    foregaende: str | None  # query string of the previous page, None on the first
    nasta: str | None
    sista: str | None  # query string of the last page, None when this is it
    denna: str  # query string that reloads this page (htmx refresh)


def nyckel(rad, falt: str) -> str:
    return f"{(getattr(rad, falt) - _EPOK) // _MIKRO}_{rad.pk}"


def _las(text) -> tuple[datetime.datetime, int] | None:
    traff = _NYCKEL.fullmatch(text or "")
    if not traff:
        return None
    try:
        varde = _EPOK + int(traff.group(1)) * _MIKRO
    except OverflowError:
        return None
    pk = heltal_param(traff.group(2), hogst=PG_BIGINT_MAX)
    return None if pk is None else (varde, pk)


def _bortom(qs: QuerySet, falt: str, varde, pk: int, *, fallande: bool) -> QuerySet:
    """Rows after (varde, pk) in the order (falt, pk), descending or ascending; the plain bound on ``falt``
    lets PostgreSQL start the index scan at the key."""
    lt, le = ("lt", "lte") if fallande else ("gt", "gte")
    return qs.filter(**{f"{falt}__{le}": varde}).filter(Q(**{f"{falt}__{lt}": varde}) | Q(**{falt: varde, f"pk__{lt}": pk}))


def nyckelsida(qs: QuerySet, *, falt: str, fallande: bool, antal: int, storlek: int, efter: str = "", fore: str = "",
               sista: bool = False, sida: int = 1) -> Sida:
    """One page of ``qs`` (``antal`` rows in all, counted by the caller) in the order (falt, pk); one query."""
    framat = [f"-{falt}", "-pk"] if fallande else [falt, "pk"]
    bakat = [falt, "pk"] if fallande else [f"-{falt}", "-pk"]
    sidor = max(1, -(-antal // storlek))
    rader, har_fore, har_nasta = None, False, False
    if sista and sidor > 1:
        rader = list(qs.order_by(*bakat)[:antal - (sidor - 1) * storlek])[::-1]
        har_fore, sida = True, sidor
    elif (k := _las(efter)) is not None:
        rader = list(_bortom(qs, falt, *k, fallande=fallande).order_by(*framat)[:storlek + 1])
        har_nasta, rader, har_fore = len(rader) > storlek, rader[:storlek], True
        sida = max(2, min(sida, sidor - 1 if har_nasta else sidor))
    elif (k := _las(fore)) is not None:
        rader = list(_bortom(qs, falt, *k, fallande=not fallande).order_by(*bakat)[:storlek + 1])
        har_fore, rader, har_nasta = len(rader) > storlek, rader[:storlek][::-1], True
        sida = max(2, min(sida, sidor - 1))
        if not har_fore:
            rader = None  # back at the start: the first page, full
    if not rader:  # the first page, or a key past the rows that are left
        rader = list(qs.order_by(*framat)[:storlek + 1])
        har_nasta, rader, har_fore, sida = len(rader) > storlek, rader[:storlek], False, 1
    denna = (f"efter={efter}&sida={sida}" if efter and har_fore and not sista else
             f"fore={fore}&sida={sida}" if fore and har_fore and not sista else "sista=1" if sista and har_fore else "")
    return Sida(
        rader=rader, sida=sida, sidor=max(sidor, sida),
        foregaende=f"fore={nyckel(rader[0], falt)}&sida={sida - 1}" if har_fore else None,
        nasta=f"efter={nyckel(rader[-1], falt)}&sida={sida + 1}" if har_nasta else None,
        sista="sista=1" if har_nasta else None,
        denna=denna,
    )
