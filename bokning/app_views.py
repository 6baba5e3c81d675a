"""The citizen app's booking API (Alltid öppet). Every view: ``app_api(Syfte.BOKNING, ...)``."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from bokning import selectors, services
from bokning.models import Bokning, Tid, Tidstyp
from invanare.app_api.auth import OgiltigBegaran, app_api, fel, json_body
from invanare.behorighet import Syfte

BUSSBILJETT = _("Den bokade tiden i Alltid öppet gäller som bussbiljett enligt hälso- och sjukvårdens riktlinjer.")


def _heltal(varde, namn: str) -> int | None:
    if varde in (None, ""):
        return None
    try:
        return int(varde)
    except (TypeError, ValueError) as err:
        raise OgiltigBegaran(_("%(namn)s ska vara ett heltal.") % {"namn": namn}) from err


def _datum(varde) -> datetime.date | None:
    if not varde:
        return None
    try:
        return datetime.date.fromisoformat(varde)
    except ValueError as err:
        raise OgiltigBegaran(_("Datum ska skrivas ÅÅÅÅ-MM-DD.")) from err


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


def _fel_400(err: ValidationError):
    return fel(400, err.code or "ogiltig_begaran", " ".join(err.messages))


@app_api(Syfte.BOKNING, metoder=("GET",))
def tidstyper(request):
    return JsonResponse({"tidstyper": [_tidstyp_json(t) for t in selectors.tidstyper_bokningsbara()]})


@app_api(Syfte.BOKNING, metoder=("GET",))
def lediga_tider(request):
    tidstyp_id = _heltal(request.GET.get("tidstyp"), "tidstyp")
    if tidstyp_id is None:
        raise OgiltigBegaran(_("Ange vilken tidstyp du söker (tidstyp)."))
    tider = selectors.lediga_tider_sok(
        invanare=request.app.invanare,
        tidstyp_id=tidstyp_id,
        vardenhet_id=_heltal(request.GET.get("enhet"), "enhet"),
        datum=_datum(request.GET.get("datum")),
        ort=(request.GET.get("ort") or "").strip()[:100],
        antal=_heltal(request.GET.get("antal"), "antal") or 50,
    )
    # Each unit (with its contact-card texts, up to 4 kB) once, not once per slot.
    enheter = {str(t.vardenhet_id): _enhet_json(t.vardenhet) for t in tider}
    return JsonResponse({"tider": [_tid_json(t) for t in tider], "enheter": enheter})


@app_api(Syfte.BOKNING, metoder=("GET", "POST"))
def bokningar(request):
    """GET: her bookings (hidden and protected never appear). POST {"tid", "halsodeklaration"}: book."""
    if request.method == "GET":
        return JsonResponse({"bokningar": [_bokning_json(b) for b in selectors.bokningar_i_appen(invanare=request.app.invanare)]})
    data = json_body(request)
    try:
        bokning = services.bokning_create_app(
            aktor=request.app.aktor, invanare=request.app.invanare,
            tid_id=_heltal(data.get("tid"), "tid"), halsodeklaration=data.get("halsodeklaration"),
        )
    except ValidationError as err:
        return _fel_400(err)
    svar = {"id": bokning.pk, "status": bokning.status, "bussbiljett": str(BUSSBILJETT)}
    if request.app.invanare.ar_skyddad:
        svar["meddelande"] = str(_("Bokningen är gjord. Den visas inte i appen eftersom personuppgifterna är skyddade."))
    return JsonResponse(svar, status=201)


@app_api(Syfte.BOKNING, metoder=("POST",))
def avboka(request, bokning_id: int):
    try:
        bokning = services.bokning_cancel_app(aktor=request.app.aktor, invanare=request.app.invanare, bokning_id=bokning_id)
    except ValidationError as err:
        if err.code == "finns_inte":
            return fel(404, "finns_inte", " ".join(err.messages))
        return _fel_400(err)
    return JsonResponse({"id": bokning.pk, "status": bokning.status, "meddelande": str(_("Tiden är avbokad."))})


@app_api(Syfte.BOKNING, metoder=("POST",))
def halsodeklaration(request, bokning_id: int):
    try:
        rad = services.halsodeklaration_app_spara(aktor=request.app.aktor, invanare=request.app.invanare,
                                                  bokning_id=bokning_id, data=json_body(request))
    except ValidationError as err:
        if err.code == "finns_inte":
            return fel(404, "finns_inte", " ".join(err.messages))
        return _fel_400(err)
    return JsonResponse({"id": rad.bokning_id, "meddelande": str(_("Hälsodeklarationen är sparad."))})
