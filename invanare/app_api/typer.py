"""The citizen API's field types: ranges, lengths and character classes in one place.

Every schema (invanare.app_api.schemas and each app's ``app_schemas``) builds on these, so an id is a
strict JSON integer within PostgreSQL's ``integer`` (never true, 1.5 or "１２３"), a query-string integer
is ASCII digits only, a date is YYYY-MM-DD within its bounds, and text carries no NUL or lone surrogate.
"""
from __future__ import annotations

import datetime
import re
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, BeforeValidator, Field, Strict

from vardportalen.granser import PG_INT_MAX, SOK_AR, otillatna_tecken

_SIFFROR = re.compile(r"[0-9]{1,10}")
_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _ren_text(v: str) -> str:
    if otillatna_tecken(v):
        raise ValueError(str(_("Texten innehåller tecken som inte är tillåtna.")))
    return v


def _ascii_heltal(v):
    if isinstance(v, str):
        if not _SIFFROR.fullmatch(v):
            raise ValueError(str(_("Ska vara ett heltal med siffrorna 0–9.")))
        return int(v)
    return v


def _iso_datum(v):
    if isinstance(v, str) and not _DATUM.fullmatch(v):
        raise ValueError(str(_("Datum ska skrivas ÅÅÅÅ-MM-DD.")))
    return v


def datum_mellan(fran: int, till: int):
    def kontroll(d: datetime.date) -> datetime.date:
        if not (fran <= d.year <= till):
            raise ValueError(str(_("Datum ska ligga mellan år %(a)s och %(b)s.") % {"a": fran, "b": till}))
        return d

    return AfterValidator(kontroll)


# An id in a JSON body: a JSON integer, 1..2^31-1. Booleans, floats and strings are refused.
Id = Annotated[int, Strict(), Field(ge=1, le=PG_INT_MAX, examples=[4711])]
# An id or count in a query string: ASCII digits only.
QueryId = Annotated[int, BeforeValidator(_ascii_heltal), Field(ge=1, le=PG_INT_MAX, examples=[3])]


def QueryHeltal(ge: int, le: int, example: int):
    return Annotated[int, BeforeValidator(_ascii_heltal), Field(ge=ge, le=le, examples=[example])]


def Text(max_length: int, *, min_length: int = 0, example: str = ""):
    return Annotated[str, Strict(), Field(min_length=min_length, max_length=max_length, examples=[example] if example else None),
                     AfterValidator(_ren_text)]


# A date the app searches by (free slots): YYYY-MM-DD, 2000–2100.
SokDatum = Annotated[datetime.date, BeforeValidator(_iso_datum), datum_mellan(*SOK_AR), Field(examples=["2026-12-07"])]
Bool = Annotated[bool, Strict()]
