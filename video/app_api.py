"""The citizen app's side of video meetings (the citizen web will use the same):

    GET  /api/app/v1/video/                  the meetings of the person acted for that are not over
    POST /api/app/v1/video/<id>/anslut/      a single-use join token for that meeting, and the page to open

The app opens ``url`` (the join page with the token in its fragment) in a browser view; the page redeems the
token and waits in the waiting room. far_agera(Syfte.VIDEO) is asked by ``app_api`` on every request and again
when the token is redeemed and when the host admits her.
"""
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse

from invanare.app_api.auth import app_api, fel
from invanare.behorighet import Syfte
from video import selectors, services


def _mote_json(mote) -> dict:
    return {"id": mote.pk, "typ": mote.typ, "typ_namn": mote.get_typ_display(), "rubrik": mote.rubrik,
            "enhet": mote.vardenhet.namn, "start": mote.start.isoformat(), "slut": mote.slut.isoformat(),
            "status": mote.status}


@app_api(Syfte.VIDEO, metoder=("GET",))
def moten(request):
    return JsonResponse({"moten": [_mote_json(m) for m in selectors.moten_for_app(invanare=request.app.invanare)]})


@app_api(Syfte.VIDEO, metoder=("POST",))
def anslut(request, mote_id: int):
    try:
        rad, token = services.anslutningstoken_create(aktor=request.app.aktor, invanare=request.app.invanare,
                                                      mote_id=mote_id)
    except ValidationError as err:
        status = 404 if err.code == "finns_inte" else 409
        return fel(status, err.code or "ej_tillaten", " ".join(err.messages))
    sida = request.build_absolute_uri(reverse("video:delta", args=[rad.mote_id]))
    return JsonResponse({"mote": rad.mote_id, "token": token, "giltig_till": rad.giltig_till.isoformat(),
                         "url": f"{sida}#token={token}"})
