"""The terms of use in the app (seed 001, "Samtycke"): read the terms in force, accept them.

    GET  villkor/           -> {"version", "text", "galler_fran", "godkanda", "maste_godkanna", "registrerat"}
    POST villkor/godkann/   {"version": 3} -> {"registrerat": true, "version": 3, "godkanda": "<ISO time>"}

Only the logged-in citizen accepts, for herself (also while acting for someone else): a proxy does not
consent for her principal. Accepting registers the account (invanare.samtycke.villkor_godkann).
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import ApiFel
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import Id
from invanare.models import Invanare
from invanare.samtycke import aktuella_villkor, har_samtycke, maste_godkanna, villkor_godkann

router = Router(tags=["villkor"], auth=AppAuth(None))


class VillkorStatus(Schema):
    version: int | None = Field(examples=[3])
    maste_godkanna: bool
    registrerat: bool


class Villkor(VillkorStatus):
    text: str
    galler_fran: str = Field(examples=["2026-11-01T00:00:00+01:00"])
    godkanda: str | None


class GodkannIn(Schema):
    version: Id = Field(description="Versionen av villkoren hon har läst.")


class Godkant(Schema):
    registrerat: bool
    version: int
    godkanda: str


def villkor_status(invanare: Invanare) -> dict:
    villkor = aktuella_villkor()
    krav = villkor.version if villkor else None
    return {
        "version": krav,
        "maste_godkanna": maste_godkanna(invanare, krav=krav),
        "registrerat": har_samtycke(invanare, krav=krav),
    }


@router.get("villkor/", response={200: Villkor, **FEL}, url_name="villkor", summary="Användarvillkoren som gäller")
def villkor(request):
    aktor = request.app.aktor
    gallande = aktuella_villkor()
    if gallande is None:
        raise ApiFel(404, "villkor_saknas", _("Det finns inga användarvillkor publicerade just nu."))
    return {
        **villkor_status(aktor),
        "text": gallande.text,
        "galler_fran": gallande.publicerad.isoformat(),
        "godkanda": aktor.villkor_godkanda.isoformat() if aktor.villkor_version == gallande.version else None,
    }


@router.post("villkor/godkann/", response={200: Godkant, **FEL}, url_name="villkor_godkann",
             summary="Godkänn villkoren (registrerar kontot)")
def godkann(request, inn: GodkannIn):
    try:
        inv = villkor_godkann(invanare=request.app.aktor, version=inn.version)
    except ValidationError as err:
        raise ApiFel(409 if err.code == "fel_version" else 404, err.code or "ogiltig_begaran", err.messages[0]) from err
    return {"registrerat": True, "version": inv.villkor_version, "godkanda": inv.villkor_godkanda.isoformat()}
