"""Staff pages of edokument: send a document, its result, the print list, print batches. Thin views."""
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from edokument.forms import HallenBeslutForm, SkickaForm, UtskriftslistaFilter
from edokument.models import Brevmall, Dokument, Hallning, Utskriftsomgang
from edokument.selectors import (
    bilaga_get_for_enhet,
    dokument_for_invanare,
    dokument_get_for_enhet,
    utskriftslista_for_enhet,
    utskriftslistepost_for_beslut,
    utskriftsomgang_get,
    utskriftsomgang_pdf,
    utskriftsomgangar_for_enhet,
)
from edokument.services import BilagaData, bilaga_validera, dokument_skicka, dokument_utkast_skapa, routning_for
from edokument.utskrift import utskriftslistepost_besluta, utskriftsomgang_omtryck, utskriftsomgang_skapa
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from vardportalen.granser import heltal_param
from vardportalen.formfalt import BilagorForm
from vardportalen.accesslog.services import Aktor

MAX_BILAGOR = 10


def _fel_till_form(form, err: ValidationError) -> None:
    if hasattr(err, "error_dict"):
        for falt, fel in err.error_dict.items():
            form.add_error(falt if falt in form.fields else None, [m for e in fel for m in e.messages])
    else:
        form.add_error(None, err.messages)


def _bilagor(request, form) -> list[BilagaData] | None:
    filer = request.FILES.getlist("bilagor")
    if len(filer) > MAX_BILAGOR:
        form.add_error(None, _("Högst %(n)d bilagor.") % {"n": MAX_BILAGOR})
        return None
    resultat = []
    for fil in filer:
        try:
            # Read one byte past the limit: enough to refuse a too-large file without reading all of it.
            from edokument.models import BILAGA_MAX_BYTES

            resultat.append(bilaga_validera(filnamn=fil.name, innehall=fil.read(BILAGA_MAX_BYTES + 1)))
        except ValidationError as err:
            form.add_error(None, err.messages)
    return None if form.errors else resultat


@never_cache
@require_http_methods(["GET", "POST"])
def skicka(request, invanare_id: int):
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="e-dokument: skicka")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    mallar = list(Brevmall.objects.filter(vardenhet_id=aktor.vardenhet_id, aktiv=True).order_by("typ", "namn"))
    form = SkickaForm(request.POST or None, initial={"typ": request.GET.get("typ", "ekallelse")})
    utkast = routning = None
    if request.method == "POST" and "dokument_id" in request.POST:
        return _bekrafta(request, aktor, invanare)
    if request.method == "POST" and form.is_valid():
        bilagor = _bilagor(request, form)
        if bilagor is not None:
            data = form.cleaned_data
            try:
                utkast = dokument_utkast_skapa(
                    aktor=aktor, invanare=invanare, typ=data["typ"], brevmall_id=data["brevmall"] or None,
                    rubrik=data["rubrik"], text=data["text"], bilagor=bilagor,
                    skyddad_bekraftad=data["skyddad_bekraftad"], skickas_som_ebrev=data["skickas_som_ebrev"],
                    besokstid=data["besokstid"], plats=data["plats"],
                )
            except ValidationError as err:
                _fel_till_form(form, err)
            else:
                routning = routning_for(invanare=invanare, vardenhet_id=aktor.vardenhet_id, typ=utkast.typ,
                                        brevmall=utkast.brevmall)
    form.visa_mallar(mallar)
    context = {"invanare": invanare, "form": form, "mallar": mallar, "utkast": utkast, "routning": routning,
               "enhet": request.uppdrag.vardenhet,
               "bilagor_form": BilagorForm(label=_("Bilagor (endast PDF, högst 5 MB per fil)"), accept="application/pdf")}
    return render(request, "edokument/skicka.html", context, status=400 if request.method == "POST" and not utkast else 200)


def _bekrafta(request, aktor, invanare):
    dokument_id = heltal_param(request.POST.get("dokument_id")) or 0
    if not Dokument.objects.filter(pk=dokument_id, invanare=invanare, vardenhet_id=aktor.vardenhet_id).exists():
        return ej_tillganglig(request)
    try:
        dokument_skicka(aktor=aktor, dokument_id=dokument_id)
    except ValidationError as err:
        for m in err.messages:
            messages.error(request, m)
        return redirect(reverse("edokument:skicka", args=[invanare.pk]))
    messages.success(request, _("Dokumentet är skickat. Det som ska till den digitala brevlådan eller på "
                                "utskriftslistan går iväg inom kort."))
    return redirect(reverse("edokument:dokument", args=[dokument_id]))


def _dokument_och_invanare(request, aktor, dokument_id, vad):
    """The unit's document and its citizen (care relation checked and logged), or (None, None)."""
    dok_invanare_id = Dokument.objects.filter(pk=dokument_id, vardenhet_id=aktor.vardenhet_id).values_list(
        "invanare_id", flat=True).first()
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=dok_invanare_id, vad=vad)
    except InvanareEjTillganglig:
        return None, None
    return invanare, dokument_get_for_enhet(aktor=aktor, invanare=invanare, dokument_id=dokument_id)


