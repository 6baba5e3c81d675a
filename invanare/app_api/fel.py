"""The citizen API's errors: one JSON shape, always with a Swedish message.

    {"fel": {"kod": "ogiltig_begaran", "meddelande": "…", "falt": {"tid": ["Ska vara ett heltal."]}}}

``ApiFel`` (any status) and ``OgiltigBegaran`` (400) may be raised anywhere below a view; the handlers
registered on the NinjaAPI (invanare.app_api.api) and the middleware for the prefix
(vardportalen.middleware.AppApiFelMiddleware) turn every other failure into this shape too: pydantic
validation, unparseable bodies, too-large bodies, unknown paths, wrong methods, a database that restarts.
"""
from __future__ import annotations

from django.http import JsonResponse
from django.utils.translation import gettext as _


class ApiFel(Exception):
    """An error answer: HTTP status, a stable machine code and a Swedish message."""

    def __init__(self, status: int, kod: str, meddelande: str, *, falt: dict | None = None, **extra):
        super().__init__(meddelande)
        self.status = status
        self.kod = kod
        self.meddelande = str(meddelande)
        self.falt = falt or {}
        self.extra = extra

    def svar(self) -> JsonResponse:
        return fel(self.status, self.kod, self.meddelande, **({"falt": self.falt} if self.falt else {}), **self.extra)


class OgiltigBegaran(ApiFel):
    """Bad input from the app; the message (Swedish) goes back in a 400 reply."""

    def __init__(self, meddelande: str, kod: str = "ogiltig_begaran", falt: dict | None = None):
        super().__init__(400, kod, meddelande, falt=falt)


def fel(status: int, kod: str, meddelande: str, **extra) -> JsonResponse:
    return JsonResponse({"fel": {"kod": kod, "meddelande": str(meddelande), **extra}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def ej_inloggad() -> ApiFel:
    return ApiFel(401, "ej_inloggad", _("Du är inte inloggad, eller så har sessionen gått ut. Logga in igen."))


def for_stor() -> ApiFel:
    return ApiFel(413, "for_stor", _("Begäran är för stor."))


def finns_inte(meddelande: str | None = None) -> ApiFel:
    return ApiFel(404, "finns_inte", meddelande or _("Det du frågar efter finns inte."))


def fel_metod() -> ApiFel:
    return ApiFel(405, "fel_metod", _("Metoden stöds inte."))


def forsok_igen() -> ApiFel:
    return ApiFel(503, "forsok_igen", _("Tjänsten är tillfälligt otillgänglig. Försök igen om en stund."))


def internt_fel() -> ApiFel:
    return ApiFel(500, "internt_fel", _("Något gick fel hos oss. Försök igen om en stund."))


# --- pydantic's error types in Swedish ---


def _pydantic_text(typ: str, ctx: dict) -> str:
    if typ == "missing":
        return _("Fältet saknas.")
    if typ in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return _("Ska vara ett heltal (siffrorna 0–9).")
    if typ in ("bool_type", "bool_parsing"):
        return _("Ska vara true eller false.")
    if typ in ("string_type", "string_unicode"):
        return _("Ska vara en textsträng.")
    if typ == "string_too_long":
        return _("Får vara högst %(n)s tecken.") % {"n": ctx.get("max_length")}
    if typ == "string_too_short":
        return _("Måste vara minst %(n)s tecken.") % {"n": ctx.get("min_length")}
    if typ == "string_pattern_mismatch":
        return _("Har fel format.")
    if typ in ("greater_than_equal", "greater_than"):
        return _("Ska vara minst %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if typ in ("less_than_equal", "less_than"):
        return _("Får vara högst %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if typ in ("list_type", "tuple_type", "set_type"):
        return _("Ska vara en lista.")
    if typ == "too_short":
        return _("Ska ha minst %(n)s element.") % {"n": ctx.get("min_length")}
    if typ == "too_long":
        return _("Får ha högst %(n)s element.") % {"n": ctx.get("max_length")}
    if typ.startswith("date"):
        return _("Datum ska skrivas ÅÅÅÅ-MM-DD.")
    if typ in ("model_type", "dict_type", "model_attributes_type"):
        return _("Ska vara ett JSON-objekt.")
    if typ in ("literal_error", "enum"):
        return _("Ogiltigt värde; tillåtna värden: %(v)s.") % {"v": ctx.get("expected", "")}
    if typ == "extra_forbidden":
        return _("Okänt fält.")
    if typ in ("value_error", "assertion_error") and ctx.get("error"):
        return str(ctx["error"])
    return _("Värdet är ogiltigt.")


KALLOR = {"body", "query", "path", "form", "file", "header", "cookie"}


def fran_valideringsfel(errors: list[dict]) -> ApiFel:
    """ninja's ValidationError (list of pydantic errors with loc=(source, param, field, ...)) as one 400."""
    falt: dict[str, list[str]] = {}
    for e in errors:
        loc = [str(x) for x in e.get("loc", ())]
        if loc and loc[0] in KALLOR:
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in ("inn", "data", "payload"):
            loc = loc[1:]
        namn = ".".join(loc) or "begaran"
        falt.setdefault(namn, []).append(_pydantic_text(e.get("type", ""), e.get("ctx") or {}))
    delar = "; ".join(f"{namn}: {' '.join(texter)}" for namn, texter in falt.items())
    return OgiltigBegaran(_("Begäran innehåller fel. %(delar)s") % {"delar": delar}, falt=falt)
