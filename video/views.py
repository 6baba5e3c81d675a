"""Staff pages of video/: the unit's meetings, a new meeting, the meeting room with its waiting room and host
panel. Participants' pages (citizen, proxy, guest) are in video/deltagare_views.py."""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer
from invanare.models import Invanare
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from vardportalen.accesslog.services import Aktor
from video import forms, selectors, services
from video.models import Motestyp


def _fel(err: ValidationError) -> list[str]:
    return list(err.messages)


@never_cache
@require_GET
def lista(request):
    aktor = Aktor.from_request(request)
    return render(request, "video/lista.html", {"moten": selectors.moten_for_enhet(aktor=aktor)})


def _invanare_fran_text(aktor: Aktor, text: str) -> list[Invanare]:
    personer = []
    for rad in (r.strip() for r in (text or "").splitlines()):
        if not rad:
            continue
        try:
            identitet = parse_identitetsnummer(rad)
        except OgiltigtIdentitetsnummer as err:
            raise ValidationError(_("%(rad)s: %(fel)s") % {"rad": rad[:20], "fel": err}) from err
        person = Invanare.objects.filter(id_typ=identitet.typ, id_nummer=identitet.nummer).first()
        if person is None:
            raise ValidationError(_("Ingen invånare har identitetsnumret %(nr)s.") % {"nr": rad[:20]})
        try:
            personer.append(invanare_get_for_uppdrag(aktor=aktor, invanare_id=person.pk, vad="videomöte: ny deltagare"))
        except InvanareEjTillganglig as err:
            raise ValidationError(_("Enheten har ingen vårdrelation med %(nr)s.") % {"nr": rad[:20]}) from err
    return personer


@never_cache
@require_http_methods(["GET", "POST"])
def nytt(request):
    """A new meeting: ad hoc from the citizen's overview (?invanare=id), a group meeting, or between staff."""
    aktor = Aktor.from_request(request)
    invanare = None
    if request.GET.get("invanare"):
        try:
            invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=request.GET["invanare"], vad="videomöte: nytt")
        except InvanareEjTillganglig:
            return ej_tillganglig(request)
    nu = timezone.localtime().replace(second=0, microsecond=0)
    initial = {"start": nu.strftime("%Y-%m-%dT%H:%M"), "langd": 30,
               "typ": Motestyp.ENSKILT if invanare else Motestyp.PROFESSIONER}
    form = forms.NyttMoteForm(request.POST or None, initial=initial)
    fel = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            personer = ([invanare] if invanare else []) + _invanare_fran_text(aktor, data["invanare"])
            personal = services.personal_for_hsa_ider((data["personal"] or "").splitlines())
            start = data["start"]
            mote = services.mote_create(
                aktor=aktor, typ=data["typ"], rubrik=data["rubrik"], start=start,
                slut=start + datetime.timedelta(minutes=data["langd"]), invanare=personer, personal=personal,
                idempotensnyckel=data["token"])
        except ValidationError as err:
            fel = _fel(err)
        else:
            return redirect("video:rum", mote_id=mote.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "video/nytt.html", {"form": form, "invanare": invanare, "fel": fel}, status=status)


@require_POST
def fran_bokning(request, bokning_id: int):
    """The meeting of a booking on a video time type (created the first time)."""
    from bokning.models import Bokning

    aktor = Aktor.from_request(request)
    bokning = (Bokning.objects.select_related("tid__tidstyp", "invanare")
               .filter(pk=bokning_id, vardenhet_id=aktor.vardenhet_id).first())
    if bokning is None:
        raise Http404
    try:
        invanare_get_for_uppdrag(aktor=aktor, invanare_id=bokning.invanare_id, vad="videomöte: från bokning")
        mote = services.mote_fran_bokning(aktor=aktor, bokning=bokning)
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    except ValidationError as err:
        from django.contrib import messages

        messages.error(request, " ".join(err.messages))
        return redirect("bokning:bokning", bokning_id=bokning_id)
    return redirect("video:rum", mote_id=mote.pk)


def _rum_context(request, aktor: Aktor, mote, **extra) -> dict:
    deltagare = selectors.deltagare_i_mote(mote=mote)
    return {
        "mote": mote,
        "deltagare": deltagare,
        "vantar": [d for d in deltagare if d.status == d.Status.VANTAR],
        "gastlankar": selectors.gastlankar_i_mote(mote=mote),
        "handelser": selectors.handelser_i_mote(mote=mote, limit=20),
        "ar_vard": aktor.medarbetare_id == mote.vard_id or aktor.vardenhet_id == mote.vardenhet_id,
        "nu": timezone.now(),
        "gastlank_form": extra.pop("gastlank_form", None) or forms.GastlankForm(),
        **extra,
    }


