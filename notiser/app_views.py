"""The citizen app's notice settings (under /api/app/v1/notiser/). Always the logged-in citizen's own, also
while she acts for someone else: the phone and the choice are hers.

    POST enheter/              {"token": "...", "plattform": "ios"|"android"}  -> 201 {"id", "plattform"}
    POST enheter/avregistrera/ {"token": "..."}                                -> {"avregistrerad": true|false}
    GET  val/                                                                  -> {"sms", "push", "enheter"}
    POST val/                  {"sms": true, "push": false}                    -> {"sms", "push", "enheter"}
"""
from django.core.exceptions import ValidationError
from django.http import JsonResponse

from invanare.app_api.auth import OgiltigBegaran, app_api, json_body
from notiser.models import Notisval, PushEnhet
from notiser.push.services import push_enhet_avregistrera, push_enhet_registrera
from notiser.services import notisval_satt


def _fel(err: ValidationError) -> OgiltigBegaran:
    if hasattr(err, "error_dict"):
        falt = {k: v[0].messages[0] for k, v in err.error_dict.items()}
        return OgiltigBegaran(" ".join(falt.values()), falt=falt)
    return OgiltigBegaran(err.messages[0])


@app_api(None, metoder=("POST",))
def enheter(request):
    data = json_body(request)
    try:
        enhet = push_enhet_registrera(invanare=request.app.aktor, token=data.get("token"), plattform=data.get("plattform"))
    except ValidationError as err:
        raise _fel(err) from None
    return JsonResponse({"id": enhet.pk, "plattform": enhet.plattform}, status=201)


@app_api(None, metoder=("POST",))
def enhet_avregistrera(request):
    data = json_body(request)
    return JsonResponse({"avregistrerad": push_enhet_avregistrera(invanare=request.app.aktor, token=data.get("token")) > 0})


def _val_json(invanare) -> dict:
    val = Notisval.objects.filter(invanare=invanare).first()
    return {"sms": val.sms if val else True, "push": val.push if val else True,
            "enheter": PushEnhet.objects.filter(invanare=invanare, aktiv=True).count()}


@app_api(None, metoder=("GET", "POST"))
def val(request):
    if request.method == "POST":
        data = json_body(request)
        try:
            notisval_satt(invanare=request.app.aktor, sms=data.get("sms"), push=data.get("push"))
        except ValidationError as err:
            raise _fel(err) from None
    return JsonResponse(_val_json(request.app.aktor))
