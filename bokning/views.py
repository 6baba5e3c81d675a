"""Staff pages of bokning: the timebook (day/week, htmx), a booking, booking for a citizen, schedules, 4US admin."""
from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bokning import forms, selectors, services
from bokning.models import Bokning, Resurs, Tid, Tidbok, Tidstyp
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from vardportalen.accesslog.services import Aktor
from vardportalen.format import datum_tid
from vardportalen.granser import datum_param, heltal_param
from vardportalen.komponenter import Bekraftelse, bekraftelse_kravs, lista
from vardportalen.models import Vardenhet


def _datum(text: str | None) -> datetime.date:
    """The day asked for (ÅÅÅÅ-MM-DD, 2000–2100), else today."""
    return datum_param(text) or timezone.localdate()


def _tidbok_for(aktor: Aktor, tidbok_id) -> tuple[Tidbok | None, list[Tidbok]]:
    tidbocker = selectors.tidbocker_for_enhet(vardenhet_id=aktor.vardenhet_id)
    valt = next((t for t in tidbocker if str(t.pk) == str(tidbok_id)), tidbocker[0] if tidbocker else None)
    return valt, tidbocker


@never_cache
@require_GET
def tidbok(request):
    """Day or week view of one of the unit's timebooks; prev/next swap the calendar with htmx."""
    aktor = Aktor.from_request(request)
    valt, tidbocker = _tidbok_for(aktor, request.GET.get("tidbok"))
    vy = "vecka" if request.GET.get("vy") == "vecka" else "dag"
    dag = _datum(request.GET.get("datum"))
    if vy == "vecka":
        fran = dag - datetime.timedelta(days=dag.weekday())
        till, steg = fran + datetime.timedelta(days=7), datetime.timedelta(days=7)
    else:
        fran, till, steg = dag, dag + datetime.timedelta(days=1), datetime.timedelta(days=1)
    tider = selectors.tidbok_for_personal(aktor=aktor, tidbok=valt, fran=fran, till=till) if valt else []
    dagar = {}
    for t in tider:
        dagar.setdefault(timezone.localdate(t.start), []).append(t)
    context = {
        "tidbok": valt, "tidbocker": tidbocker, "vy": vy, "dag": dag, "fran": fran,
        "till": till - datetime.timedelta(days=1), "dagar": sorted(dagar.items()),
        "foregaende": dag - steg, "nasta": dag + steg, "idag": timezone.localdate(),
        "far_schemalagga": services.far_schemalagga(aktor), "far_administrera": services.far_administrera(aktor),
        "valform": forms.TidbokVal(tidbocker=tidbocker, initial={"tidbok": valt.pk if valt else None, "datum": dag,
                                                                 "vy": vy}),
    }
    return render(request, "bokning/tidbok.html#kalender" if request.htmx else "bokning/tidbok.html", context)


def _las_bokning(aktor: Aktor, bokning_id: int) -> Bokning:
    """The booking, if it is the unit's; the citizen read is logged (and checked) like every citizen read."""
    bokning = (
        Bokning.objects.select_related("tid__tidstyp", "tid__tidbok", "tid__resurs", "vardenhet")
        .filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(tid__tidbok__vardenhet_id=aktor.vardenhet_id))
        .filter(pk=bokning_id)
        .first()
    )
    if bokning is None:
        raise Http404
    bokning.invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=bokning.invanare_id, vad="bokning")
    return bokning


