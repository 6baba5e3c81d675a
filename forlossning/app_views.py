"""The citizen app's side: see the pregnancy, the clinics (with distance) and rank one to seven of them."""
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

from forlossning import klocka
from forlossning.fordelning.korning import avstand_m, kliniker_aktiva
from forlossning.selectors import avstand_att_visa, beslut_for, graviditet_for_invanare
from forlossning.services import onskemal_fran_app
from invanare.app_api.auth import OgiltigBegaran, app_api, json_body
from invanare.behorighet import Syfte


def _svar(invanare, *, som_ombud: bool) -> dict:
    idag = klocka.idag()
    g = graviditet_for_invanare(invanare=invanare)
    har_position = invanare.lat is not None and invanare.lon is not None
    kliniker = [
        {"id": k.pk, "namn": k.namn,
         "avstand_km": avstand_att_visa(
             invanare=invanare, for_henne_sjalv=not som_ombud,
             meter=avstand_m(invanare.lat, invanare.lon, k.lat, k.lon) if har_position else None)}
        for k in kliniker_aktiva()
    ]
    if g is None:
        return {"graviditet": None, "kliniker": kliniker}
    beslut = beslut_for(g)
    return {
        "graviditet": {
            "bf": g.bf.isoformat(),
            "graviditetsvecka": str(g.gestationsalder(idag)),
            "sista_dag_for_onskemal": g.sista_valdag.isoformat(),
            "far_andra_onskemal": beslut is None and idag <= g.sista_valdag,
            "onskemal": [{"rang": o.rang, "klinik_id": o.klinik_id, "namn": o.klinik.namn} for o in g.onskemal.all()],
            "onskemal_andrade": g.onskemal_andrad.isoformat() if g.onskemal_andrad else None,
            "beslut": {"klinik_id": beslut.klinik_id, "namn": beslut.klinik.namn,
                       "beslutad": beslut.beslutad.isoformat()} if beslut else None,
        },
        "kliniker": kliniker,
    }


@app_api(Syfte.FORLOSSNING, metoder=("GET",))
def forlossning(request):
    return JsonResponse(_svar(request.app.invanare, som_ombud=request.app.som_ombud))


@app_api(Syfte.FORLOSSNING, metoder=("POST",))
def onskemal(request):
    data = json_body(request)
    kliniker = data.get("kliniker")
    if not isinstance(kliniker, list):
        raise OgiltigBegaran(_("Ange \"kliniker\": en lista med en till sju klinik-id i önskad ordning."))
    try:
        onskemal_fran_app(aktor=request.app.aktor, invanare=request.app.invanare, kliniker=kliniker)
    except ValidationError as err:
        raise OgiltigBegaran(" ".join(err.messages), kod="ogiltiga_onskemal") from err
    return JsonResponse(_svar(request.app.invanare, som_ombud=request.app.som_ombud))
