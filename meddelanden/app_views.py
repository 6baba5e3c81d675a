"""The citizen app's side of meddelanden (JSON). ``request.app.invanare`` is the citizen acted for;
``request.app.aktor`` who is logged in (herself or a proxy). far_agera has already been asked by app_api."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _

from invanare.app_api.auth import OgiltigBegaran, app_api, fel, json_body
from invanare.behorighet import Syfte
from meddelanden import selectors, services
from meddelanden.bilagor import bilagor_las
from meddelanden.regler import far_skriva, far_starta
from meddelanden.views import bilaga_svar
from vardportalen.models import Vardenhet


def _tid(t):
    return t.isoformat() if t else None


def _konversation_json(k, *, olasta=None) -> dict:
    data = {
        "id": k.pk,
        "amne": k.amne,
        "enhet": {"id": k.vardenhet_id, "namn": k.vardenhet.namn},
        "startad_av_enheten": k.startad_av_personal,
        "skapad": _tid(k.skapad),
        "senaste_meddelande": _tid(k.senaste_meddelande),
        "avslutad": _tid(k.stangd),
    }
    if olasta is not None:
        data["olasta"] = olasta
    return data


def _meddelande_json(m) -> dict:
    return {
        "id": m.pk,
        "fran": "enheten" if m.forfattare == "personal" else m.forfattare,
        "avsandare": m.medarbetare.fornamn if m.medarbetare else None,
        "text": m.text,  # plain text: the app must show it as text, never as HTML
        "skickad": _tid(m.skickad),
        "last": _tid(m.last),
        "bilagor": [{"id": b.pk, "filnamn": b.filnamn, "typ": b.typ, "storlek": b.storlek} for b in m.bilagor.all()],
    }


def _indata(request) -> tuple[dict, list]:
    """JSON, or multipart form data when files are attached."""
    if request.content_type == "multipart/form-data":
        return request.POST.dict(), request.FILES.getlist("bilagor")
    return json_body(request), []


def _bad(exc: ValidationError):
    falt = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    raise OgiltigBegaran(" ".join(exc.messages), falt=falt)


def _nekad(exc: services.Nekad):
    return fel(exc.status, exc.kod, exc.skal, detaljer=exc.detaljer, **exc.extra)


@app_api(Syfte.MEDDELANDEN, metoder=("GET", "POST"))
def konversationer(request):
    invanare = request.app.invanare
    if request.method == "GET":
        return JsonResponse({"konversationer": [
            _konversation_json(k, olasta=k.olasta) for k in selectors.konversationer_for_invanare(invanare=invanare)]})
    data, filer = _indata(request)
    vardenhet = Vardenhet.objects.filter(pk=_heltal(data.get("enhet_id")), aktiv=True).first()
    if vardenhet is None:
        raise OgiltigBegaran(_("Ange en mottagning som finns (enhet_id)."), falt={"enhet_id": [_("Okänd mottagning.")]})
    try:
        k = services.konversation_start_invanare(
            aktor_invanare=request.app.aktor, invanare=invanare, vardenhet=vardenhet,
            amne=_text(data.get("amne")), text=_text(data.get("text")), bilagor=bilagor_las(filer),
        )
    except ValidationError as exc:
        _bad(exc)
    except services.Nekad as exc:
        return _nekad(exc)
    return JsonResponse({"konversation": _konversation_json(k)}, status=201)


def _heltal(v):
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _text(v) -> str:
    if v is None:
        return ""
    if not isinstance(v, str):
        raise OgiltigBegaran(_("Text ska skickas som en sträng."))
    return v


@app_api(Syfte.MEDDELANDEN, metoder=("GET",))
def konversation(request, konversation_id: int):
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    if k is None:
        return fel(404, "finns_inte", _("Konversationen finns inte."))
    services.konversation_las_invanare(konversation=k)
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    return JsonResponse({
        "konversation": _konversation_json(k),
        "far_skriva": far_skriva(konversation=k).som_json(),
        "meddelanden": [_meddelande_json(m) for m in k.meddelanden.all()],
    })


@app_api(Syfte.MEDDELANDEN, metoder=("POST",))
def skriv(request, konversation_id: int):
    data, filer = _indata(request)
    try:
        m = services.meddelande_skicka_invanare(
            aktor_invanare=request.app.aktor, invanare=request.app.invanare, konversation_id=konversation_id,
            text=_text(data.get("text")), bilagor=bilagor_las(filer),
        )
    except ValidationError as exc:
        _bad(exc)
    except services.Nekad as exc:
        return _nekad(exc)
    return JsonResponse({"meddelande": {"id": m.pk, "skickad": _tid(m.skickad)}}, status=201)


@app_api(Syfte.MEDDELANDEN, metoder=("GET",))
def far_starta_med(request, vardenhet_id: int):
    """"May I start a conversation with this unit, and if not, why?" Only her own circumstances in the answer."""
    vardenhet = Vardenhet.objects.filter(pk=vardenhet_id).first()
    if vardenhet is None:
        return fel(404, "finns_inte", _("Mottagningen finns inte."))
    beslut = far_starta(invanare=request.app.invanare, vardenhet=vardenhet)
    return JsonResponse({"enhet": {"id": vardenhet.pk, "namn": vardenhet.namn}, **beslut.som_json()})


@app_api(Syfte.MEDDELANDEN, metoder=("GET",))
def bilaga(request, bilaga_id: int):
    b = selectors.bilaga_for_invanare(invanare=request.app.invanare, bilaga_id=bilaga_id)
    if b is None:
        return fel(404, "finns_inte", _("Bilagan finns inte."))
    return bilaga_svar(b)

