"""The citizen app's notice settings (under /api/app/v1/notiser/). Always the logged-in citizen's own, also
while she acts for someone else: the phone and the choice are hers.

    POST enheter/              {"token": "...", "plattform": "ios"|"android"}  -> 201 {"id", "plattform"}
    POST enheter/avregistrera/ {"token": "..."}                                -> {"avregistrerad": true|false}
    GET  val/                                                                  -> {"sms", "push", "enheter"}
    POST val/                  {"sms": true, "push": false}                    -> {"sms", "push", "enheter"}
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import OgiltigBegaran
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import Bool, Text
from notiser.models import Notisval, PushEnhet
from notiser.push.services import push_enhet_avregistrera, push_enhet_registrera
from notiser.services import notisval_satt

router = Router(tags=["notiser"], auth=AppAuth(None))


def _fel(err: ValidationError) -> OgiltigBegaran:
    if hasattr(err, "error_dict"):
        falt = {k: [v[0].messages[0]] for k, v in err.error_dict.items()}
        return OgiltigBegaran(" ".join(f[0] for f in falt.values()), falt=falt)
    return OgiltigBegaran(err.messages[0])


class EnhetIn(Schema):
    token: Text(4096, example="fcm:APA91b…") | None = Field(None, description="Push-token från telefonen.")
    plattform: Text(16, example="ios") | None = Field(None, description="ios eller android.")


class Telefon(Schema):
    id: int
    plattform: str = Field(examples=["ios"])


class TelefonAvregistreraIn(Schema):
    token: Text(4096, example="fcm:APA91b…") | None = None


class Avregistrerad(Schema):
    avregistrerad: bool


class ValIn(Schema):
    sms: Bool | None = None
    push: Bool | None = None


class Val(Schema):
    sms: bool
    push: bool
    enheter: int


@router.post("enheter/", response={201: Telefon, **FEL}, url_name="notiser_enheter", summary="Registrera telefonen för push")
def enheter(request, inn: EnhetIn):
    try:
        enhet = push_enhet_registrera(invanare=request.app.aktor, token=inn.token, plattform=inn.plattform)
    except ValidationError as err:
        raise _fel(err) from None
    return Status(201, {"id": enhet.pk, "plattform": enhet.plattform})


@router.post("enheter/avregistrera/", response={200: Avregistrerad, **FEL}, url_name="notiser_enhet_avregistrera",
             summary="Avregistrera telefonen")
def enhet_avregistrera(request, inn: TelefonAvregistreraIn):
    return {"avregistrerad": push_enhet_avregistrera(invanare=request.app.aktor, token=inn.token) > 0}


def _val_json(invanare) -> dict:
    val = Notisval.objects.filter(invanare=invanare).first()
    return {"sms": val.sms if val else True, "push": val.push if val else True,
            "enheter": PushEnhet.objects.filter(invanare=invanare, aktiv=True).count()}


@router.get("val/", response={200: Val, **FEL}, url_name="notiser_val", summary="Hennes val av notiser")
def val(request):
    return _val_json(request.app.aktor)


@router.post("val/", response={200: Val, **FEL}, url_name="notiser_val_satt", summary="Välj sms och push")
def val_satt(request, inn: ValIn):
    try:
        notisval_satt(invanare=request.app.aktor, sms=inn.sms, push=inn.push)
    except ValidationError as err:
        raise _fel(err) from None
    return _val_json(request.app.aktor)
