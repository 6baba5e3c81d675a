"""Messages in the citizen web: her conversations, one conversation (reading marks it read like the app),
reply, and starting one where meddelanden.regler.far_starta allows it (with its reasons when it does not).
The same selectors, services and rules as meddelanden/app_views.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alltidoppet.session import medborgarsida
from invanare.behorighet import Syfte
from meddelanden import selectors, services
from alltidoppet.forms import NyKonversationForm, SvarForm
from bokning.selectors import bokningar_i_appen
from invanare.kriterier.models import Kriterieuppsattning
from invanare.kriterier.models import Syfte as KriterieSyfte
from meddelanden.regler import far_skriva, far_starta
from vardportalen.granser import heltal_param
from vardportalen.models import Vardenhet


@medborgarsida(Syfte.MEDDELANDEN)
@require_GET
def lista(request):
    return render(request, "alltidoppet/meddelanden_lista.html",
                  {"konversationer": selectors.konversationer_for_invanare(invanare=request.app.invanare)})


@medborgarsida(Syfte.MEDDELANDEN)
@require_http_methods(["GET", "POST"])
def konversation(request, konversation_id: int):
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    if k is None:
        raise Http404("Konversationen finns inte.")
    if request.method == "POST":
        try:
            services.meddelande_skicka_invanare(
                aktor_invanare=request.app.aktor, invanare=request.app.invanare, konversation_id=k.pk,
                text=request.POST.get("text", ""), bilagor=[],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.Nekad as exc:
            messages.error(request, exc.skal)
        else:
            messages.success(request, "Ditt meddelande är skickat.")
        return redirect("alltidoppet:konversation", konversation_id=k.pk)
    services.konversation_las_invanare(konversation=k)
    k = selectors.konversation_for_invanare(invanare=request.app.invanare, konversation_id=konversation_id)
    return render(request, "alltidoppet/konversation.html",
                  {"k": k, "far_skriva": far_skriva(konversation=k), "meddelanden": k.meddelanden.all(),
                   "form": SvarForm()})


def _mottagningar(invanare) -> list[Vardenhet]:
    """The units she might write to: where she is listed, has a booking the app shows or a conversation, and
    those that take messages by citizen criteria. Whether she may is far_starta's answer for each."""
    ids = {invanare.listad_vardcentral_id} if invanare.listad_vardcentral_id else set()
    ids |= {b.vardenhet_id for b in bokningar_i_appen(invanare=invanare) if b.ar_aktiv}
    ids |= {k.vardenhet_id for k in selectors.konversationer_for_invanare(invanare=invanare)}
    ids |= set(Kriterieuppsattning.objects.filter(aktiv=True, syfte=KriterieSyfte.MEDDELANDEN)
               .values_list("vardenhet_id", flat=True)[:50])
    return list(Vardenhet.objects.filter(pk__in=ids, aktiv=True).order_by("namn"))


@medborgarsida(Syfte.MEDDELANDEN)
@require_http_methods(["GET", "POST"])
def ny(request):
    invanare = request.app.invanare
    enhet_id = heltal_param(request.POST.get("enhet") or request.GET.get("enhet"))
    vardenhet = Vardenhet.objects.filter(pk=enhet_id, aktiv=True).first() if enhet_id else None
    if vardenhet is None:
        if request.method == "POST" or request.GET.get("enhet"):
            messages.error(request, "Välj en mottagning i listan.")
            return redirect("alltidoppet:meddelande_ny")
        enheter = [(e, far_starta(invanare=invanare, vardenhet=e)) for e in _mottagningar(invanare)]
        return render(request, "alltidoppet/meddelande_ny.html", {"enheter": enheter})
    beslut = far_starta(invanare=invanare, vardenhet=vardenhet)
    form = NyKonversationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            k = services.konversation_start_invanare(
                aktor_invanare=request.app.aktor, invanare=invanare, vardenhet=vardenhet,
                amne=form.cleaned_data["amne"], text=form.cleaned_data["text"], bilagor=[],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.Nekad as exc:
            messages.error(request, exc.skal)
            oppen = exc.extra.get("konversation_id")
            if oppen:
                return redirect("alltidoppet:konversation", konversation_id=oppen)
        else:
            messages.success(request, "Ditt meddelande är skickat.")
            return redirect("alltidoppet:konversation", konversation_id=k.pk)
    return render(request, "alltidoppet/meddelande_ny.html", {"vardenhet": vardenhet, "beslut": beslut, "form": form})