@never_cache
@require_GET
def invanare_dokument(request, invanare_id: int):
    aktor = Aktor.from_request(request)
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad="e-dokument: invånarens dokument")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    return render(request, "edokument/invanare_dokument.html", {
        "invanare": invanare, "dokument": dokument_for_invanare(aktor=aktor, invanare=invanare, antal=200)})


@never_cache
@require_GET
def dokument(request, dokument_id: int):
    invanare, dok = _dokument_och_invanare(request, Aktor.from_request(request), dokument_id, "e-dokument: visa dokument")
    if dok is None:
        return ej_tillganglig(request)
    return render(request, "edokument/dokument.html", {"invanare": invanare, "dokument": dok})


@never_cache
@require_GET
def bilaga(request, dokument_id: int, bilaga_id: int):
    aktor = Aktor.from_request(request)
    invanare, dok = _dokument_och_invanare(request, aktor, dokument_id, "e-dokument: bilaga")
    fil = dok and bilaga_get_for_enhet(aktor=aktor, invanare=invanare, dokument_id=dok.pk, bilaga_id=bilaga_id)
    if not fil:
        return ej_tillganglig(request)
    svar = HttpResponse(bytes(fil.innehall), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="bilaga-{fil.pk}.pdf"'
    return svar


@never_cache
@require_http_methods(["GET", "POST"])
def utskriftslista(request):
    aktor = Aktor.from_request(request)
    if request.method == "POST":
        try:
            omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=request.POST.getlist("post"))
        except (ValidationError, ValueError) as err:
            messages.error(request, " ".join(getattr(err, "messages", [_("Ogiltigt val.")])))
            return redirect(reverse("edokument:utskriftslista"))
        return redirect(reverse("edokument:omgang", args=[omgang.pk]))
    filter_form = UtskriftslistaFilter(request.GET or None)
    val = filter_form.cleaned_data if filter_form.is_valid() else {}
    sida = utskriftslista_for_enhet(aktor=aktor, orsak=val.get("orsak", ""), typ=val.get("typ", ""),
                                    alder=val.get("alder", ""), sida=val.get("sida") or 1,
                                    efter=request.GET.get("efter", ""), fore=request.GET.get("fore", ""),
                                    sista=request.GET.get("sista") == "1")
    filter_query = urlencode({k: val[k] for k in ("orsak", "typ", "alder") if val.get(k)})
    context = {"filter": filter_form, "lista": sida, "omgangar": utskriftsomgangar_for_enhet(aktor=aktor),
               "filter_query": filter_query}
    template = "edokument/utskriftslista.html#lista" if request.htmx else "edokument/utskriftslista.html"
    return render(request, template, context)


@never_cache
@require_http_methods(["GET", "POST"])
def hallen_beslut(request, post_id: int):
    """A held document (edokument.hallning): the staff member checks and decides where it may go."""
    aktor = Aktor.from_request(request)
    hallen = utskriftslistepost_for_beslut(aktor=aktor, post_id=post_id)
    if hallen is None:
        raise Http404
    try:
        invanare = invanare_get_for_uppdrag(aktor=aktor, invanare_id=hallen.post.dokument.invanare_id,
                                            vad="e-dokument: kvarhållet dokument")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    form = HallenBeslutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            utskriftslistepost_besluta(aktor=aktor, post_id=hallen.post.pk, **form.cleaned_data)
        except ValidationError as err:
            _fel_till_form(form, err)
        else:
            messages.success(request, _("Beslutet är sparat och loggat."))
            return redirect(reverse("edokument:utskriftslista"))
    return render(request, "edokument/hallen_beslut.html",
                  {"invanare": invanare, "post": hallen.post, "dokument": hallen.post.dokument, "form": form,
                   "hallen": Hallning(hallen.hallen).label if hallen.hallen else ""},
                  status=400 if form.errors else 200)


@never_cache
@require_GET
def omgang(request, omgang_id: int):
    obj = utskriftsomgang_get(aktor=Aktor.from_request(request), omgang_id=omgang_id)
    if obj is None:
        raise Http404
    template = "edokument/omgang.html#status" if request.htmx else "edokument/omgang.html"
    return render(request, template, {"omgang": obj, "klar": obj.status == Utskriftsomgang.Status.KLAR})


@never_cache
@require_GET
def omgang_pdf(request, omgang_id: int):
    obj = utskriftsomgang_pdf(aktor=Aktor.from_request(request), omgang_id=omgang_id)
    if obj is None:
        raise Http404
    svar = HttpResponse(bytes(obj.pdf), content_type="application/pdf")
    svar["Content-Disposition"] = f'inline; filename="utskrift-{obj.pk}.pdf"'
    return svar


@never_cache
@require_POST
def omtryck(request, omgang_id: int):
    try:
        ny = utskriftsomgang_omtryck(aktor=Aktor.from_request(request), omgang_id=omgang_id)
    except ValidationError:
        raise Http404 from None
    messages.info(request, _("Omtrycket är beställt och loggat."))
    return redirect(reverse("edokument:omgang", args=[ny.pk]))
