"""The citizen app's API for targeted offers (mounted under /api/app/v1/erbjudanden/).

GET list; POST <id>/oppna/ (marks opened); POST <id>/boka/ {"tid", "halsodeklaration"} books through
bokning's own service (its rules and double-booking guarantee); POST <id>/avboj/ declines.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

from invanare.app_api.auth import OgiltigBegaran, app_api, fel, json_body
from invanare.behorighet import Syfte

from . import selectors, services
from .models import Mottagare


def _json(m: Mottagare) -> dict:
    e = m.erbjudande
    return {
        "id": m.pk, "titel": e.titel, "text": e.text, "atgard": e.atgard, "atgard_text": e.get_atgard_display(),
        "tidbok": e.tidbok_id, "tidstyp": e.tidstyp_id,
        "giltig_fran": e.giltig_fran.isoformat(), "giltig_till": e.giltig_till.isoformat(),
        "status": m.status, "status_text": m.get_status_display(), "bokning": m.bokning_id,
    }


def _svar(funktion, request, mottagare_id: int, **kwargs):
    try:
        m = funktion(invanare=request.app.invanare, mottagare_id=mottagare_id, **kwargs)
    except ValidationError as err:
        if err.code == "finns_inte":
            return fel(404, "finns_inte", " ".join(err.messages))
        return fel(400, err.code or "ogiltig_begaran", " ".join(err.messages))
    return JsonResponse(_json(m))


@app_api(Syfte.OVERSIKT, metoder=("GET",))
def lista(request):
    return JsonResponse({"erbjudanden": [_json(m) for m in selectors.invanarens_erbjudanden(invanare=request.app.invanare)]})


@app_api(Syfte.OVERSIKT, metoder=("POST",))
def oppna(request, mottagare_id: int):
    return _svar(services.mottagare_oppna, request, mottagare_id)


@app_api(Syfte.OVERSIKT, metoder=("POST",))
def avboj(request, mottagare_id: int):
    return _svar(services.mottagare_avboj, request, mottagare_id)


@app_api(Syfte.BOKNING, metoder=("POST",))
def boka(request, mottagare_id: int):
    data = json_body(request)
    try:
        tid_id = int(data.get("tid"))
    except (TypeError, ValueError) as err:
        raise OgiltigBegaran(_("Ange vilken tid du vill boka (tid).")) from err
    return _svar(services.mottagare_boka, request, mottagare_id, aktor=request.app.aktor, tid_id=tid_id,
                 halsodeklaration=data.get("halsodeklaration"))
