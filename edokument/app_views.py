"""The citizen app's side: list her documents, open one (marks the app delivery read), fetch an attachment.

A proxy acting for a child (request.app.invanare) sees the child's documents; far_agera(Syfte.DOKUMENT)
is checked by ``app_api`` on every request.
"""
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from edokument.models import Bilaga
from edokument.selectors import app_dokument, app_last_status
from edokument.services import dokument_markera_last
from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import finns_inte
from invanare.app_api.schemas import FEL, PDF
from invanare.behorighet import Syfte

router = Router(tags=["dokument"], auth=AppAuth(Syfte.DOKUMENT))


class DokumentKort(Schema):
    id: int = Field(examples=[42])
    typ: str = Field(examples=["kallelse"])
    typ_text: str = Field(examples=["E-kallelse"])
    rubrik: str = Field(examples=["Kallelse till mammografi"])
    avsandare: str = Field(examples=["Mammografi Södersjukhuset"])
    skickat: str = Field(examples=["2026-12-01T08:00:00+00:00"])
    last: bool


class DokumentLista(Schema):
    dokument: list[DokumentKort]


class BilagaKort(Schema):
    id: int
    filnamn: str = Field(examples=["vagbeskrivning.pdf"])
    storlek: int = Field(examples=[48213])


class Dokument(DokumentKort):
    text: str
    besokstid: str | None
    plats: str
    avbokning: bool
    bilagor: list[BilagaKort]


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


@router.get("", response={200: DokumentLista, **FEL}, url_name="dokument_lista", summary="Hennes e-dokument")
def dokument_lista(request):
    dokument = list(app_dokument(invanare=request.app.invanare)[:200])
    lasta = app_last_status(dokument_ids=[d.pk for d in dokument], lasare=request.app.aktor)
    return {"dokument": [_kort(d, lasta) for d in dokument]}


@router.get("{int:dokument_id}/", response={200: Dokument, **FEL}, url_name="dokument_oppna",
            summary="Öppna ett dokument (markeras som läst)")
def dokument_oppna(request, dokument_id: int):
    dokument = app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).prefetch_related("bilagor").first()
    if dokument is None:
        raise finns_inte(_("Dokumentet finns inte."))
    dokument_markera_last(dokument=dokument, lasare=request.app.aktor)
    data = _kort(dokument, {dokument.pk})
    data.update({
        "text": dokument.text,
        "besokstid": dokument.besokstid.isoformat() if dokument.besokstid else None,
        "plats": dokument.plats,
        "avbokning": dokument.ar_avbokning,
        "bilagor": [{"id": b.pk, "filnamn": b.filnamn, "storlek": b.storlek} for b in dokument.bilagor.all()],
    })
    return data


@router.get("{int:dokument_id}/bilagor/{int:bilaga_id}/", response=FEL, openapi_extra=PDF, url_name="dokument_bilaga",
            summary="Hämta en bilaga (PDF)")
def bilaga_hamta(request, dokument_id: int, bilaga_id: int):
    if not app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).exists():
        raise finns_inte(_("Dokumentet finns inte."))
    bilaga = Bilaga.objects.filter(pk=bilaga_id, dokument_id=dokument_id).first()
    if bilaga is None:
        raise finns_inte(_("Bilagan finns inte."))
    svar = HttpResponse(bytes(bilaga.innehall), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="bilaga-{bilaga.pk}.pdf"'
    return svar
