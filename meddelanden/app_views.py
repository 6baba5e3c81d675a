"""The citizen app's side of meddelanden, /api/app/v1/meddelanden/. ``request.app.invanare`` is the citizen acted
for; ``request.app.aktor`` who is logged in (herself or a proxy). AppAuth(Syfte.MEDDELANDEN) has asked far_agera."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import ApiFel, OgiltigBegaran, finns_inte
from invanare.app_api.indata import json_eller_formular, las_indata
from invanare.app_api.schemas import FEL, FIL
from invanare.app_api.typer import Id, Text
from invanare.behorighet import Syfte
from meddelanden import selectors, services
from meddelanden.bilagor import bilagor_las
from meddelanden.models import AMNE_MAX, TEXT_MAX
from meddelanden.regler import far_skriva, far_starta
from meddelanden.views import bilaga_svar
from vardportalen.models import Vardenhet

router = Router(tags=["meddelanden"], auth=AppAuth(Syfte.MEDDELANDEN))


def _tid(t):
    return t.isoformat() if t else None


class EnhetKort(Schema):
    id: int = Field(examples=[12])
    namn: str = Field(examples=["Vårdcentralen Kista"])


class Konversation(Schema):
    id: int = Field(examples=[77])
    amne: str = Field(examples=["Fråga om provsvar"])
    enhet: EnhetKort
    startad_av_enheten: bool
    skapad: str | None
    senaste_meddelande: str | None
    avslutad: str | None
    olasta: int | None = None


class Konversationer(Schema):
    konversationer: list[Konversation]


class MeddelandeBilagaKort(Schema):
    id: int
    filnamn: str = Field(examples=["foto.jpg"])
    typ: str = Field(examples=["image/jpeg"])
    storlek: int


class Chattmeddelande(Schema):
    id: int
    fran: str = Field(examples=["enheten"], description="enheten, invanare eller ombud.")
    avsandare: str | None = Field(examples=["Karin"], description="Personalens förnamn när enheten skrev.")
    text: str = Field(description="Ren text: visa den som text, aldrig som HTML.")
    skickad: str | None
    last: str | None
    bilagor: list[MeddelandeBilagaKort]


class FarSkrivaBeslut(Schema):
    tillaten: bool
    kod: str = Field(examples=["ok"])
    skal: str
    detaljer: list[str]


class KonversationMedMeddelanden(Schema):
    konversation: Konversation
    far_skriva: FarSkrivaBeslut
    meddelanden: list[Chattmeddelande]


class KonversationStartad(Schema):
    konversation: Konversation


class Skickat(Schema):
    id: int
    skickad: str | None


class MeddelandeSkickat(Schema):
    meddelande: Skickat


class FarStarta(FarSkrivaBeslut):
    enhet: EnhetKort


class KonversationIn(Schema):
    enhet_id: Id = Field(description="Mottagningen att skriva till.")
    amne: Text(AMNE_MAX, example="Fråga om provsvar") = ""
    text: Text(TEXT_MAX, example="Hej! Jag undrar över mitt provsvar.") = ""


class SkrivIn(Schema):
    text: Text(TEXT_MAX, example="Tack för svaret.") = Field("", description="Krävs (minst ett tecken utöver blanksteg).")


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


def _bad(exc: ValidationError) -> OgiltigBegaran:
    falt = {k: [str(m) for m in v] for k, v in exc.message_dict.items()} if hasattr(exc, "error_dict") else {}
    return OgiltigBegaran(" ".join(exc.messages), falt=falt)


def _nekad(exc: services.Nekad) -> ApiFel:
    return ApiFel(exc.status, exc.kod, exc.skal, detaljer=exc.detaljer, **exc.extra)


@router.get("", response={200: Konversationer, **FEL}, url_name="meddelanden_konversationer",
            summary="Hennes konversationer")
def konversationer(request):
    return {"konversationer": [_konversation_json(k, olasta=k.olasta)
                               for k in selectors.konversationer_for_invanare(invanare=request.app.invanare)]}


@router.post("", response={201: KonversationStartad, **FEL}, url_name="meddelanden_starta",
             openapi_extra=json_eller_formular(KonversationIn), summary="Starta en konversation med en mottagning")
def starta(request):
    inn, filer = las_indata(request, KonversationIn)
    vardenhet = Vardenhet.objects.filter(pk=inn.enhet_id, aktiv=True).first()
    if vardenhet is None:
        raise OgiltigBegaran(_("Ange en mottagning som finns (enhet_id)."), falt={"enhet_id": [_("Okänd mottagning.")]})
    try:
        k = services.konversation_start_invanare(
            aktor_invanare=request.app.aktor, invanare=request.app.invanare, vardenhet=vardenhet,
            amne=inn.amne, text=inn.text, bilagor=bilagor_las(filer),
        )
    except ValidationError as exc:
        raise _bad(exc) from exc
    except services.Nekad as exc:
        raise _nekad(exc) from exc
    return Status(201, {"konversation": _konversation_json(k)})


@router.get("{int:konversation_id}/", response={200: KonversationMedMeddelanden, **FEL},
            url_name="meddelanden_konversation", summary="Läs en konversation (markeras som läst)")
def konversation(request, konversation_id: int):
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    if k is None:
        raise finns_inte(_("Konversationen finns inte."))
    services.konversation_las_invanare(konversation=k)
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    return {
        "konversation": _konversation_json(k),
        "far_skriva": far_skriva(konversation=k).som_json(),
        "meddelanden": [_meddelande_json(m) for m in k.meddelanden.all()],
    }


@router.post("{int:konversation_id}/meddelanden/", response={201: MeddelandeSkickat, **FEL},
             url_name="meddelanden_skriv", openapi_extra=json_eller_formular(SkrivIn), summary="Skriv i en konversation")
def skriv(request, konversation_id: int):
    inn, filer = las_indata(request, SkrivIn)
    try:
        m = services.meddelande_skicka_invanare(
            aktor_invanare=request.app.aktor, invanare=request.app.invanare, konversation_id=konversation_id,
            text=inn.text, bilagor=bilagor_las(filer),
        )
    except ValidationError as exc:
        raise _bad(exc) from exc
    except services.Nekad as exc:
        raise _nekad(exc) from exc
    return Status(201, {"meddelande": {"id": m.pk, "skickad": _tid(m.skickad)}})


@router.get("enheter/{int:vardenhet_id}/", response={200: FarStarta, **FEL}, url_name="meddelanden_far_starta",
            summary="Får hon starta en konversation med mottagningen, och om inte: varför")
def far_starta_med(request, vardenhet_id: int):
    """Only her own circumstances in the answer."""
    vardenhet = Vardenhet.objects.filter(pk=vardenhet_id).first()
    if vardenhet is None:
        raise finns_inte(_("Mottagningen finns inte."))
    beslut = far_starta(invanare=request.app.invanare, vardenhet=vardenhet)
    return {"enhet": {"id": vardenhet.pk, "namn": vardenhet.namn}, **beslut.som_json()}


@router.get("bilagor/{int:bilaga_id}/", response=FEL, openapi_extra=FIL, url_name="meddelanden_bilaga",
            summary="Hämta en bilaga")
def bilaga(request, bilaga_id: int):
    b = selectors.bilaga_for_invanare(invanare=request.app.invanare, bilaga_id=bilaga_id)
    if b is None:
        raise finns_inte(_("Bilagan finns inte."))
    return bilaga_svar(b)
