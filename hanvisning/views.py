"""Staff pages of Hänvisningsstödet. Thin: parse, check the licence rule, call one selector/service, render.

The page works as plain GET links and forms (search → symptom → urgency → result) and POST to record; htmx
only swaps the search hits while typing."""
from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bokning.selectors import lediga_hanvisningstider
from hanvisning import diagram, klocka, selectors, services
from hanvisning.behorighet import far_hanvisa
from hanvisning.forms import PatientForm, RegistreraForm, UppfoljningForm, VersionerVal
from hanvisning.sok import symptom_sok
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from vardportalen.accesslog.services import Aktor
from vardportalen.granser import heltal_param
from vardportalen.middleware import utan_sessionsfornyelse


def legitimerad(view):
    """Licensed staff in a clinical commission only (behorighet.far_hanvisa); others get 403, nothing read."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not far_hanvisa(yrke=request.uppdrag.medarbetare.yrke, roll=request.uppdrag.roll):
            return render(request, "hanvisning/ej_legitimerad.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def med_invanare(vad: str):
    """The view gets ``aktor`` and the citizen her unit may see (one access-log row either way)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, invanare_id):
            aktor = Aktor.from_request(request)
            try:
                invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad=vad)
            except InvanareEjTillganglig:
                return ej_tillganglig(request)
            return view(request, aktor=aktor, invanare=invanare)

        return wrapper

    return decorator


def _fel(form, err: ValidationError):
    if hasattr(err, "error_dict"):
        for falt, fel in err.message_dict.items():
            form.add_error(falt if falt in form.fields else None, fel)
    else:
        form.add_error(None, err.messages)


def _invanare_patient(invanare, idag: datetime.date) -> tuple[int | None, str]:
    """Age on ``idag`` and the postcode to measure distances from (never a protected person's address)."""
    return invanare.alder(idag), ("" if invanare.ar_skyddad else invanare.postnummer)


def _stod(request, *, invanare=None, registrera_form=None, status=200):
    version = selectors.aktuell_version()
    idag = timezone.localdate(klocka.nu())
    alder_kand, postnummer_kand = _invanare_patient(invanare, idag) if invanare else (None, "")
    form = PatientForm(request.GET or None)
    context = {"form": form, "invanare": invanare, "version": version, "traffar": [], "symptom": None,
               "resultat": None, "registrera_form": registrera_form, "alder_kand": alder_kand, "idag": idag}
    if version is None or not form.is_bound:
        return render(request, "hanvisning/stod.html", context, status=status)
    if not form.is_valid():
        if request.htmx:
            return render(request, "hanvisning/stod.html#traffar", context, status=400)
        return render(request, "hanvisning/stod.html", context, status=400)
    data = form.cleaned_data
    alder = data.get("alder") if data.get("alder") is not None else alder_kand
    postnummer = data.get("postnummer") or postnummer_kand
    plats = selectors.plats_for_postnummer(postnummer) if postnummer else None
    if postnummer and plats is None:
        form.add_error("postnummer", _("Postnumret %(p)s finns inte i länets postnummerregister.")
                       % {"p": f"{postnummer[:3]} {postnummer[3:]}"})
        status = 400
    context.update(alder=alder, postnummer=postnummer, plats=plats)
    if data.get("q"):
        context["traffar"] = symptom_sok(version=version, fraga=data["q"], alder=alder)
    if request.htmx and request.headers.get("HX-Target") == "traffar":
        # One partial per keystroke: not each a session write (the page load and each choice renew the deadline).
        utan_sessionsfornyelse(request)
        return render(request, "hanvisning/stod.html#traffar", context)
    if data.get("symptom"):
        symptom = selectors.symptom_i_version(version=version, symptom_id=data["symptom"])
        if symptom is None:
            form.add_error(None, _("Symtomet finns inte i den publicerade versionen. Sök igen."))
            return render(request, "hanvisning/stod.html", context, status=400)
        context.update(symptom=symptom, nivaer=selectors.nivaer_i_ordning(symptom))
        grad = data.get("bradskegrad")
        if grad and alder is None:
            form.add_error("alder", _("Skriv patientens ålder."))
        if grad and form.errors:
            return render(request, "hanvisning/stod.html", context, status=400)
        if grad:
            resultat = selectors.hanvisning_berakna(symptom=symptom, bradskegrad=grad, alder=alder, tid=klocka.nu(),
                                                    lat=plats.lat if plats else None, lon=plats.lon if plats else None)
            if resultat is None:
                form.add_error("bradskegrad", _("Symtomet har ingen beskrivning för den brådskegraden."))
                return render(request, "hanvisning/stod.html", context, status=400)
            context["resultat"] = resultat
            if invanare is not None and resultat.forst and resultat.forst.enheter:
                tider = lediga_hanvisningstider(
                    enheter=[(e.enhet_id, e.tidstyp_kod) for e in resultat.forst.enheter], nu=klocka.nu())
                context["hanvisningstider"] = [(e, tider[e.enhet_id]) for e in resultat.forst.enheter
                                               if e.enhet_id in tider]
            context["registrera_form"] = registrera_form or RegistreraForm(initial={
                "alder": alder, "postnummer": postnummer, "symptom": symptom.pk, "bradskegrad": grad})
    return render(request, "hanvisning/stod.html", context, status=status)


