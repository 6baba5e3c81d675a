"""Bookings in the citizen web: her bookings (bokning.selectors.bokningar_i_appen: hidden time types and a
protected citizen's bookings are never shown), the free-slot search (the regional vaccination timebook among
them), booking with the health declaration, cancelling within the time type's deadline. The same selectors
and services as bokning/app_views.py; booking from an offer goes through erbjudanden.services.mottagare_boka
like erbjudanden/app_views.py."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from alltidoppet.forms import HalsodeklarationForm, TidsokForm
from alltidoppet.session import medborgarsida
from bokning import selectors, services
from bokning.app_views import BUSSBILJETT
from bokning.models import Halsodeklaration, Tid
from erbjudanden import services as erbjudanden_services
from invanare.behorighet import Syfte
from vardportalen.granser import heltal_param


def _fel(request, err: ValidationError) -> None:
    messages.error(request, " ".join(err.messages))


def _hennes_bokning(request, bokning_id: int):
    """One of the bookings the app shows her, or 404 (a hidden or protected booking does not exist here)."""
    bokning = next((b for b in selectors.bokningar_i_appen(invanare=request.app.invanare) if b.pk == bokning_id), None)
    if bokning is None:
        raise Http404("Bokningen finns inte.")
    return bokning


@medborgarsida(Syfte.BOKNING)
@require_GET
def lista(request):
    nu = timezone.now()
    bokningar = selectors.bokningar_i_appen(invanare=request.app.invanare)
    kommande = [b for b in bokningar if b.ar_aktiv and b.tid.start > nu]
    tidigare = [b for b in bokningar if b not in kommande]
    return render(request, "alltidoppet/bokningar.html", {
        "kommande": sorted(kommande, key=lambda b: b.tid.start), "tidigare": tidigare,
        "skyddad": request.app.invanare.ar_skyddad, "bussbiljett": BUSSBILJETT,
    })


@medborgarsida(Syfte.BOKNING)
@require_GET
def sok(request):
    tidstyper = list(selectors.tidstyper_bokningsbara())
    form = TidsokForm(request.GET or None, tidstyper=tidstyper)
    tider = None
    if request.GET and form.is_valid():
        d = form.cleaned_data
        tider = selectors.lediga_tider_sok(invanare=request.app.invanare, tidstyp_id=d["tidstyp"], datum=d["datum"],
                                           ort=(d["ort"] or "").strip())
    return render(request, "alltidoppet/bokning_sok.html", {"form": form, "tider": tider})


def _ledig_tid(request, tid_id: int):
    """The slot as the search offers it to her (its opening rules), else None."""
    tid = Tid.objects.filter(pk=tid_id).only("tidstyp_id", "start").first()
    if tid is None:
        return None
    traffar = selectors.lediga_tider_sok(invanare=request.app.invanare, tidstyp_id=tid.tidstyp_id,
                                         datum=timezone.localtime(tid.start).date(), tid_id=tid.pk, antal=1)
    return traffar[0] if traffar else None


@medborgarsida(Syfte.BOKNING)
@require_http_methods(["GET", "POST"])
def boka(request, tid_id: int):
    tid = _ledig_tid(request, tid_id)
    erbjudande = heltal_param(request.POST.get("erbjudande") or request.GET.get("erbjudande"))
    if tid is None:
        messages.error(request, "Tiden är inte längre ledig. Välj en annan tid.")
        return redirect("alltidoppet:bokning_sok")
    kraver = tid.tidstyp.kraver_halsodeklaration
    form = HalsodeklarationForm(request.POST or None) if kraver else None
    if request.method == "POST":
        if form is not None and not form.is_valid():
            messages.error(request, "Svara på alla frågor i hälsodeklarationen.")
        else:
            deklaration = form.som_data() if form is not None else None
            try:
                if erbjudande is not None:
                    erbjudanden_services.mottagare_boka(aktor=request.app.aktor, invanare=request.app.invanare,
                                                       mottagare_id=erbjudande, tid_id=tid.pk,
                                                       halsodeklaration=deklaration)
                else:
                    services.bokning_create_app(aktor=request.app.aktor, invanare=request.app.invanare, tid_id=tid.pk,
                                                halsodeklaration=deklaration)
            except ValidationError as err:
                _fel(request, err)
            else:
                if request.app.invanare.ar_skyddad:
                    messages.success(request, "Bokningen är gjord. Den visas inte här eftersom personuppgifterna "
                                              "är skyddade.")
                else:
                    messages.success(request, f"Tiden är bokad. {BUSSBILJETT}")
                return redirect("alltidoppet:bokningar")
    return render(request, "alltidoppet/bokning_boka.html", {"tid": tid, "form": form, "erbjudande": erbjudande})


@medborgarsida(Syfte.BOKNING)
@require_http_methods(["GET", "POST"])
def avboka(request, bokning_id: int):
    """A confirmation step, also without JavaScript; the deadline is the service's (per time type)."""
    bokning = _hennes_bokning(request, bokning_id)
    if request.method == "POST":
        try:
            services.bokning_cancel_app(aktor=request.app.aktor, invanare=request.app.invanare, bokning_id=bokning.pk)
        except ValidationError as err:
            _fel(request, err)
            return redirect("alltidoppet:bokning_avboka", bokning_id=bokning.pk)
        messages.success(request, "Tiden är avbokad.")
        return redirect("alltidoppet:bokningar")
    return render(request, "alltidoppet/bokning_avboka.html", {"b": bokning})


@medborgarsida(Syfte.BOKNING)
@require_http_methods(["GET", "POST"])
def halsodeklaration(request, bokning_id: int):
    bokning = _hennes_bokning(request, bokning_id)
    tidigare = getattr(bokning, "halsodeklaration", None)
    initial = ({f: "ja" if getattr(tidigare, f) else "nej" for f, _e in Halsodeklaration.FLAGGOR}
               | {"fritext": tidigare.fritext} if tidigare else None)
    form = HalsodeklarationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Svara på alla frågor i hälsodeklarationen.")
        else:
            try:
                services.halsodeklaration_app_spara(aktor=request.app.aktor, invanare=request.app.invanare,
                                                    bokning_id=bokning.pk, data=form.som_data())
            except ValidationError as err:
                _fel(request, err)
            else:
                messages.success(request, "Hälsodeklarationen är sparad.")
                return redirect("alltidoppet:bokningar")
    return render(request, "alltidoppet/bokning_deklaration.html", {"b": bokning, "form": form})
