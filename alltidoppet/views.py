"""Alltid öppet in a web browser: login (e-ID over OpenID Connect; the demo backend only in dev/test), terms
of use, start page, documents, switching person, logout. Every view calls the same services and selectors
as the app API (invanare.app_api, edokument.app_views) and is guarded by ``medborgarsida``."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alltidoppet.forms import DemoInloggningForm
from alltidoppet.session import SESSION_OIDC, logga_in, logga_ut, medborgarsida
from bokning.selectors import bokningar_i_appen
from edokument.models import Bilaga
from edokument.selectors import app_dokument, app_last_status
from edokument.services import dokument_markera_last
from erbjudanden.selectors import invanarens_erbjudanden
from forlossning import klocka as forlossning_klocka
from forlossning.selectors import beslut_for, far_andra_onskemal, graviditet_for_invanare
from invanare.app_api.auth import AppSession, InloggningNekad, medborgare_logga_in
from invanare.app_api.eid import EidFel, eid_backend, oidc_start
from invanare.behorighet import Syfte, far_agera, huvudman_for
from invanare.models import Invanare
from invanare.samtycke import aktuella_villkor, villkor_godkann
from meddelanden.selectors import konversationer_for_invanare
from vardportalen.middleware import public
from vardportalen.granser import heltal_param

MAX_DOKUMENT = 200


def _slutfor_inloggning(request, *, nummer: str, eid_metod: str):
    try:
        _session, token = medborgare_logga_in(nummer=nummer, eid_metod=eid_metod)
    except InloggningNekad as err:
        messages.error(request, err.meddelande)
        return redirect("alltidoppet:inloggning")
    logga_in(request, token)
    return redirect("alltidoppet:start")


@public
@require_GET
def inloggning(request):
    demo = DemoInloggningForm() if settings.EID_TESTBACKEND_TILLATEN else None
    return render(request, "alltidoppet/inloggning.html", {"demo": demo})


@public
@require_POST
def eid_start(request):
    try:
        start = oidc_start(redirect_uri=request.build_absolute_uri(reverse("alltidoppet:eid_retur")))
    except EidFel as err:
        messages.error(request, str(err))
        return redirect("alltidoppet:inloggning")
    request.session[SESSION_OIDC] = {"state": start.state, "nonce": start.nonce,
                                     "code_verifier": start.code_verifier, "redirect_uri": start.redirect_uri}
    return redirect(start.url)


@public
@require_GET
def eid_retur(request):
    vantat = request.session.pop(SESSION_OIDC, None)
    state = request.GET.get("state", "")
    if not vantat or not secrets.compare_digest(state, vantat["state"]):
        messages.error(request, "Inloggningen hör inte till den här webbläsaren eller har redan använts. Börja om.")
        return redirect("alltidoppet:inloggning")
    if "code" not in request.GET:
        messages.error(request, "Inloggningen avbröts.")
        return redirect("alltidoppet:inloggning")
    try:
        nummer = eid_backend("oidc").autentisera({**vantat, "code": request.GET["code"]})
    except EidFel as err:
        messages.error(request, str(err))
        return redirect("alltidoppet:inloggning")
    return _slutfor_inloggning(request, nummer=nummer, eid_metod="oidc")


@public
@require_POST
def demo_inloggning(request):
    """Dev and test only (EID_TESTBACKEND_TILLATEN): log in as a demo citizen by her identity number."""
    if not settings.EID_TESTBACKEND_TILLATEN:
        raise Http404
    try:
        nummer = eid_backend("test").autentisera({"personnummer": request.POST.get("personnummer", "")})
    except EidFel as err:
        messages.error(request, str(err))
        return redirect("alltidoppet:inloggning")
    return _slutfor_inloggning(request, nummer=nummer, eid_metod="test")


@public
@require_POST
def utloggning(request):
    logga_ut(request)
    messages.info(request, "Du är utloggad.")
    return redirect("alltidoppet:inloggning")


@medborgarsida(None, kraver_villkor=False)
@require_http_methods(["GET", "POST"])
def villkor(request):
    gallande = aktuella_villkor()
    if request.method == "POST":
        try:
            villkor_godkann(invanare=request.app.aktor, version=heltal_param(request.POST.get("version")))
        except (ValueError, ValidationError) as err:
            meddelanden = getattr(err, "messages", None)
            messages.error(request, meddelanden[0] if meddelanden else "Villkoren kunde inte godkännas. Försök igen.")
            return redirect("alltidoppet:villkor")
        return redirect("alltidoppet:start")
    return render(request, "alltidoppet/villkor.html", {"villkor": gallande})


def _dokument_med_status(request):
    dokument = list(app_dokument(invanare=request.app.invanare)[:MAX_DOKUMENT])
    lasta = app_last_status(dokument_ids=[d.pk for d in dokument], lasare=request.app.aktor)
    return [(d, d.pk in lasta) for d in dokument]


def _far(request, syfte: str) -> bool:
    return far_agera(aktor=request.app.aktor, for_invanare=request.app.invanare, syfte=syfte).tillaten


@medborgarsida(Syfte.OVERSIKT)
@require_GET
def start(request):
    """What needs her attention, each part only where far_agera allows it (the same selectors as the pages)."""
    inv = request.app.invanare
    kontext = {"olasta": None, "olasta_konversationer": None, "kommande": None, "graviditet": None}
    if _far(request, Syfte.DOKUMENT):
        kontext["olasta"] = [d for d, last in _dokument_med_status(request) if not last]
    if _far(request, Syfte.MEDDELANDEN):
        kontext["olasta_konversationer"] = [k for k in konversationer_for_invanare(invanare=inv) if k.olasta]
    if _far(request, Syfte.BOKNING):
        nu = timezone.now()
        kontext["kommande"] = sorted((b for b in bokningar_i_appen(invanare=inv) if b.ar_aktiv and b.tid.start > nu),
                                     key=lambda b: b.tid.start)[:5]
    if _far(request, Syfte.FORLOSSNING):
        g = graviditet_for_invanare(invanare=inv)
        if g is not None:
            kontext["graviditet"] = g
            kontext["beslut"] = beslut_for(g)
            kontext["far_andra"] = far_andra_onskemal(g, beslut=kontext["beslut"], idag=forlossning_klocka.idag())
    kontext["erbjudanden"] = [m for m in invanarens_erbjudanden(invanare=inv) if m.status in ("skickat", "oppnat")]
    return render(request, "alltidoppet/start.html", kontext)


@medborgarsida(Syfte.DOKUMENT)
@require_GET
def dokument_lista(request):
    return render(request, "alltidoppet/dokument_lista.html", {"dokument": _dokument_med_status(request)})


@medborgarsida(Syfte.DOKUMENT)
@require_GET
def dokument_oppna(request, dokument_id: int):
    dokument = app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).prefetch_related("bilagor").first()
    if dokument is None:
        raise Http404("Dokumentet finns inte.")
    dokument_markera_last(dokument=dokument, lasare=request.app.aktor)
    return render(request, "alltidoppet/dokument.html", {"dokument": dokument})


@medborgarsida(Syfte.DOKUMENT)
@require_GET
def bilaga_hamta(request, dokument_id: int, bilaga_id: int):
    if not app_dokument(invanare=request.app.invanare).filter(pk=dokument_id).exists():
        raise Http404("Dokumentet finns inte.")
    bilaga = Bilaga.objects.filter(pk=bilaga_id, dokument_id=dokument_id).first()
    if bilaga is None:
        raise Http404("Bilagan finns inte.")
    svar = HttpResponse(bytes(bilaga.innehall), content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="bilaga-{bilaga.pk}.pdf"'
    return svar


@medborgarsida(None)
@require_http_methods(["GET", "POST"])
def agera_for(request):
    """Switch between herself and the persons she may act for (the same far_agera check as the app)."""
    if request.method == "POST":
        val = request.POST.get("id", "")
        mal = Invanare.objects.filter(pk=int(val)).first() if val.isdigit() else None
        beslut = far_agera(aktor=request.app.aktor, for_invanare=mal, syfte=Syfte.OVERSIKT) if mal else None
        if beslut is None or not beslut.tillaten:
            messages.error(request, beslut.skal if beslut else "Personen finns inte.")
            return redirect("alltidoppet:agera_for")
        AppSession.objects.filter(pk=request.app.session.pk).update(agerar_for=mal)
        return redirect("alltidoppet:start")
    return render(request, "alltidoppet/agera_for.html",
                  {"relationer": huvudman_for(aktor=request.app.aktor)})
