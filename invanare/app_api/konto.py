"""Deregistering the account from the app, optionally locking it, in several confirmation steps.

    POST konto/avregistrera/ {"sparra": true}                         -> steg 1: consequences + bekraftelse
    POST konto/avregistrera/ {"bekraftelse": "...", "forstar": true}  -> steg 2: "you cannot unlock it yourself"
    POST konto/avregistrera/ {"bekraftelse": "...", "bekraftar": true}-> done: deregistered (and locked)

Without "sparra" the same steps deregister only. The citizen web (alltidoppet.installningar_views) walks the
same steps with these tokens and texts. Each confirmation is a signed, short-lived token bound to
the session and the step, so a step can't be skipped or replayed in another session. Only the account
holder herself may do this (Syfte.KONTO: a proxy is refused by far_agera).
"""
from django.core import signing
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import OgiltigBegaran
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import Bool, Text
from invanare.behorighet import Syfte
from invanare.services import konto_avregistrera

router = Router(tags=["konto"], auth=AppAuth(Syfte.KONTO))

SALT = "invanare.konto.avregistrera"
GILTIG_SEKUNDER = 600


def _token(session_id: int, steg: int, sparra: bool) -> str:
    return signing.dumps({"s": session_id, "steg": steg, "sparra": sparra}, salt=SALT)


def _las_token(token, session_id: int) -> dict:
    try:
        data = signing.loads(str(token), salt=SALT, max_age=GILTIG_SEKUNDER)
    except signing.SignatureExpired:
        raise OgiltigBegaran(_("Bekräftelsen har gått ut. Börja om."), kod="bekraftelse_utgangen") from None
    except signing.BadSignature:
        raise OgiltigBegaran(_("Bekräftelsen är inte giltig. Börja om."), kod="bekraftelse_ogiltig") from None
    if data.get("s") != session_id:
        raise OgiltigBegaran(_("Bekräftelsen är inte giltig. Börja om."), kod="bekraftelse_ogiltig")
    return data


def _konsekvenser(sparra: bool) -> str:
    text = _("Om du avregistrerar ditt konto får du inte längre e-dokument i Alltid öppet, och du kan inte "
             "chatta, boka eller se dina bokningar här. Dina ombud kan inte heller agera för dig här.")
    if sparra:
        text += " " + _("Du har valt att också spärra kontot: då kan varken du eller något ombud logga in på det.")
    return text


def _varning(sparra: bool) -> str:
    return (_("Du kan inte låsa upp kontot själv. För att låsa upp det måste du kontakta vården.") if sparra
            else _("Du kan registrera kontot igen genom att logga in på nytt."))


def _klart(sparra: bool) -> str:
    return (_("Ditt konto är avregistrerat och spärrat. Kontakta vården om du vill låsa upp det.") if sparra
            else _("Ditt konto är avregistrerat."))


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
            "steg": 1, "steg_totalt": 3, "sparra": sparra, "text": _konsekvenser(sparra),
            "bekraftelse": _token(session_id, 1, sparra),
        }
    steg = _las_token(token, session_id)
    sparra = bool(steg["sparra"])
    if steg["steg"] == 1:
        if inn.forstar is not True:
            raise OgiltigBegaran(_("Bekräfta att du har läst vad som händer (forstar: true)."), kod="ej_bekraftat")
        text = _varning(sparra)
        return {"steg": 2, "steg_totalt": 3, "sparra": sparra, "text": text, "bekraftelse": _token(session_id, 2, sparra)}
    if steg["steg"] == 2:
        if inn.bekraftar is not True:
            raise OgiltigBegaran(_("Bekräfta ditt val (bekraftar: true)."), kod="ej_bekraftat")
        konto_avregistrera(invanare=request.app.aktor, sparra=sparra)
        text = _klart(sparra)
        return {"steg": 3, "steg_totalt": 3, "klart": True, "sparrat": sparra, "text": text}
    raise OgiltigBegaran(_("Bekräftelsen är inte giltig. Börja om."), kod="bekraftelse_ogiltig")
