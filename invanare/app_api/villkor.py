"""The terms of use in the app (seed 001, "Samtycke"): read the terms in force, accept them.

    GET  villkor/           -> {"version", "text", "galler_fran", "godkanda", "maste_godkanna", "registrerat"}
    POST villkor/godkann/   {"version": 3} -> {"registrerat": true, "version": 3, "godkanda": "<ISO time>"}

Only the logged-in citizen accepts, for herself (also while acting for someone else): a proxy does not
consent for her principal. Accepting registers the account (invanare.samtycke.villkor_godkann).
"""
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

from invanare.app_api.auth import OgiltigBegaran, app_api, fel, json_body
from invanare.models import Invanare
from invanare.samtycke import aktuella_villkor, har_samtycke, maste_godkanna, villkor_godkann


def villkor_status(invanare: Invanare) -> dict:
    villkor = aktuella_villkor()
    krav = villkor.version if villkor else None
    return {
        "version": krav,
        "maste_godkanna": maste_godkanna(invanare, krav=krav),
        "registrerat": har_samtycke(invanare, krav=krav),
    }


@app_api(None, metoder=("GET",))
def villkor(request):
    aktor = request.app.aktor
    gallande = aktuella_villkor()
    if gallande is None:
        return fel(404, "villkor_saknas", _("Det finns inga användarvillkor publicerade just nu."))
    return JsonResponse({
        **villkor_status(aktor),
        "text": gallande.text,
        "galler_fran": gallande.publicerad.isoformat(),
        "godkanda": aktor.villkor_godkanda.isoformat() if aktor.villkor_version == gallande.version else None,
    })


@app_api(None, metoder=("POST",))
def godkann(request):
    data = json_body(request)
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise OgiltigBegaran(_("Ange versionen av villkoren du har läst (version: heltal)."),
                             falt={"version": _("Ska vara ett heltal.")})
    try:
        inv = villkor_godkann(invanare=request.app.aktor, version=version)
    except ValidationError as err:
        return fel(409 if err.code == "fel_version" else 404, err.code or "ogiltig_begaran", err.messages[0])
    return JsonResponse({"registrerat": True, "version": inv.villkor_version, "godkanda": inv.villkor_godkanda.isoformat()})
