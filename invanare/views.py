"""Citizen pages: Sök invånare, Invånarprofil/översikt, Registrera vårdrelation. Thin: form → selector/service → render."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from invanare.forms import ANLEDNING_FORSLAG, SokForm, VardrelationForm
from invanare.selectors import (
    InvanareEjTillganglig,
    SokResultat,
    SokUtfall,
    invanare_for_ny_vardrelation,
    invanare_get_for_uppdrag,
    invanare_oversikt,
    invanare_sok,
)
from invanare.services import vardrelation_create
from vardportalen.accesslog.services import Aktor


def ej_tillganglig(request):
    """The one answer for 'no such citizen' and 'no care relation' (see invanare/selectors.py). Other
    domains render this too when ``invanare_get_for_uppdrag`` raises."""
    return render(request, "invanare/ej_tillganglig.html", status=404)


def _sok_page(request, *, form, resultat=None, vardrelation_form=None):
    context = {
        "form": form,
        "resultat": resultat,
        "vardrelation_form": vardrelation_form,
        "anledning_forslag": ANLEDNING_FORSLAG,
    }
    template = "invanare/sok.html#resultat" if request.htmx else "invanare/sok.html"
    return render(request, template, context)


@never_cache
@require_GET
def sok(request):
    form = SokForm(request.GET or None)
    resultat = vardrelation_form = None
    if form.is_bound and form.is_valid():
        resultat = invanare_sok(aktor=Aktor.from_request(request), text=form.cleaned_data["identitetsnummer"].nummer)
        if resultat.utfall == SokUtfall.INGEN_VARDRELATION:
            vardrelation_form = VardrelationForm(initial={"identitetsnummer": resultat.identitet.nummer})
    return _sok_page(request, form=form, resultat=resultat, vardrelation_form=vardrelation_form)


@never_cache
@require_POST
def vardrelation_ny(request):
    aktor = Aktor.from_request(request)
    form = VardrelationForm(request.POST)
    identitet, utfall = None, SokUtfall.INGEN_VARDRELATION
    if form.is_valid():
        identitet = form.cleaned_data["identitetsnummer"]
        invanare = invanare_for_ny_vardrelation(identitet=identitet)
        if invanare is None:
            utfall, form = SokUtfall.FINNS_INTE, None
        else:
            try:
                vardrelation_create(aktor=aktor, invanare=invanare, anledning=form.cleaned_data["anledning"])
            except ValidationError as exc:
                form.add_error("anledning" if "anledning" in getattr(exc, "error_dict", {}) else None, exc.messages)
            else:
                messages.success(request, _("Vårdrelationen är registrerad."))
                url = reverse("invanare:profil", args=[invanare.pk])
                return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    elif "identitetsnummer" not in form.errors:
        identitet = form.fields["identitetsnummer"].clean(request.POST.get("identitetsnummer"))
    resultat = SokResultat(identitet=identitet, utfall=utfall) if identitet else None
    sok_form = SokForm(initial={"identitetsnummer": identitet.formaterad if identitet else ""})
    return _sok_page(request, form=sok_form, resultat=resultat, vardrelation_form=form)


@never_cache
@require_GET
def profil(request, invanare_id: int):
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="invånarprofil")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    oversikt = invanare_oversikt(aktor=aktor, invanare=invanare)
    return render(request, "invanare/profil.html", {"o": oversikt, "invanare": invanare})
