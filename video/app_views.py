"""The citizen app's side of video meetings (the citizen web will use the same), under /api/app/v1/video/:

    GET  ""                 the meetings of the person acted for that are not over
    POST {id}/anslut/       a single-use join token for that meeting, and the page to open

The app opens ``url`` (the join page with the token in its fragment) in a browser view; the page redeems the
token and waits in the waiting room. far_agera(Syfte.VIDEO) is asked by AppAuth on every request and again
when the token is redeemed and when the host admits her.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.urls import reverse
from ninja import Router, Schema
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import ApiFel
from invanare.app_api.schemas import FEL
from invanare.behorighet import Syfte
from video import selectors, services

router = Router(tags=["video"], auth=AppAuth(Syfte.VIDEO))


class Mote(Schema):
    id: int
    typ: str = Field(examples=["1_1"])
    typ_namn: str = Field(examples=["Videomöte 1:1"])
    rubrik: str
    enhet: str = Field(examples=["Vårdcentral Gubbängen"])
    start: datetime.datetime
    slut: datetime.datetime
    status: str


class Moten(Schema):
    moten: list[Mote]


class Anslutning(Schema):
    mote: int
    token: str = Field(description="Engångstoken, giltig en kort stund.")
    giltig_till: datetime.datetime
    url: str = Field(description="Sidan att öppna; token står i fragmentet och når aldrig en serverlogg.")


def _mote_json(mote) -> dict:
    return {"id": mote.pk, "typ": mote.typ, "typ_namn": mote.get_typ_display(), "rubrik": mote.rubrik,
            "enhet": mote.vardenhet.namn, "start": mote.start, "slut": mote.slut, "status": mote.status}


@router.get("", response={200: Moten, **FEL}, url_name="video_moten", summary="Hennes videomöten som inte är över")
def moten(request):
    return {"moten": [_mote_json(m) for m in selectors.moten_for_app(invanare=request.app.invanare)]}


@router.post("{int:mote_id}/anslut/", response={200: Anslutning, **FEL}, url_name="video_anslut",
             summary="Hämta en engångstoken för att ansluta till mötet")
def anslut(request, mote_id: int):
    try:
        rad, token = services.anslutningstoken_create(aktor=request.app.aktor, invanare=request.app.invanare,
                                                      mote_id=mote_id)
    except ValidationError as err:
        status = 404 if err.code == "finns_inte" else 409
        raise ApiFel(status, err.code or "ej_tillaten", " ".join(err.messages)) from None
    sida = request.build_absolute_uri(reverse("video:delta", args=[rad.mote_id]))
    return {"mote": rad.mote_id, "token": token, "giltig_till": rad.giltig_till, "url": f"{sida}#token={token}"}
