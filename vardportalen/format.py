"""Swedish formats, from one place: dates, durations, numbers, postal codes, identity numbers.

Pages use them as template filters (vardportalen/templatetags/svenska.py, a builtin: no ``{% load %}``);
Python code (SMS, panels, PDFs) calls them directly. Own tables rather than the active translation, so a
Celery task or a page with another active language still writes "mån 7 dec 2026 09:00".

Numbers for people get the decimal comma (``tal``); numbers that a machine reads (SVG coordinates, CSS, JS)
must go through ``maskintal``, never through Django's localisation.
"""
from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

VECKODAGAR = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")
VECKODAGAR_LANGA = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MANADER = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
MANADER_LANGA = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                 "oktober", "november", "december")


def _lokal(varde):
    """A datetime in the portal's time zone (naive ones are taken as already local); dates pass through."""
    if isinstance(varde, datetime.datetime) and timezone.is_aware(varde):
        return timezone.localtime(varde)
    return varde


def datum(varde, *, veckodag: bool = True, ar: bool = True, langt: bool = False) -> str:
    """"mån 7 dec 2026"; ``langt``: "måndag 7 december 2026"."""
    if varde in (None, ""):
        return ""
    d = _lokal(varde)
    manad = (MANADER_LANGA if langt else MANADER)[d.month - 1]
    delar = [(VECKODAGAR_LANGA if langt else VECKODAGAR)[d.weekday()]] if veckodag else []
    delar += [str(d.day), manad]
    if ar:
        delar.append(str(d.year))
    return " ".join(delar)


def klockslag(varde) -> str:
    if varde in (None, ""):
        return ""
    t = _lokal(varde)
    return f"{t.hour:02d}:{t.minute:02d}"


def datum_tid(varde, *, ar: bool = True, veckodag: bool = True, langt: bool = False) -> str:
    """"mån 7 dec 2026 09:00"."""
    if varde in (None, ""):
        return ""
    if not isinstance(varde, datetime.datetime):
        return datum(varde, ar=ar, veckodag=veckodag, langt=langt)
    return f"{datum(varde, ar=ar, veckodag=veckodag, langt=langt)} {klockslag(varde)}"


def iso_datum(varde) -> str:
    """"2026-12-07": for tables that compare many dates and for form values."""
    if varde in (None, ""):
        return ""
    return _lokal(varde).strftime("%Y-%m-%d")


def iso_datum_tid(varde) -> str:
    if varde in (None, ""):
        return ""
    return _lokal(varde).strftime("%Y-%m-%d %H:%M")


def varaktighet(delta: datetime.timedelta | None) -> str:
    """How long something has waited, rounded down: "under en minut", "12 min", "5 tim", "2 dygn"."""
    if delta is None:
        return ""
    sekunder = max(int(delta.total_seconds()), 0)
    minuter, timmar = sekunder // 60, sekunder // 3600
    if timmar >= 48:
        return f"{timmar // 24} dygn"
    if timmar >= 1:
        return f"{timmar} tim"
    if minuter >= 1:
        return f"{minuter} min"
    return "under en minut"


def tal(varde, decimaler: int = 1) -> str:
    """A number for people: "1 234,5" (decimal comma, narrow no-break space between thousands, half rounds up)."""
    if varde in (None, ""):
        return ""
    avrundat = Decimal(str(varde)).quantize(Decimal(1).scaleb(-decimaler), rounding=ROUND_HALF_UP)
    return f"{avrundat:,.{decimaler}f}".replace(",", "\u202f").replace(".", ",")


def maskintal(varde) -> str:
    """A number for a machine (SVG, CSS, JS): a point, never a comma or a thousands separator."""
    if varde in (None, ""):
        return "0"
    if isinstance(varde, int) and not isinstance(varde, bool):
        return str(varde)
    try:
        tal_ = float(str(varde).replace(",", ".")) if isinstance(varde, str) else float(varde)
    except (TypeError, ValueError):
        return "0"
    text = f"{tal_:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def postnummer(varde) -> str:
    """"122 45" from "12245" or "122 45"; anything that is not five digits is shown as it is."""
    text = str(varde or "").strip()
    siffror = re.sub(r"\s", "", text)
    if len(siffror) == 5 and siffror.isascii() and siffror.isdigit():
        return f"{siffror[:3]} {siffror[3:]}"
    return text


def identitet(varde, id_typ: str = "") -> str:
    """"19121212-1212" from the twelve-digit canonical form (reservnummer are shown as they are)."""
    text = str(varde or "")
    if id_typ == "reservnummer" or len(text) != 12 or not text.isdigit():
        return text
    return f"{text[:8]}-{text[8:]}"