@never_cache
@require_GET
@legitimerad
def stod(request):
    """Stand-alone, for an unidentified caller: age and postcode typed in."""
    return _stod(request)


@never_cache
@require_GET
@legitimerad
@med_invanare("hänvisningsstöd")
def stod_invanare(request, *, aktor, invanare):
    """From a citizen's overview: age and postcode from her record."""
    return _stod(request, invanare=invanare)


def _registrera(request, *, invanare=None, aktor):
    form = RegistreraForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        version = selectors.aktuell_version()
        symptom = selectors.symptom_i_version(version=version, symptom_id=data["symptom"]) if version else None
        alder = data["alder"]
        if invanare is not None and alder is None:
            alder = invanare.alder(timezone.localdate(klocka.nu()))
        try:
            if symptom is None:
                raise ValidationError({"symptom": _("Symtomet finns inte i den publicerade versionen.")})
            if alder is None:
                raise ValidationError({"alder": _("Skriv patientens ålder.")})
            rad = services.hanvisning_registrera(
                aktor=aktor, yrke=request.uppdrag.medarbetare.yrke, symptom=symptom, bradskegrad=data["bradskegrad"],
                alder=alder, postnummer=data["postnummer"], invanare=invanare, vald_vardform=data["vald_vardform"],
                avvikelse_orsak=data["avvikelse_orsak"], skicka_meddelande=data["skicka_meddelande"],
                boka_tid_id=data["boka_tid"], tid=klocka.nu())
        except ValidationError as err:
            _fel(form, err)
        else:
            messages.success(request, _("Hänvisningen till %(vf)s är registrerad.") % {"vf": rad.vald_vardform.namn})
            if invanare is not None:
                return redirect("invanare:profil", invanare_id=invanare.pk)
            return redirect("hanvisning:stod")
    # Show the result again with the errors: the same page, rebuilt from the posted choice.
    request.GET = request.GET.copy()
    for falt in ("alder", "postnummer", "symptom", "bradskegrad"):
        if request.POST.get(falt) not in (None, ""):
            request.GET[falt] = request.POST[falt]
    return _stod(request, invanare=invanare, registrera_form=form, status=400)


@never_cache
@require_POST
@legitimerad
def registrera(request):
    return _registrera(request, aktor=Aktor.from_request(request))


@never_cache
@require_http_methods(["GET", "POST"])
@legitimerad
@med_invanare("hänvisningsstöd: registrera")
def registrera_invanare(request, *, aktor, invanare):
    if request.method != "POST":
        return _stod(request, invanare=invanare)
    return _registrera(request, invanare=invanare, aktor=aktor)


@never_cache
@require_GET
def uppfoljning(request):
    """Follow-up for the region: referrals per care form, urgency, unit and period; deviation rate."""
    form = UppfoljningForm(request.GET or None)
    idag = timezone.localdate(klocka.nu())
    fran, till, period, enhet = idag - datetime.timedelta(days=90), idag, "vecka", None
    status = 200
    if form.is_bound:
        if form.is_valid():
            fran = form.cleaned_data["fran"] or fran
            till = form.cleaned_data["till"] or till
            period = form.cleaned_data["period"] or period
            enhet = form.cleaned_data["vardenhet"]
        else:
            status = 400
    data = selectors.uppfoljning(fran=fran, till=till, period=period, vardenhet_id=enhet.pk if enhet else None)
    staplar, hojd = diagram.rader(data.per_period)
    return render(request, "hanvisning/uppfoljning.html",
                  {"form": form, "data": data, "fran": fran, "till": till, "staplar": staplar, "hojd": hojd,
                   "bredd": diagram.BREDD, "etikett": diagram.ETIKETT, "stapel": diagram.STAPEL}, status=status)


@never_cache
@require_GET
@legitimerad
def versioner(request):
    """Content versions and, between two of them, what changed (for the licensed staff who use the content)."""
    alla = selectors.versioner()
    per_id = {v.pk: v for v in alla}
    fel, skillnad = None, None
    if "fran" in request.GET or "till" in request.GET:
        try:
            fran, till = per_id[heltal_param(request.GET.get("fran"))], per_id[heltal_param(request.GET.get("till"))]
        except KeyError:
            fel = _("Välj två versioner som finns.")
        else:
            skillnad = selectors.version_diff(fran=fran, till=till)
    elif len(alla) >= 2:
        skillnad = selectors.version_diff(fran=alla[1], till=alla[0])
    return render(request, "hanvisning/versioner.html", {"versioner": alla, "skillnad": skillnad, "fel": fel,
                                                         "val": VersionerVal(versioner=alla, skillnad=skillnad)},
                  status=400 if fel else 200)
