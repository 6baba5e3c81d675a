"""Bounds every input passes, on the staff side (forms) and in the citizen API (schemas): one place.

- text: no NUL (PostgreSQL refuses it) and no lone surrogate (not encodable as UTF-8);
- integers: ASCII digits only (``int()`` would read "²" or "１２３"), within PostgreSQL's column range;
- a person's date: years 1900–2100; other dates the portal searches by: 2000–2100.
"""
from __future__ import annotations

import datetime
import re

PG_INT_MAX = 2_147_483_647
PG_SMALLINT_MAX = 32_767
PG_BIGINT_MAX = 9_223_372_036_854_775_807
PERSON_AR = (1900, 2100)
SOK_AR = (2000, 2100)

ASCII_HELTAL = re.compile(r"-?[0-9]{1,18}")


def otillatna_tecken(text: str) -> bool:
    """NUL or a lone surrogate."""
    return "\x00" in text or any("\ud800" <= c <= "\udfff" for c in text)


def ascii_heltal(text: str) -> int | None:
    """The integer written with ASCII digits (optional leading minus), else None."""
    text = text.strip()
    return int(text) if ASCII_HELTAL.fullmatch(text) else None


def heltal_param(text, *, minst: int = 0, hogst: int = PG_INT_MAX) -> int | None:
    """A GET/POST integer: ASCII digits within [minst, hogst], else None (the view then ignores it or says so)."""
    varde = ascii_heltal(str(text)) if text is not None else None
    return varde if varde is not None and minst <= varde <= hogst else None


def datum_param(text, *, ar: tuple[int, int] = SOK_AR) -> datetime.date | None:
    """A GET/POST date ÅÅÅÅ-MM-DD with its year within ``ar``, else None."""
    if not text or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", str(text)):
        return None
    try:
        datum = datetime.date.fromisoformat(str(text))
    except ValueError:
        return None
    return datum if ar[0] <= datum.year <= ar[1] else None


def har_otillatna_tecken(data) -> bool:
    """Any key or value of a QueryDict with NUL or a lone surrogate."""
    return any(otillatna_tecken(k) or any(otillatna_tecken(v) for v in data.getlist(k) if isinstance(v, str))
               for k in data)