def _bokning_sida(request, bokning: Bokning, *, status=200, **extra):
    bokning = Bokning.objects.select_related("tid__tidstyp", "tid__resurs", "vardenhet", "invanare").get(pk=bokning.pk)
    andra_tider = (
        Tid.objects.lediga()
        .filter(tidbok=bokning.tid.tidbok_id, tidstyp=bokning.tid.tidstyp_id, start__gt=timezone.now())
        .filter(Q(vardenhet_id=request.uppdrag.vardenhet_id) | Q(tidbok__vardenhet_id=request.uppdrag.vardenhet_id))
        .exclude(pk=bokning.tid_id)
        .select_related("vardenhet", "resurs")
        .order_by("start", "vardenhet__namn", "resurs__namn")[:50]
    )
    context = {
        "bokning": bokning,
        "invanare": bokning.invanare,
        "deklaration": getattr(bokning, "halsodeklaration", None),
        "vaccination": getattr(bokning, "vaccination", None),
        "andra_tider": andra_tider,
        "flytta_form": forms.FlyttaForm(tider=andra_tider),
        "kan_markeras": bokning.ar_aktiv and timezone.localdate(bokning.tid.start) <= timezone.localdate(),
        "vaccination_form": extra.pop("vaccination_form", None) or forms.VaccinationForm(),
        **extra,
    }
    template = "bokning/bokning.html#detalj" if request.htmx else "bokning/bokning.html"
    return render(request, template, context, status=status)


@never_cache
@require_GET
def bokning_detalj(request, bokning_id: int):
    aktor = Aktor.from_request(request)
    try:
        bokning = _las_bokning(aktor, bokning_id)
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    return _bokning_sida(request, bokning)


def _atgard(request, bokning_id: int, utfor, lyckat: str, **extra):
    aktor = Aktor.from_request(request)
    try:
        bokning = _las_bokning(aktor, bokning_id)
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    try:
        resultat = utfor(aktor, bokning)
    except ValidationError as err:
        return _bokning_sida(request, bokning, status=400, fel=err.messages, **extra)
    if isinstance(resultat, Bokning):  # a move makes a new booking
        bokning = resultat
    messages.success(request, lyckat)
    return _bokning_sida(request, bokning, meddelande=lyckat) if request.htmx else redirect(
        "bokning:bokning", bokning_id=bokning.pk)


@never_cache
@require_POST
def avboka(request, bokning_id: int):
    """Two steps, also without JavaScript: the first POST asks, the confirmed one cancels."""
    if bekraftelse_kravs(request):
        aktor = Aktor.from_request(request)
        try:
            bokning = _las_bokning(aktor, bokning_id)
        except InvanareEjTillganglig:
            return ej_tillganglig(request)
        if bokning.status != Bokning.Status.BOKAD:
            return _bokning_sida(request, bokning, status=400, fel=[_("Bokningen är inte längre bokad.")])
        bekraftelse = Bekraftelse.fran_post(
            request, rubrik=_("Avboka tiden?"), knapp=_("Ja, avboka tiden"),
            text=_("%(tid)s, %(typ)s för %(namn)s. Platsen blir ledig och kan bokas av någon annan.") % {
                "tid": datum_tid(bokning.tid.start), "typ": bokning.tid.tidstyp.namn, "namn": bokning.invanare.namn},
            avbryt_url=reverse("bokning:bokning", args=[bokning.pk]))
        return _bokning_sida(request, bokning, bekraftelse=bekraftelse)
    return _atgard(request, bokning_id, lambda a, b: services.bokning_cancel_staff(aktor=a, bokning_id=b.pk),
                   _("Tiden är avbokad och platsen är ledig igen."))


@never_cache
@require_POST
def flytta(request, bokning_id: int):
    form = forms.FlyttaForm(request.POST)

    def utfor(aktor, bokning):
        if not form.is_valid():
            raise ValidationError(_("Välj den nya tiden."))
        return services.bokning_move(aktor=aktor, bokning_id=bokning.pk, ny_tid_id=form.cleaned_data["ny_tid"],
                                     skyddad_bekraftad=form.cleaned_data["skyddad_bekraftad"])

    return _atgard(request, bokning_id, utfor, _("Bokningen är flyttad."))


@never_cache
@require_POST
def utfall(request, bokning_id: int):
    form = forms.UtfallForm(request.POST)

    def utfor(aktor, bokning):
        if not form.is_valid():
            raise ValidationError(_("Välj genomförd eller uteblev."))
        services.bokning_utfall_set(aktor=aktor, bokning_id=bokning.pk, status=form.cleaned_data["status"])

    return _atgard(request, bokning_id, utfor, _("Besöket är markerat."))


