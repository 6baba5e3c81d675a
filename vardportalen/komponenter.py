"""The shared page components' logic (templates in templates/komponenter/, tags in templatetags/komponenter.py).

- ``lista(qs, request=..., sorteringar=..., standard=...)``: a server-side sorted and paged list (``?ordning=``,
  ``?sida=``), so tables sort and page without JavaScript.
- ``bekraftelse_kravs(request)`` / ``Bekraftelse``: the confirmation step of a destructive action. The first
  POST renders the confirmation (the posted fields carried as hidden inputs); only a POST with
  ``bekraftad=ja`` acts. Works without JavaScript.
- ``PATIENTBANNER_MARKERINGAR``: domain apps register what the patient banner shows about a citizen
  (protection, lock), so the ground floor draws the banner without importing them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator

from vardportalen.granser import heltal_param

SIDSTORLEK = 25


@dataclass
class Lista:
    sida: Page
    ordning: str
    fallande: bool

    @property
    def rader(self):
        return self.sida.object_list


def lista(qs, *, request, sorteringar: dict[str, tuple[str, ...]], standard: str, storlek: int = SIDSTORLEK) -> Lista:
    """``sorteringar``: column key -> order_by fields (ascending); ``standard``: key, "-" first for descending.
    An unknown ``ordning`` falls back to the standard, an out-of-range page to the nearest page."""
    text = request.GET.get("ordning") or standard
    fallande = text.startswith("-")
    nyckel = text.lstrip("-")
    if nyckel not in sorteringar:
        fallande, nyckel = standard.startswith("-"), standard.lstrip("-")
    falt = [f"-{f.lstrip('-')}" if fallande != f.startswith("-") else f.lstrip("-") for f in sorteringar[nyckel]]
    if hasattr(qs, "order_by"):
        qs = qs.order_by(*falt, "-pk" if fallande else "pk")
    sida = Paginator(qs, storlek).get_page(heltal_param(request.GET.get("sida"), minst=1, hogst=100_000) or 1)
    return Lista(sida=sida, ordning=nyckel, fallande=fallande)


def bekraftelse_kravs(request) -> bool:
    """True while the POST has not been confirmed yet (no ``bekraftad=ja``)."""
    return request.POST.get("bekraftad") != "ja"


@dataclass
class Bekraftelse:
    rubrik: str
    text: str
    knapp: str
    action: str
    avbryt_url: str
    falt: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def fran_post(cls, request, *, rubrik: str, text: str, knapp: str, avbryt_url: str, action: str = "") -> Bekraftelse:
        falt = [(k, v) for k in request.POST if k not in ("csrfmiddlewaretoken", "bekraftad")
                for v in request.POST.getlist(k)]
        return cls(rubrik=rubrik, text=text, knapp=knapp, action=action or request.path, avbryt_url=avbryt_url,
                   falt=falt)


@dataclass(frozen=True)
class Markering:
    text: str
    klass: str = ""


# Callables (invanare) -> list[Markering], appended in AppConfig.ready() of the app that knows the rule.
PATIENTBANNER_MARKERINGAR: list = []


def patientbanner_markeringar(invanare) -> list[Markering]:
    return [m for provider in PATIENTBANNER_MARKERINGAR for m in provider(invanare)]
