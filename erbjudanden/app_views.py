"""The citizen app's API for targeted offers, under /api/app/v1/erbjudanden/:

    GET  ""                 her offers
    POST {id}/oppna/        marks it opened
    POST {id}/boka/         {"tid", "halsodeklaration"}: books through bokning's own service (its rules and
                            double-booking guarantee, the unit's booking criteria)
    POST {id}/avboj/        declines it
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from pydantic import Field

from bokning.app_schemas import BokaIn
from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import fran_service
from invanare.app_api.schemas import FEL
from invanare.behorighet import Syfte

from . import selectors, services
from .models import Mottagare

router = Router(tags=["erbjudanden"], auth=AppAuth(Syfte.OVERSIKT))


class Erbjudande(Schema):
    id: int = Field(description="Mottagarradens id: det id som de andra anropen tar.")
    titel: str = Field(examples=["Vaccination mot säsongsinfluensa"])
    text: str
    atgard: str = Field(examples=["boka"])
    atgard_text: str
    tidbok: int | None
    tidstyp: int | None
    giltig_fran: datetime.date
    giltig_till: datetime.date
    status: str = Field(examples=["skickat"])
    status_text: str
    bokning: int | None


class Erbjudanden(Schema):
    erbjudanden: list[Erbjudande]


def _json(m: Mottagare) -> dict:
    e = m.erbjudande
    return {
        "id": m.pk, "titel": e.titel, "text": e.text, "atgard": e.atgard, "atgard_text": e.get_atgard_display(),
        "tidbok": e.tidbok_id, "tidstyp": e.tidstyp_id, "giltig_fran": e.giltig_fran, "giltig_till": e.giltig_till,
        "status": m.status, "status_text": m.get_status_display(), "bokning": m.bokning_id,
    }


def _svar(funktion, request, mottagare_id: int, **kwargs) -> dict:
    try:
        m = funktion(invanare=request.app.invanare, mottagare_id=mottagare_id, **kwargs)
    except ValidationError as err:
        raise fran_service(err) from None
    return _json(m)


@router.get("", response={200: Erbjudanden, **FEL}, url_name="erbjudanden_lista", summary="Hennes erbjudanden")
def lista(request):
    return {"erbjudanden": [_json(m) for m in selectors.invanarens_erbjudanden(invanare=request.app.invanare)]}


@router.post("{int:mottagare_id}/oppna/", response={200: Erbjudande, **FEL}, url_name="erbjudanden_oppna",
             summary="Markera erbjudandet som öppnat")
def oppna(request, mottagare_id: int):
    return _svar(services.mottagare_oppna, request, mottagare_id)


@router.post("{int:mottagare_id}/avboj/", response={200: Erbjudande, **FEL}, url_name="erbjudanden_avboj",
             summary="Tacka nej till erbjudandet")
def avboj(request, mottagare_id: int):
    return _svar(services.mottagare_avboj, request, mottagare_id)


@router.post("{int:mottagare_id}/boka/", response={200: Erbjudande, **FEL}, url_name="erbjudanden_boka",
             summary="Boka en tid från erbjudandet", auth=AppAuth(Syfte.BOKNING))
def boka(request, mottagare_id: int, inn: BokaIn):
    deklaration = inn.halsodeklaration.model_dump() if inn.halsodeklaration else None
    return _svar(services.mottagare_boka, request, mottagare_id, aktor=request.app.aktor, tid_id=inn.tid,
                 halsodeklaration=deklaration)
