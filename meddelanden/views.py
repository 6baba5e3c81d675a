"""Staff pages: the inbox, a conversation, starting one from a citizen's overview, reply templates."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from invanare.behorighet import nas_i_appen
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from meddelanden import selectors, services
from meddelanden.bilagor import bilagor_las
from meddelanden.forms import StartForm, SvarForm, SvarsmallForm, TilldelaForm
from meddelanden.models import TEXT_MAX
from meddelanden.poll import poll_enhet_version, poll_svar, poll_token
from meddelanden.regler import far_skriva
from meddelanden.selectors import Flik, KonversationEjTillganglig
from vardportalen.granser import heltal_param
from vardportalen.formfalt import BilagorForm
from vardportalen.accesslog.services import Aktor
from vardportalen.middleware import checks_in_view, personal_kontroll, utan_sessionsfornyelse
from vardportalen.models import Roll


def _int(value, default=None):
    """ASCII digits within PostgreSQL's integer (vardportalen.granser), else ``default``."""
    varde = heltal_param(value)
    return default if varde is None else varde


def _fel_till_form(form, exc: ValidationError):
    fel = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for falt, meddelanden in fel.items():
        form.add_error(falt if falt in form.fields else None, meddelanden)


def _redirect(request, url):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


# --- inbox ---


@never_cache
@require_GET
def inkorg(request):
    aktor = Aktor.from_request(request)
    data = selectors.inkorg_hamta(aktor=aktor, flik=request.GET.get("flik", Flik.OLASTA),
                                  efter=request.GET.get("efter", ""), fore=request.GET.get("fore", ""),
                                  sista=request.GET.get("sista") == "1", sida=_int(request.GET.get("sida"), 1))
    context = {"inkorg": data, "flikar": [(f, Flik.NAMN[f], data.antal[f]) for f in Flik.ALLA],
               "poll_token": poll_token(request)}
    return render(request, "meddelanden/inkorg.html#lista" if request.htmx else "meddelanden/inkorg.html", context)


@never_cache
@checks_in_view
def nytt(request):
    """The "anything new?" poll: 204 while the unit's inbox version is the one the page has; otherwise a new
    poller element holding the new version, and an event that makes the page re-fetch what changed:
    ``inkorg-andrad`` on the inbox; on a conversation page (``k`` and its state ``t``) ``konversation-andrad``
    only when that conversation changed, so a busy unit does not reload (and access-log) every open thread.

    Most polls are answered from the page's signed token (``p``) and one query (meddelanden.poll); the rest go
    through the staff checks every page gets."""
    utan_sessionsfornyelse(request)
    token = request.GET.get("p", "")
    # PollGenvagMiddleware has tried the token already (and answered if it held)
    snabb = None if getattr(request, "poll_genvag_provad", False) else poll_enhet_version(request, token)
    if snabb is None:
        if (svar := personal_kontroll(request, nytt)) is not None:
            return svar
        vardenhet_id = request.uppdrag.vardenhet_id
        version, token = selectors.inkorg_version(vardenhet_id=vardenhet_id), poll_token(request)
    else:
        vardenhet_id, version = snabb
    if request.method != "GET":  # after the staff checks, so that anyone else is sent to log in, as on every page
        return HttpResponseNotAllowed(["GET"])
    return poll_svar(request, vardenhet_id=vardenhet_id, version=version, token=token)


# --- one conversation ---


def _bilagor_form() -> BilagorForm:
    return BilagorForm(label=_("Bilagor"), accept="application/pdf,image/png,image/jpeg")


def _konversation_context(request, aktor, konversation, form=None):
    mallar_gemensamma, mallar_egna = selectors.svarsmallar_for(aktor=aktor)
    return {
        "k": konversation,
        "form": form or SvarForm(),
        "far_skriva": far_skriva(konversation=konversation),
        "tilldela_form": TilldelaForm(initial={"medarbetare": konversation.tilldelad_id}, auto_id="tilldela-%s",
                                      kollegor=selectors.kollegor(vardenhet_id=aktor.vardenhet_id)),
        "mallar_gemensamma": mallar_gemensamma,
        "mallar_egna": mallar_egna,
        "text_max": TEXT_MAX,
        "bilagor_form": _bilagor_form(),
        "version": selectors.inkorg_version(vardenhet_id=aktor.vardenhet_id),
        "poll_token": poll_token(request),
        "tillstand": selectors.konversation_tillstand(vardenhet_id=aktor.vardenhet_id, konversation_id=konversation.pk,
                                                      konversation=konversation),
    }