@never_cache
@require_POST
def vaccination(request, bokning_id: int):
    form = forms.VaccinationForm(request.POST)

    def utfor(aktor, bokning):
        if not form.is_valid():
            raise ValidationError([m for fel in form.errors.values() for m in fel])
        services.vaccination_register(aktor=aktor, bokning_id=bokning.pk, **form.cleaned_data)

    return _atgard(request, bokning_id, utfor, _("Vaccinationen är registrerad."), vaccination_form=form)


@never_cache
@require_http_methods(["GET", "POST"])
def boka_for_invanare(request, invanare_id: int):
    """Book a slot of the unit for a citizen the unit has a care relation with."""
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="bokning: boka tid")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    fel = []
    if request.method == "POST":
        form = forms.BokaForm(request.POST)
        if form.is_valid():
            try:
                bokning = services.bokning_create_staff(aktor=aktor, invanare=invanare, tid_id=form.cleaned_data["tid"],
                                                        skicka_kallelse=form.cleaned_data["skicka_kallelse"],
                                                        skyddad_bekraftad=form.cleaned_data["skyddad_bekraftad"],
                                                        idempotensnyckel=form.cleaned_data["token"])
            except ValidationError as err:
                fel = err.messages
            else:
                messages.success(request, _("Tiden är bokad."))
                return redirect("bokning:bokning", bokning_id=bokning.pk)
        else:
            fel = [_("Välj en tid.")]
    tidstyp_id = request.GET.get("tidstyp") or request.POST.get("tidstyp")
    idag = timezone.localdate()
    fran = datum_param(request.GET.get("fran")) or idag
    till = datum_param(request.GET.get("till")) or fran + datetime.timedelta(days=27)
    if till < fran:
        fel, till = [*fel, _("Till-datumet ligger före från-datumet: visar fyra veckor från från-datumet.")], \
            fran + datetime.timedelta(days=27)
    tz = timezone.get_current_timezone()
    tider = (
        Tid.objects.lediga()
        .filter(start__gt=timezone.now(),
                start__gte=datetime.datetime.combine(fran, datetime.time.min, tzinfo=tz),
                start__lt=datetime.datetime.combine(till + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz))
        .filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(tidbok__vardenhet_id=aktor.vardenhet_id))
        .select_related("tidstyp", "resurs", "vardenhet")
    )
    if heltal_param(tidstyp_id, minst=1) is not None:
        tider = tider.filter(tidstyp_id=heltal_param(tidstyp_id, minst=1))
    sida = lista(tider, request=request, standard="tid", storlek=20, sorteringar={
        "tid": ("start",), "tidstyp": ("tidstyp__namn", "start"), "resurs": ("resurs__namn", "start"),
        "enhet": ("vardenhet__namn", "start")})
    context = {"invanare": invanare, "lista": sida, "rader": [(t, forms.BokaForm(tid=t)) for t in sida.rader], "fel": fel,
               "filter": forms.LedigaTiderFilter(initial={"tidstyp": tidstyp_id, "fran": fran, "till": till}),
               "fran": fran, "till": till, "token": uuid.uuid4()}
    return render(request, "bokning/boka.html", context, status=400 if fel else 200)


@never_cache
@require_GET
def invanare_bokningar(request, invanare_id: int):
    """All of a citizen's bookings at the unit, sorted and paged on the server."""
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="bokning: bokningar")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    sida = lista(selectors.bokningar_for_invanare(invanare=invanare, vardenhet_id=aktor.vardenhet_id),
                 request=request, standard="-tid", sorteringar={
                     "tid": ("tid__start",), "tidstyp": ("tid__tidstyp__namn", "tid__start"),
                     "resurs": ("tid__resurs__namn", "tid__start"), "enhet": ("vardenhet__namn", "tid__start"),
                     "status": ("status", "tid__start")})
    return render(request, "bokning/invanare_bokningar.html", {"invanare": invanare, "lista": sida})


# --- schedulers ---


