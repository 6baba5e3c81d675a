"""Messages in the citizen web: her conversations, one conversation (reading marks it read like the app),
reply. The same selectors, services and rules (meddelanden.regler.far_skriva) as meddelanden/app_views.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from alltidoppet.session import medborgarsida
from invanare.behorighet import Syfte
from meddelanden import selectors, services
from meddelanden.regler import far_skriva


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
                  {"k": k, "far_skriva": far_skriva(konversation=k), "meddelanden": k.meddelanden.all()})