def _konversation_eller_404(request, aktor, konversation_id):
    try:
        return selectors.konversation_for_personal(aktor=aktor, konversation_id=konversation_id)
    except KonversationEjTillganglig:
        raise Http404 from None


@never_cache
@require_GET
def konversation(request, konversation_id: int):
    aktor = Aktor.from_request(request)
    k = _konversation_eller_404(request, aktor, konversation_id)
    services.konversation_las_personal(aktor=aktor, konversation=k)
    template = "meddelanden/konversation.html"
    if request.htmx:
        template += "#hantering" if request.GET.get("del") == "hantering" else "#trad"
    return render(request, template, _konversation_context(request, aktor, k))


@never_cache
@require_POST
def svara(request, konversation_id: int):
    aktor = Aktor.from_request(request)
    form = SvarForm(request.POST)
    form.is_valid()
    try:
        bilagor = bilagor_las(request.FILES.getlist("bilagor"))
        services.meddelande_skicka_personal(aktor=aktor, konversation_id=konversation_id,
                                            text=form.cleaned_data.get("text", ""), bilagor=bilagor,
                                            idempotensnyckel=form.cleaned_data.get("token"))
    except ValidationError as exc:
        _fel_till_form(form, exc)
    except services.Nekad as exc:
        if exc.status == 404:
            raise Http404 from None
        form.add_error(None, exc.skal)
    else:
        messages.success(request, _("Meddelandet är skickat."))
        return _redirect(request, reverse("meddelanden:konversation", args=[konversation_id]))
    k = _konversation_eller_404(request, aktor, konversation_id)
    return render(request, "meddelanden/konversation.html", _konversation_context(request, aktor, k, form), status=400)


def _andring(request, konversation_id, gor):
    aktor = Aktor.from_request(request)
    try:
        gor(aktor)
    except services.Nekad:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _redirect(request, reverse("meddelanden:konversation", args=[konversation_id]))


@require_POST
def tilldela(request, konversation_id: int):
    form = TilldelaForm(request.POST)
    form.is_valid()
    vem = request.POST.get("medarbetare")
    medarbetare_id = request.uppdrag.medarbetare_id if vem == "jag" else (None if vem in ("", None) else _int(vem, -1))
    return _andring(request, konversation_id, lambda aktor: services.konversation_tilldela(
        aktor=aktor, konversation_id=konversation_id, medarbetare_id=medarbetare_id))


@require_POST
def hanterad(request, konversation_id: int):
    varde = request.POST.get("hanterad", "1") == "1"
    return _andring(request, konversation_id, lambda aktor: services.konversation_markera_hanterad(
        aktor=aktor, konversation_id=konversation_id, hanterad=varde))


@require_POST
def stang(request, konversation_id: int):
    def gor(aktor):
        services.konversation_stang(aktor=aktor, konversation_id=konversation_id)
        messages.success(request, _("Konversationen är avslutad. Invånaren kan inte skriva i den längre."))
    return _andring(request, konversation_id, gor)


@never_cache
@require_GET
def bilaga(request, bilaga_id: int):
    try:
        b = selectors.bilaga_for_personal(aktor=Aktor.from_request(request), bilaga_id=bilaga_id)
    except KonversationEjTillganglig:
        raise Http404 from None
    return bilaga_svar(b)


def bilaga_svar(b) -> HttpResponse:
    response = HttpResponse(bytes(b.data), content_type=b.typ)
    response["Content-Disposition"] = f'attachment; filename="{b.filnamn}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@never_cache