def _kraver(test, aktor):
    if not test(aktor):
        raise PermissionDenied


def _schema_context(aktor: Aktor, valt: Tidbok, **forms_):
    enheter = Vardenhet.objects.filter(pk__in=_enheter_for(aktor, valt))
    resurser = Resurs.objects.filter(vardenhet__in=enheter).select_related("vardenhet").order_by("vardenhet__namn", "namn")
    return {
        "tidbok": valt,
        "tidbocker": selectors.tidbocker_for_enhet(vardenhet_id=aktor.vardenhet_id),
        "resurs_form": forms_.get("resurs_form") or forms.ResursForm(enheter=enheter),
        "tid_form": forms_.get("tid_form") or forms.TidForm(enheter=enheter, resurser=resurser),
        "schemarad_form": forms_.get("schemarad_form") or forms.SchemaradForm(enheter=enheter, resurser=resurser),
        "apply_form": forms_.get("apply_form") or forms.SchemaApplyForm(),
        "schemarader": valt.schemarader.select_related("vardenhet", "resurs", "tidstyp") if valt else [],
        "resurser": resurser,
        "kommande": Tid.objects.filter(tidbok=valt, start__gt=timezone.now(), vardenhet__in=enheter)
        .select_related("tidstyp", "resurs", "vardenhet").order_by("start")[:30] if valt else [],
    }


def _enheter_for(aktor: Aktor, valt: Tidbok | None) -> list[int]:
    if valt is None:
        return [aktor.vardenhet_id]
    if valt.gemensam and (services.far_administrera(aktor) or valt.vardenhet_id == aktor.vardenhet_id):
        return [valt.vardenhet_id, *valt.deltagande_enheter.values_list("pk", flat=True)]
    return [aktor.vardenhet_id]


@never_cache
@require_http_methods(["GET", "POST"])
def schema(request):
    """Resources, single slots, the weekly template and laying it out over a date range."""
    aktor = Aktor.from_request(request)
    _kraver(services.far_schemalagga, aktor)
    valt, _t = _tidbok_for(aktor, request.GET.get("tidbok") or request.POST.get("tidbok"))
    if valt is None:
        raise Http404
    enheter = Vardenhet.objects.filter(pk__in=_enheter_for(aktor, valt))
    resurser = Resurs.objects.filter(vardenhet__in=enheter)
    status, bundna = 200, {}
    if request.method == "POST":
        atgard = request.POST.get("atgard")
        if atgard == "ta_bort":
            try:
                services.tid_delete(aktor=aktor, tid_id=request.POST.get("tid"))
            except ValidationError as err:
                messages.error(request, " ".join(err.messages))
            else:
                messages.success(request, _("Tiden är borttagen."))
            return redirect(f"{reverse('bokning:schema')}?tidbok={valt.pk}")
        if atgard == "resurs":
            form = bundna["resurs_form"] = forms.ResursForm(request.POST, enheter=enheter)

            def utfor(data):
                services.resurs_create(aktor=aktor, **data)
                return _("Resursen är upplagd.")
        elif atgard == "tid":
            form = bundna["tid_form"] = forms.TidForm(request.POST, enheter=enheter, resurser=resurser)

            def utfor(data):
                services.tid_create(aktor=aktor, tidbok=valt, **data)
                return _("Tiden är upplagd.")
        elif atgard == "schemarad":
            form = bundna["schemarad_form"] = forms.SchemaradForm(request.POST, enheter=enheter, resurser=resurser)

            def utfor(data):
                services.schemarad_create(aktor=aktor, tidbok=valt, **data)
                return _("Raden är tillagd i veckoschemat.")
        else:
            form = bundna["apply_form"] = forms.SchemaApplyForm(request.POST)

            def utfor(data):
                resultat = services.schema_apply(aktor=aktor, tidbok=valt, **data)
                return _("%(n)s tider är upplagda.") % {"n": resultat.skapade}
        if form.is_valid():
            try:
                meddelande = utfor(form.cleaned_data)
            except ValidationError as err:
                form.add_error(None, err.messages)
            else:
                messages.success(request, meddelande)
                return redirect(f"{reverse('bokning:schema')}?tidbok={valt.pk}")
        status = 400
    return render(request, "bokning/schema.html", _schema_context(aktor, valt, **bundna), status=status)


