"""Login, "who am I and whom may I act for", switching person, logout."""
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from invanare.app_api.auth import (
    AppSession,
    InloggningNekad,
    OgiltigBegaran,
    app_api,
    app_session_avsluta,
    fel,
    json_body,
    medborgare_logga_in,
)
from invanare.app_api.eid import EidFel, eid_backend
from invanare.app_api.villkor import villkor_status
from invanare.behorighet import Syfte, far_agera, huvudman_for
from invanare.models import Invanare
from vardportalen.middleware import public


def person_json(invanare: Invanare) -> dict:
    return {"id": invanare.pk, "namn": invanare.namn, "fornamn": invanare.fornamn}


@public
@csrf_exempt
@require_POST
def inloggning(request):
    try:
        data = json_body(request)
        nummer = eid_backend(str(data.get("metod", ""))).autentisera(data)
    except OgiltigBegaran as err:
        return fel(400, err.kod, err.meddelande)
    except EidFel as err:
        return fel(401, "eid_misslyckades", str(err))
    try:
        session, token = medborgare_logga_in(nummer=nummer, eid_metod=str(data.get("metod")))
    except InloggningNekad as err:
        return fel(err.status, err.kod, err.meddelande)
    invanare = session.invanare
    return JsonResponse({"token": token, "giltig_till": session.giltig_till.isoformat(), "invanare": person_json(invanare),
                         "villkor": villkor_status(invanare)})


@app_api(None, metoder=("GET",))
def jag(request):
    return JsonResponse(
        {
            "inloggad": person_json(request.app.aktor),
            "agerar_for": person_json(request.app.invanare),
            "kan_agera_for": [
                {**person_json(r.huvudman), "relation": r.typ} for r in huvudman_for(aktor=request.app.aktor)
            ],
        }
    )


@app_api(None, metoder=("POST",))
def agera_for(request):
    data = json_body(request)
    try:
        mal = Invanare.objects.get(pk=int(data.get("id")))
    except (TypeError, ValueError, Invanare.DoesNotExist):
        return fel(404, "okand_person", _("Personen finns inte."))
    beslut = far_agera(aktor=request.app.aktor, for_invanare=mal, syfte=Syfte.OVERSIKT)
    if not beslut.tillaten:
        return fel(403, beslut.kod, beslut.skal)
    AppSession.objects.filter(pk=request.app.session.pk).update(agerar_for=mal)
    return JsonResponse({"agerar_for": person_json(mal), "relation": beslut.relation, "skal": beslut.skal})


@app_api(Syfte.OVERSIKT, metoder=("GET",))
def person(request):
    """The person the app acts for, as her start page shows it; far_agera(OVERSIKT) is asked first, so a
    blocked proxy or a locked account gets 403 here like in every domain's API."""
    return JsonResponse(
        {
            **person_json(request.app.invanare),
            "som_ombud": request.app.som_ombud,
            "relation": request.app.behorighet.relation,
        }
    )


@app_api(None, metoder=("POST",))
def utloggning(request):
    app_session_avsluta(request.app.session)
    return JsonResponse({"utloggad": True})
