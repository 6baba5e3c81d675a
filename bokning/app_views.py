"""The citizen app's booking API (Alltid öppet), /api/app/v1/bokning/: AppAuth(Syfte.BOKNING) on every operation."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from bokning import app_schemas as s
from bokning import selectors, services
from bokning.models import Bokning, Tid, Tidstyp
from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import ApiFel, OgiltigBegaran
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import QueryHeltal, QueryId, SokDatum, Text
from invanare.behorighet import Syfte

router = Router(tags=["bokning"], auth=AppAuth(Syfte.BOKNING))

BUSSBILJETT = _("Den bokade tiden i Alltid öppet gäller som bussbiljett enligt hälso- och sjukvårdens riktlinjer.")
# A service's ValidationError code -> HTTP status (the rest are 400): a duplicate is a conflict, whether it
# comes from a sequential double tap or from the unique constraint winning a race.
STATUS = {"finns_inte": 404, "redan_bokad": 409}


def _tidstyp_json(t: Tidstyp) -> dict:
    return {
        "id": t.pk, "kod": t.kod, "namn": t.namn, "langd_minuter": t.langd_minuter, "video": t.video,
        "kraver_halsodeklaration": t.kraver_halsodeklaration, "vaccination": t.vaccination,
        "avbokningsbar_i_appen": t.avbokningsbar_i_app, "avboka_senast_timmar": t.avboka_senast_timmar,
    }


def _enhet_json(e) -> dict:
    return {"id": e.pk, "namn": e.namn, "adress": e.gatuadress, "postnummer": e.postnummer, "ort": e.ort,
            "yttre_fardvag": e.yttre_fardvag, "inre_fardvag": e.inre_fardvag, "om_oss": e.om_oss}


def _tid_json(t: Tid) -> dict:
    return {"id": t.pk, "start": timezone.localtime(t.start).isoformat(), "slut": timezone.localtime(t.slut).isoformat(),
            "tidstyp": t.tidstyp.namn, "lediga_platser": t.lediga_platser, "enhet": t.vardenhet_id}


def _bokning_json(b: Bokning) -> dict:
    deklaration = getattr(b, "halsodeklaration", None)
    return {
        "id": b.pk,
        "status": b.status,
        "status_text": b.get_status_display(),
        "start": timezone.localtime(b.tid.start).isoformat(),
        "slut": timezone.localtime(b.tid.slut).isoformat(),
        "tidstyp": b.tid.tidstyp.namn,
        "video": b.tid.tidstyp.video,
        "plats": b.plats_text,
        "enhet": _enhet_json(b.vardenhet),
        "kan_avbokas": b.ar_aktiv and b.tid.tidstyp.avbokningsbar_i_app,
        "halsodeklaration_ifylld": deklaration is not None,
        "bussbiljett": str(BUSSBILJETT) if b.ar_aktiv else "",
    }


def _fel(err: ValidationError) -> ApiFel:
    kod = err.code or "ogiltig_begaran"
    return ApiFel(STATUS.get(kod, 400), kod, " ".join(err.messages))


@router.get("tidstyper/", response={200: s.Tidstyper, **FEL}, url_name="bokning_tidstyper",
            summary="Tidstyper som kan bokas i appen")
def tidstyper(request):
    return {"tidstyper": [_tidstyp_json(t) for t in selectors.tidstyper_bokningsbara()]}


class LedigaTiderFilter(Schema):
    tidstyp: QueryId | None = Field(None, description="Tidstypens id (krävs).")
    enhet: QueryId | None = Field(None, description="Bara tider på den här enheten.")
    datum: SokDatum | None = Field(None, description="Bara tider den här dagen (ÅÅÅÅ-MM-DD).")
    ort: Text(100, example="Kista") | None = Field(None, description="Bara enheter på orten.")
    antal: QueryHeltal(1, selectors.SOK_MAX_TRAFFAR, 50) | None = Field(None, description="Högst så många tider (1–100).")


@router.get("lediga-tider/", response={200: s.LedigaTider, **FEL}, url_name="bokning_lediga_tider",
            summary="Sök lediga tider")
def lediga_tider(request, filter: Query[LedigaTiderFilter]):  # noqa: A002 (ninja names the query model's parameter)
    if filter.tidstyp is None:
        raise OgiltigBegaran(_("Ange vilken tidstyp du söker (tidstyp)."), falt={"tidstyp": [_("Fältet saknas.")]})
    tider = selectors.lediga_tider_sok(
        invanare=request.app.invanare, tidstyp_id=filter.tidstyp, vardenhet_id=filter.enhet, datum=filter.datum,
        ort=(filter.ort or "").strip(), antal=filter.antal or 50,
    )
    # Each unit (with its contact-card texts, up to 4 kB) once, not once per slot.
    enheter = {str(t.vardenhet_id): _enhet_json(t.vardenhet) for t in tider}
    return {"tider": [_tid_json(t) for t in tider], "enheter": enheter}


@router.get("", response={200: s.Bokningar, **FEL}, url_name="bokning_bokningar",
            summary="Hennes bokningar (dolda tidstyper och skyddade personer visas aldrig)")
def bokningar(request):
    return {"bokningar": [_bokning_json(b) for b in selectors.bokningar_i_appen(invanare=request.app.invanare)]}


@router.post("", response={201: s.Bokad, **FEL}, url_name="bokning_boka", summary="Boka en ledig tid",
             exclude_none=True)
def boka(request, inn: s.BokaIn):
    deklaration = inn.halsodeklaration.model_dump() if inn.halsodeklaration else None
    try:
        bokning = services.bokning_create_app(aktor=request.app.aktor, invanare=request.app.invanare,
                                              tid_id=inn.tid, halsodeklaration=deklaration)
    except ValidationError as err:
        raise _fel(err) from err
    svar = {"id": bokning.pk, "status": bokning.status, "bussbiljett": str(BUSSBILJETT)}
    if request.app.invanare.ar_skyddad:
        svar["meddelande"] = str(_("Bokningen är gjord. Den visas inte i appen eftersom personuppgifterna är skyddade."))
    return Status(201, svar)


@router.post("{int:bokning_id}/avboka/", response={200: s.Avbokad, **FEL}, url_name="bokning_avboka",
             summary="Avboka")
def avboka(request, bokning_id: int):
    try:
        bokning = services.bokning_cancel_app(aktor=request.app.aktor, invanare=request.app.invanare, bokning_id=bokning_id)
    except ValidationError as err:
        raise _fel(err) from err
    return {"id": bokning.pk, "status": bokning.status, "meddelande": str(_("Tiden är avbokad."))}


@router.post("{int:bokning_id}/halsodeklaration/", response={200: s.DeklarationSparad, **FEL},
             url_name="bokning_halsodeklaration", summary="Fyll i eller ändra hälsodeklarationen")
def halsodeklaration(request, bokning_id: int, inn: s.HalsodeklarationIn):
    try:
        rad = services.halsodeklaration_app_spara(aktor=request.app.aktor, invanare=request.app.invanare,
                                                  bokning_id=bokning_id, data=inn.model_dump())
    except ValidationError as err:
        raise _fel(err) from err
    return {"id": rad.bokning_id, "meddelande": str(_("Hälsodeklarationen är sparad."))}