# --- the regional administrator (4US admin) ---


@never_cache
@require_http_methods(["GET", "POST"])
def administration(request):
    aktor = Aktor.from_request(request)
    _kraver(services.far_administrera, aktor)
    form, ny_typ, status = forms.SchemalaggareForm(), forms.TidstypForm(), 200
    if request.method == "POST" and request.POST.get("atgard") == "tidstyp":
        ny_typ = forms.TidstypForm(request.POST)
        if ny_typ.is_valid():
            try:
                typ = services.tidstyp_create(aktor=aktor, data=ny_typ.cleaned_data)
            except ValidationError as err:
                ny_typ.add_error(None, err.messages)
            else:
                messages.success(request, _("Tidstypen %(namn)s är upplagd.") % {"namn": typ.namn})
                return redirect("bokning:administration")
        status = 400
    elif request.method == "POST":
        form = forms.SchemalaggareForm(request.POST)
        if form.is_valid():
            try:
                uppdrag = services.schemalaggare_add(aktor=aktor, **form.cleaned_data)
            except ValidationError as err:
                form.add_error(None, err.messages)
            else:
                messages.success(request, _("%(namn)s är nu schemaläggare på %(enhet)s.")
                                 % {"namn": uppdrag.medarbetare.namn, "enhet": uppdrag.vardenhet.namn})
                return redirect("bokning:administration")
        status = 400
    context = {
        "form": form,
        "ny_typ": ny_typ,
        "tidstyper": Tidstyp.objects.all(),
        "enheter": Vardenhet.objects.filter(aktiv=True, typ__in=[Vardenhet.Typ.VACCINATIONSMOTTAGNING,
                                                                 Vardenhet.Typ.VARDCENTRAL]).order_by("namn")[:500],
    }
    return render(request, "bokning/administration.html", context, status=status)


def _andra_sida(request, *, aktor, objekt, form_class, spara, sparat):
    """The 4US admin's edit page of one row: the form on a fresh copy, the service saves, Swedish errors on 400."""
    form = form_class(request.POST or None, instance=type(objekt).objects.get(pk=objekt.pk))
    if request.method == "POST":
        if form.is_valid():
            try:
                spara(aktor=aktor, data=form.cleaned_data)
            except ValidationError as err:
                form.add_error(None, err.messages)
            else:
                messages.success(request, sparat)
                return redirect("bokning:administration")
        return render(request, "bokning/andra.html", {"form": form, "rubrik": objekt.namn}, status=400)
    return render(request, "bokning/andra.html", {"form": form, "rubrik": objekt.namn})


@never_cache
@require_http_methods(["GET", "POST"])
def tidstyp_andra(request, tidstyp_id: int):
    aktor = Aktor.from_request(request)
    _kraver(services.far_administrera, aktor)
    tidstyp = get_object_or_404(Tidstyp, pk=tidstyp_id)
    return _andra_sida(
        request, aktor=aktor, objekt=tidstyp, form_class=forms.TidstypForm,
        spara=lambda **kw: services.tidstyp_update(tidstyp=tidstyp, **kw), sparat=_("Tidstypen är sparad."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def enhet_andra(request, vardenhet_id: int):
    """Unit details incl. the contact-card texts (yttre/inre färdväg ≤ 1024, om oss ≤ 2048 characters)."""
    aktor = Aktor.from_request(request)
    _kraver(services.far_administrera, aktor)
    enhet = get_object_or_404(Vardenhet, pk=vardenhet_id)
    return _andra_sida(
        request, aktor=aktor, objekt=enhet, form_class=forms.EnhetForm,
        spara=lambda **kw: services.vardenhet_update(vardenhet=enhet, **kw), sparat=_("Enhetens uppgifter är sparade."),
    )
