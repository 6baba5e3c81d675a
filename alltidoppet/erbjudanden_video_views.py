"""Offers and video meetings in the citizen web, on the selectors and services of erbjudanden/app_views.py
and video/app_views.py. Booking from an offer is the booking page with ``?erbjudande=`` (bokning_views.boka,
erbjudanden.services.mottagare_boka)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alltidoppet.session import medborgarsida
from bokning.selectors import lediga_tider_sok
from erbjudanden import selectors as erbjudanden_selectors
from erbjudanden import services as erbjudanden_services
from erbjudanden.models import Erbjudande
from invanare.behorighet import Syfte
from video import selectors as video_selectors
from video import services as video_services


@medborgarsida(Syfte.OVERSIKT)
@require_GET
def erbjudanden(request):
    return render(request, "alltidoppet/erbjudanden.html",
                  {"erbjudanden": erbjudanden_selectors.invanarens_erbjudanden(invanare=request.app.invanare)})


@medborgarsida(Syfte.OVERSIKT)
@require_http_methods(["GET", "POST"])
def erbjudande(request, mottagare_id: int):
    """Opening marks it opened (erbjudanden.services.mottagare_oppna), like the app; POST declines it."""
    m = erbjudanden_selectors.invanarens_erbjudanden(invanare=request.app.invanare).filter(pk=mottagare_id).first()
    if m is None:
        raise Http404("Erbjudandet finns inte.")
    if request.method == "POST":
        try:
            erbjudanden_services.mottagare_avboj(invanare=request.app.invanare, mottagare_id=m.pk)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(request, "Du har tackat nej till erbjudandet.")
        return redirect("alltidoppet:erbjudande", mottagare_id=m.pk)
    m = erbjudanden_services.mottagare_oppna(invanare=request.app.invanare, mottagare_id=m.pk)
    e = m.erbjudande
    tider = []
    if e.atgard == Erbjudande.Atgard.BOKA and m.status not in ("bokat", "avbojt") and e.tidstyp_id:
        tider = [t for t in lediga_tider_sok(invanare=request.app.invanare, tidstyp_id=e.tidstyp_id)
                 if t.tidbok_id == e.tidbok_id]
    return render(request, "alltidoppet/erbjudande.html", {"m": m, "e": e, "tider": tider})


@medborgarsida(Syfte.VIDEO)
@require_GET
def video(request):
    return render(request, "alltidoppet/video.html",
                  {"moten": video_selectors.moten_for_app(invanare=request.app.invanare)})


@medborgarsida(Syfte.VIDEO)
@require_POST
def video_anslut(request, mote_id: int):
    """A single-use join token (video.services.anslutningstoken_create), then the meeting's join page with the
    token in the fragment, exactly the page the app opens."""
    try:
        rad, token = video_services.anslutningstoken_create(aktor=request.app.aktor, invanare=request.app.invanare,
                                                            mote_id=mote_id)
    except ValidationError as err:
        if err.code == "finns_inte":
            raise Http404("Mötet finns inte.") from None
        messages.error(request, " ".join(err.messages))
        return redirect("alltidoppet:video")
    return redirect(f"{reverse('video:delta', args=[rad.mote_id])}#token={token}")
