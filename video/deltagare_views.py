"""The participant's side of a meeting (citizen, proxy, link guest): no staff login; she is known by a session
cookie that only redeeming a join token or a guest link gives, for exactly one meeting and seat.

    GET  /video/delta/<mote>/#token=…   the page (the token stays in the fragment, out of server logs)
    POST /video/delta/<mote>/in/        redeem the token (once) -> cookie, waiting room
    GET  /video/delta/<mote>/status/    waiting / admitted (with Janus credentials) / removed; asked every
                                        few seconds, and re-checks "may act" for a citizen or proxy
    POST /video/delta/<mote>/lamna/     leave
    GET/POST /video/gast/<token>/       a guest link: type your name, then the waiting room
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vardportalen.middleware import public
from video import forms, services
from video.models import Deltagare

COOKIE_NAMN = "video_deltagare"


def _cookie_path(mote_id) -> str:
    return f"/video/delta/{int(mote_id)}/"


def _med_cookie(response, request, mote_id, hemlighet: str):
    response.set_cookie(COOKIE_NAMN, hemlighet, httponly=True, samesite="Strict", path=_cookie_path(mote_id),
                        secure=request.is_secure())
    return response


def _deltagare(request, mote_id) -> Deltagare | None:
    return services.deltagare_for_session(mote_id=mote_id, hemlighet=request.COOKIES.get(COOKIE_NAMN, ""))


@public
@never_cache
@require_GET
def sida(request, mote_id: int):
    return render(request, "video/delta.html", {"mote_id": mote_id})


@public
@require_POST
def in_(request, mote_id: int):
    try:
        deltagare, hemlighet = services.token_losa_in(mote_id=mote_id, token=request.POST.get("token", ""))
    except ValidationError as err:
        return JsonResponse({"fel": " ".join(err.messages), "kod": err.code}, status=403)
    return _med_cookie(JsonResponse(_status(deltagare)), request, mote_id, hemlighet)


def _status(deltagare: Deltagare | None) -> dict:
    if deltagare is None:
        return {"status": "ej_ansluten", "text": _("Du är inte ansluten till mötet. Anslut från appen eller länken.")}
    texter = {
        Deltagare.Status.VANTAR: _("Du är i väntrummet. Vårdpersonalen släpper in dig när mötet börjar."),
        Deltagare.Status.INSLAPPT: _("Du är i mötet."),
        Deltagare.Status.LAMNAT: _("Du har lämnat mötet."),
        Deltagare.Status.BORTTAGEN: _("Värden har tagit bort dig från mötet."),
    }
    return {"status": deltagare.status, "text": texter.get(deltagare.status, ""), "namn": deltagare.visningsnamn,
            "ljud_avstangt": deltagare.ljud_avstangt, "janus": services.janus_anslutning(deltagare)}


@public
@never_cache
@require_GET
def status(request, mote_id: int):
    deltagare = _deltagare(request, mote_id)
    if deltagare is not None:
        deltagare = services.deltagare_kontrollera(deltagare=deltagare)
        if deltagare.status not in (Deltagare.Status.VANTAR, Deltagare.Status.INSLAPPT):
            return JsonResponse(_status(deltagare), status=403)
    return JsonResponse(_status(deltagare), status=200 if deltagare else 403)


@public
@require_POST
def lamna(request, mote_id: int):
    deltagare = _deltagare(request, mote_id)
    if deltagare is not None:
        services.deltagare_leave(deltagare=deltagare)
    response = JsonResponse({"status": "lamnat"})
    response.delete_cookie(COOKIE_NAMN, path=_cookie_path(mote_id))
    return response


@public
@never_cache
@require_http_methods(["GET", "POST"])
def gast(request, token: str):
    """A guest link: works without JavaScript up to the waiting room. Shows only the unit and the time."""
    try:
        lank = services.gastlank_kontrollera(token)
    except ValidationError as err:
        return render(request, "video/gast.html", {"fel": err.messages}, status=410)
    form = forms.GastForm(request.POST or None)
    fel = []
    if request.method == "POST" and form.is_valid():
        try:
            deltagare, hemlighet = services.gastlank_anvand(token=token, namn=form.cleaned_data["namn"])
        except ValidationError as err:
            fel = err.messages
        else:
            return _med_cookie(redirect("video:delta", mote_id=deltagare.mote_id), request, deltagare.mote_id, hemlighet)
    return render(request, "video/gast.html", {"form": form, "lank": lank, "fel": fel},
                  status=400 if request.method == "POST" else 200)
