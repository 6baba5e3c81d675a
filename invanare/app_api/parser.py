"""How the citizen API reads a request body: JSON only, and only JSON that PostgreSQL and our rules accept.

Refused with a Swedish 400 (or 415 for another content type, 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE):
malformed JSON, anything but an object at the top, nesting deeper than MAX_DJUP (checked before the decoder
sees it, so a body nested 50,000 deep never reaches a RecursionError), NaN/Infinity and numbers that overflow
to infinity (1e400), integers longer than 18 digits, text with a NUL byte or a lone surrogate (keys too).
"""
from __future__ import annotations

import json
import math

from django.core.exceptions import RequestDataTooBig
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja.parser import Parser

from invanare.app_api.fel import ApiFel, OgiltigBegaran, for_stor
from vardportalen.granser import otillatna_tecken

MAX_DJUP = 32
MAX_SIFFROR = 18


def _djup(raw: bytes) -> int:
    """The deepest nesting of [ and { outside strings; stops counting once past MAX_DJUP."""
    djup = storst = 0
    i_strang = escape = False
    for b in raw:
        if i_strang:
            if escape:
                escape = False
            elif b == 0x5C:  # backslash
                escape = True
            elif b == 0x22:
                i_strang = False
        elif b == 0x22:
            i_strang = True
        elif b in (0x5B, 0x7B):
            djup += 1
            if djup > storst:
                storst = djup
                if storst > MAX_DJUP:
                    return storst
        elif b in (0x5D, 0x7D):
            djup -= 1
    return storst


def _konstant(namn: str):
    raise OgiltigBegaran(_("Talet %(namn)s är inte tillåtet; skicka ett vanligt tal.") % {"namn": namn}, kod="ogiltigt_tal")


def _flyttal(text: str) -> float:
    varde = float(text)
    if not math.isfinite(varde):
        raise OgiltigBegaran(_("Talet är för stort."), kod="ogiltigt_tal")
    return varde


def _heltal(text: str) -> int:
    if len(text.lstrip("-")) > MAX_SIFFROR:
        raise OgiltigBegaran(_("Talet är för stort."), kod="ogiltigt_tal")
    return int(text)


def _kontrollera_text(varde) -> None:
    stack = [varde]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if otillatna_tecken(v):
                raise OgiltigBegaran(_("Texten innehåller tecken som inte är tillåtna (NUL eller ett ensamt surrogattecken)."),
                                     kod="otillatna_tecken")
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)


def las_body(request) -> bytes:
    try:
        return request.body
    except RequestDataTooBig as err:
        raise for_stor() from err
    except RawPostDataException as err:  # multipart already read
        raise OgiltigBegaran(_("Begäran kunde inte läsas.")) from err


def las_json(raw: bytes) -> dict:
    if _djup(raw) > MAX_DJUP:
        raise OgiltigBegaran(_("Begäran är för djupt nästlad (högst %(n)s nivåer).") % {"n": MAX_DJUP}, kod="for_djup")
    try:
        data = json.loads(raw, parse_constant=_konstant, parse_float=_flyttal, parse_int=_heltal)
    except ApiFel:
        raise
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise OgiltigBegaran(_("Begäran är inte giltig JSON.")) from err
    if not isinstance(data, dict):
        raise OgiltigBegaran(_("Begäran ska vara ett JSON-objekt."))
    _kontrollera_text(data)
    return data


def ar_json(request) -> bool:
    return request.content_type in ("application/json", "") or request.content_type.endswith("+json")


class AppParser(Parser):
    def parse_body(self, request):
        raw = las_body(request)
        if not ar_json(request):
            raise ApiFel(415, "fel_innehallstyp", _("Skicka begäran som JSON (Content-Type: application/json)."))
        return las_json(raw)