@never_cache
@require_GET
def rum(request, mote_id: int):
    aktor = Aktor.from_request(request)
    mote = selectors.mote_for_personal(aktor=aktor, mote_id=mote_id, vad="videomöte: mötesrum")
    context = _rum_context(request, aktor, mote)
    return render(request, "video/rum.html#panel" if request.htmx else "video/rum.html", context)


@never_cache
@require_GET
def panel(request, mote_id: int):
    aktor = Aktor.from_request(request)
    mote = selectors.mote_for_personal(aktor=aktor, mote_id=mote_id, vad="videomöte: väntrum")
    return render(request, "video/rum.html#panel", _rum_context(request, aktor, mote))


@require_POST
def anslut(request, mote_id: int):
    """The staff member's browser joins: her seat, admitted at once, with her Janus credentials (JSON)."""
    aktor = Aktor.from_request(request)
    try:
        deltagare, _hemlighet = services.personal_anslut(aktor=aktor, mote_id=mote_id)
    except ValidationError as err:
        if err.code == "finns_inte":
            selectors.mote_for_personal(aktor=aktor, mote_id=mote_id, vad="videomöte: ansluta")  # logs, 404
        return JsonResponse({"fel": " ".join(err.messages)}, status=409)
    return JsonResponse({"status": deltagare.status, "janus": services.janus_anslutning(deltagare),
                         "deltagare": deltagare.pk})


def _host_action(request, mote_id: int, utfor, lyckat: str):
    aktor = Aktor.from_request(request)
    mote = selectors.mote_for_personal(aktor=aktor, mote_id=mote_id, vad="videomöte: värd")
    extra = {}
    try:
        resultat = utfor(aktor, mote)
    except ValidationError as err:
        extra["fel"] = _fel(err)
    else:
        extra["meddelande"] = lyckat
        if isinstance(resultat, services.NyGastlank):
            extra["ny_lank"] = request.build_absolute_uri(reverse("video:gast", args=[resultat.token]))
    mote.refresh_from_db()
    status = 400 if "fel" in extra else 200
    template = "video/rum.html#panel" if request.htmx else "video/rum.html"
    return render(request, template, _rum_context(request, aktor, mote, **extra), status=status)


@require_POST
def slapp_in(request, mote_id: int, deltagare_id: int):
    return _host_action(request, mote_id, lambda aktor, mote: services.deltagare_slapp_in(
        aktor=aktor, mote_id=mote.pk, deltagare_id=deltagare_id), _("Deltagaren är insläppt."))


@require_POST
def ta_bort(request, mote_id: int, deltagare_id: int):
    return _host_action(request, mote_id, lambda aktor, mote: services.deltagare_remove(
        aktor=aktor, mote_id=mote.pk, deltagare_id=deltagare_id), _("Deltagaren är borttagen från mötet."))


@require_POST
def tysta(request, mote_id: int, deltagare_id: int):
    return _host_action(request, mote_id, lambda aktor, mote: services.deltagare_mute(
        aktor=aktor, mote_id=mote.pk, deltagare_id=deltagare_id), _("Deltagarens ljud är avstängt."))


@require_POST
def gastlank(request, mote_id: int):
    form = forms.GastlankForm(request.POST)

    def utfor(aktor, mote):
        if not form.is_valid():
            raise ValidationError([e for fel in form.errors.values() for e in fel])
        return services.gastlank_create(
            aktor=aktor, mote_id=mote.pk, beskrivning=form.cleaned_data["beskrivning"],
            mobilnummer=form.cleaned_data["mobilnummer"],
            lank_for=lambda token: request.build_absolute_uri(reverse("video:gast", args=[token])))

    return _host_action(request, mote_id, utfor, _("Gästlänken är skapad. Den visas bara nu och gäller en gång."))


@require_POST
def gastlank_aterkalla(request, mote_id: int, gastlank_id: int):
    return _host_action(request, mote_id, lambda aktor, mote: services.gastlank_revoke(
        aktor=aktor, gastlank_id=gastlank_id), _("Gästlänken är återkallad."))


@require_POST
def avsluta(request, mote_id: int):
    return _host_action(request, mote_id, lambda aktor, mote: services.mote_avsluta(aktor=aktor, mote_id=mote.pk),
                        _("Mötet är avslutat."))
