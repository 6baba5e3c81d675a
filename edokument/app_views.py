"""The citizen app's side: list her documents, open one (marks the app delivery read), fetch an attachment.

A proxy acting for a child (request.app.invanare) sees the child's documents; far_agera(Syfte.DOKUMENT)
is checked by ``app_api`` on every request.
"""
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from edokument.models import Bilaga
from edokument.selectors import app_dokument, app_last_status
from edokument.services import dokument_markera_last
from invanare.app_api.auth import app_api, fel
from invanare.behorighet import Syfte


def _kort(d, lasta) -> dict:
    return {
        "id": d.pk,
        "typ": d.typ,
        "typ_text": d.get_typ_display(),
        "rubrik": d.rubrik,
        "avsandare": d.vardenhet.namn,
        "skickat": d.skickat.isoformat(),
        "last": d.pk in lasta,
    }


@app_api(Syfte.DOKUMENT, metoder=("GET",))
def dokument_lista(request):
    dokument = list(app_dokument(invanare=request.app.invanare)[:200])
    lasta = app_last_status(dokument_ids=[d.pk for d in dokument], lasare=request.app.aktor)
    return JsonResponse({"dokument": [_kort(d, lasta) for d in dokument]})


@app_api(Syfte.DOKUMENT, metoder=("GET",))
def dokument_oppna(request, dokument_id: int):
    dokument = app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).prefetch_related("bilagor").first()
    if dokument is None:
        return fel(404, "finns_inte", _("Dokumentet finns inte."))
    dokument_markera_last(dokument=dokument, lasare=request.app.aktor)
    data = _kort(dokument, {dokument.pk})
    data.update({
        "text": dokument.text,
        "besokstid": dokument.besokstid.isoformat() if dokument.besokstid else None,
        "plats": dokument.plats,
        "avbokning": dokument.ar_avbokning,
        "bilagor": [{"id": b.pk, "filnamn": b.filnamn, "storlek": b.storlek} for b in dokument.bilagor.all()],
    })
    return JsonResponse(data)


@app_api(Syfte.DOKUMENT, metoder=("GET",))
def bilaga_hamta(request, dokument_id: int, bilaga_id: int):
    if not app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).exists():
        return fel(404, "finns_inte", _("Dokumentet finns inte."))
    bilaga = Bilaga.objects.filter(pk=bilaga_id, dokument_id=dokument_id).first()
    if bilaga is None:
        return fel(404, "finns_inte", _("Bilagan finns inte."))
    svar = HttpResponse(bytes(bilaga.innehall), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="bilaga-{bilaga.pk}.pdf"'
    return svar
