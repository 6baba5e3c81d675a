"""Deregistering the account from the app, optionally locking it, in several confirmation steps.

    POST konto/avregistrera/ {"sparra": true}                         -> steg 1: consequences + bekraftelse
    POST konto/avregistrera/ {"bekraftelse": "...", "forstar": true}  -> steg 2: "you cannot unlock it yourself"
    POST konto/avregistrera/ {"bekraftelse": "...", "bekraftar": true}-> done: deregistered (and locked)

Without "sparra" the same steps deregister only. The steps' tokens and texts are
invanare.services.avregistrering, which the citizen web (alltidoppet.installningar_views) walks too. Only the
account holder herself may do this (Syfte.KONTO: a proxy is refused by far_agera).
"""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import OgiltigBegaran, fran_service
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import Bool, Text
from invanare.behorighet import Syfte
from invanare.services import (
    STEG_TOTALT,
    avregistrering_las_token,
    avregistrering_text,
    avregistrering_token,
    konto_avregistrera,
)

router = Router(tags=["konto"], auth=AppAuth(Syfte.KONTO))


class AvregistreraIn(Schema):
    sparra: Bool = Field(False, description="Steg 1: spärra också kontot.")
    bekraftelse: Text(2000) | None = Field(None, description="Steg 2 och 3: bekräftelsen från föregående svar.")
    forstar: Bool | None = Field(None, description="Steg 2: true när hon har läst konsekvenserna.")
    bekraftar: Bool | None = Field(None, description="Steg 3: true för att avregistrera.")


class AvregistreraUt(Schema):
    steg: int = Field(examples=[1])
    steg_totalt: int = Field(examples=[3])
    text: str
    sparra: bool | None = None
    bekraftelse: str | None = None
    klart: bool | None = None
    sparrat: bool | None = None


@router.post("avregistrera/", response={200: AvregistreraUt, **FEL}, url_name="konto_avregistrera",
             summary="Avregistrera (och spärra) kontot i tre steg", exclude_none=True)
def avregistrera(request, inn: AvregistreraIn):
    session_id = request.app.session.pk
    token = inn.bekraftelse
    if not token:
        sparra = inn.sparra
        return {
            "steg": 1, "steg_totalt": STEG_TOTALT, "sparra": sparra, "text": avregistrering_text(steg=1, sparra=sparra),
            "bekraftelse": avregistrering_token(session_id=session_id, steg=1, sparra=sparra),
        }
    try:
        steg = avregistrering_las_token(token, session_id=session_id)
    except ValidationError as err:
        raise fran_service(err) from None
    sparra = bool(steg["sparra"])
    if steg["steg"] == 1:
        if inn.forstar is not True:
            raise OgiltigBegaran(_("Bekräfta att du har läst vad som händer (forstar: true)."), kod="ej_bekraftat")
        return {
            "steg": 2, "steg_totalt": STEG_TOTALT, "sparra": sparra, "text": avregistrering_text(steg=2, sparra=sparra),
            "bekraftelse": avregistrering_token(session_id=session_id, steg=2, sparra=sparra),
        }
    if steg["steg"] == 2:
        if inn.bekraftar is not True:
            raise OgiltigBegaran(_("Bekräfta ditt val (bekraftar: true)."), kod="ej_bekraftat")
        konto_avregistrera(invanare=request.app.aktor, sparra=sparra)
        return {"steg": 3, "steg_totalt": STEG_TOTALT, "klart": True, "sparrat": sparra,
                "text": avregistrering_text(steg=3, sparra=sparra)}
    raise OgiltigBegaran(_("Bekräftelsen är inte giltig. Börja om."), kod="bekraftelse_ogiltig")
