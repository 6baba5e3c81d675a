"""Birth-clinic choice in the citizen web: her pregnancy, the decision when there is one, and ranking one to
seven clinics until 21+6. The same selectors and service as forlossning/app_views.py (onskemal_fran_app;
distances only by avstand_att_visa)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alltidoppet.forms import OnskemalForm
from alltidoppet.session import medborgarsida
from forlossning import klocka
from forlossning.fordelning.korning import avstand_m, kliniker_aktiva
from forlossning.selectors import avstand_att_visa, beslut_for, far_andra_onskemal, graviditet_for_invanare
from forlossning.services import onskemal_fran_app
from invanare.behorighet import Syfte
from vardportalen.granser import heltal_param

MAX_VAL = 7


def _kliniker(request) -> list[tuple]:
    inv = request.app.invanare
    har_position = inv.lat is not None and inv.lon is not None
    return [(k, avstand_att_visa(invanare=inv, for_henne_sjalv=not request.app.som_ombud,
                                 meter=avstand_m(inv.lat, inv.lon, k.lat, k.lon) if har_position else None))
            for k in kliniker_aktiva()]


@medborgarsida(Syfte.FORLOSSNING)
@require_http_methods(["GET", "POST"])
def forlossning(request):
    if request.method == "POST":
        valda = [request.POST.get(f"val{i}", "").strip() for i in range(1, MAX_VAL + 1)]
        ids = [heltal_param(v) for v in valda if v]
        if not ids:
            messages.error(request, "Välj minst en förlossningsklinik.")
        elif None in ids:
            messages.error(request, "Välj klinikerna i listorna.")
        else:
            try:
                onskemal_fran_app(aktor=request.app.aktor, invanare=request.app.invanare, kliniker=ids)
            except ValidationError as err:
                messages.error(request, " ".join(err.messages))
            else:
                messages.success(request, "Dina önskemål är sparade.")
        return redirect("alltidoppet:forlossning")
    idag = klocka.idag()
    g = graviditet_for_invanare(invanare=request.app.invanare)
    beslut = beslut_for(g) if g else None
    onskemal = list(g.onskemal.all()) if g else []
    valda = [onskemal[i].klinik_id if i < len(onskemal) else None for i in range(MAX_VAL)]
    return render(request, "alltidoppet/forlossning.html", {
        "g": g, "beslut": beslut, "onskemal": onskemal, "form": OnskemalForm(kliniker=_kliniker(request), valda=valda),
        "vecka": g.gestationsalder(idag) if g else None,
        "far_andra": g is not None and far_andra_onskemal(g, beslut=beslut, idag=idag),
        "reservnummer": request.app.invanare.har_reservnummer,
    })
