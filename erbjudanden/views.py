"""Staff pages: list, compose, target group (count, reachability, anonymous sample), send with progress,
follow-up (chart per day, who booked: access-logged)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vardportalen.accesslog.aktor import Aktor
from vardportalen.accesslog.services import Handelse, Utfall, atkomst_logga_flera
from vardportalen.granser import heltal_param
from vardportalen.nyckelsidor import nyckelsida

from . import diagram, selectors, services
from .forms import ErbjudandeForm

BOKADE_PER_SIDA = 50


def _erbjudande(aktor: Aktor, erbjudande_id: int):
    e = selectors.erbjudanden_for(aktor).filter(pk=erbjudande_id).first()
    if e is None:
        raise Http404(_("Erbjudandet finns inte."))
    return e


@never_cache
@require_GET
def index(request):
    aktor = Aktor.from_request(request)
    return render(request, "erbjudanden/index.html", {"erbjudanden": selectors.erbjudanden_for(aktor)[:200]})


@require_http_methods(["GET", "POST"])
def ny(request):
    aktor = Aktor.from_request(request)
    form = ErbjudandeForm(request.POST or None, aktor=aktor)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("regionalt", "token")}
        try:
            e = services.erbjudande_skapa(aktor=aktor, regionalt=form.cleaned_data["regionalt"],
                                          idempotensnyckel=form.cleaned_data["token"], **data)
        except PermissionDenied as exc:
            form.add_error("regionalt", str(exc))
        except ValidationError as exc:
            for falt, fel in (exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}).items():
                form.add_error(falt if falt in form.fields else None, fel)
        else:
            messages.success(request, _("Erbjudandet är sparat. Kontrollera målgruppen innan du skickar."))
            return redirect(reverse("erbjudanden:detalj", args=[e.pk]))
    return render(request, "erbjudanden/ny.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_GET
def detalj(request, erbjudande_id: int):
    aktor = Aktor.from_request(request)
    e = _erbjudande(aktor, erbjudande_id)
    if request.htmx and request.GET.get("del") == "framsteg":
        return render(request, "erbjudanden/detalj.html#framsteg", {"e": e})
    nu = timezone.now()
    utkast = e.status == e.Status.UTKAST
    # Before sending: the group counted now, and a sample. Once sent: its reach when the send started (counting
    # the region again on every view would cost seconds while the send writes).
    rackvidd = selectors.rackvidd(e, nu=nu) if utkast else e.rackvidd_vid_start
    urval = [{"alder": i.alder(timezone.localdate(nu)), "kommun": i.kommun, "kanal": i.kanal}
             for i in selectors.urval(e, nu=nu)] if utkast else []
    per_dag = selectors.uppfoljning_per_dag(e)
    staplar, etiketter = diagram.staplar(per_dag)
    sidnav = nyckelsida(selectors.bokade(e), falt="bokat", fallande=False, antal=sum(d["bokat"] for d in per_dag),
                        storlek=BOKADE_PER_SIDA, efter=request.GET.get("efter", ""), fore=request.GET.get("fore", ""),
                        sista=request.GET.get("sista") == "1", sida=heltal_param(request.GET.get("sida")) or 1)
    bokade = sidnav.rader
    if bokade:
        atkomst_logga_flera(aktor=request, invanare_lista=[m.invanare for m in bokade], handelse=Handelse.LASNING,
                            utfall=Utfall.TILLATEN, vad="erbjudande_bokade", detalj=f"erbjudande {e.pk}")
    return render(request, "erbjudanden/detalj.html", {
        "e": e, "rackvidd": rackvidd, "urval": urval, "utkast": utkast, "per_dag": per_dag, "staplar": staplar,
        "etiketter": etiketter, "d": diagram, "bokade": bokade, "sidnav": sidnav, "kan_skicka": services.far_hantera(aktor, e),
    })


@require_POST
def skicka(request, erbjudande_id: int):
    aktor = Aktor.from_request(request)
    e = _erbjudande(aktor, erbjudande_id)
    try:
        services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Utskicket har startat."))
    return redirect(reverse("erbjudanden:detalj", args=[e.pk]))