@require_GET
def mall_infoga(request, konversation_id: int, mall_id: int):
    """The template's text with the placeholders filled in for this conversation (htmx puts it in the box)."""
    aktor = Aktor.from_request(request)
    k = _konversation_eller_404(request, aktor, konversation_id)
    mall = selectors.svarsmall_hamta(aktor=aktor, mall_id=mall_id)
    if mall is None:
        raise Http404
    form = SvarForm(initial={"text": selectors.svarsmall_fyll(mall=mall, invanare=k.invanare, aktor=aktor)})
    # the link works without JavaScript too: then the whole conversation page, with the text in the box
    mall_sida = "meddelanden/konversation.html#svarsruta" if request.htmx else "meddelanden/konversation.html"
    return render(request, mall_sida, {**_konversation_context(request, aktor, k, form)})


# --- starting a conversation from the citizen's overview ---


@never_cache
@require_http_methods(["GET", "POST"])
def ny(request, invanare_id: int):
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="meddelanden: ny konversation")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    form = StartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            bilagor = bilagor_las(request.FILES.getlist("bilagor"))
            k = services.konversation_start(aktor=aktor, invanare=invanare, amne=form.cleaned_data["amne"],
                                            text=form.cleaned_data["text"], bilagor=bilagor,
                                            idempotensnyckel=form.cleaned_data.get("token"))
        except ValidationError as exc:
            _fel_till_form(form, exc)
        else:
            messages.success(request, _("Meddelandet är skickat till %(namn)s.") % {"namn": invanare.fornamn})
            return _redirect(request, reverse("meddelanden:konversation", args=[k.pk]))
    oppna = selectors.konversationer_med_invanare(vardenhet_id=aktor.vardenhet_id, invanare_id=invanare.pk)
    return render(request, "meddelanden/ny.html", {"invanare": invanare, "form": form, "oppna": oppna, "text_max": TEXT_MAX,
                                                   "bilagor_form": _bilagor_form(),
                                                   "nas": nas_i_appen(invanare=invanare)},
                  status=400 if form.errors else 200)


# --- reply templates ---


@never_cache
@require_http_methods(["GET", "POST"])
def svarsmallar(request):
    aktor = Aktor.from_request(request)
    form = SvarsmallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.svarsmall_spara(aktor=aktor, titel=form.cleaned_data["titel"], text=form.cleaned_data["text"],
                                     gemensam=form.cleaned_data["gemensam"], mall_id=_int(request.POST.get("mall_id")))
        except ValidationError as exc:
            _fel_till_form(form, exc)
        except services.Nekad as exc:
            form.add_error(None, exc.skal)
        else:
            messages.success(request, _("Svarsmallen är sparad."))
            return _redirect(request, reverse("meddelanden:svarsmallar"))
    sok = request.GET.get("q", "")
    andra = None
    if request.method == "GET" and (mall := selectors.svarsmall_hamta(aktor=aktor, mall_id=_int(request.GET.get("andra")))):
        andra = mall.pk
        form = SvarsmallForm(initial={"titel": mall.titel, "text": mall.text, "gemensam": mall.ar_gemensam})
    elif request.method == "POST":
        andra = _int(request.POST.get("mall_id"))
    gemensamma, egna = selectors.svarsmallar_for(aktor=aktor, sok=sok)
    context = {"form": form, "sok": sok, "gemensamma": gemensamma, "egna": egna, "andra": andra,
               "ar_systemforvaltare": aktor.roll == Roll.SYSTEMFORVALTARE}
    if request.htmx and request.method == "GET":
        return render(request, "meddelanden/svarsmallar.html#mallista", context)
    return render(request, "meddelanden/svarsmallar.html", context, status=400 if form.errors else 200)


@require_POST
def svarsmall_ta_bort(request, mall_id: int):
    try:
        services.svarsmall_ta_bort(aktor=Aktor.from_request(request), mall_id=mall_id)
    except services.Nekad as exc:
        if exc.status == 404:
            raise Http404 from None
        messages.error(request, exc.skal)
    else:
        messages.success(request, _("Svarsmallen är borttagen."))
    return _redirect(request, reverse("meddelanden:svarsmallar"))
