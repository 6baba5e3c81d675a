"""The citizen web's session: the same AppSession as the app (its idle and absolute limits, logout on the
server), kept in the Django session, and ``medborgarsida`` — the citizen page decorator.

    @medborgarsida(Syfte.DOKUMENT)
    def dokument_lista(request):
        request.app.invanare   # the citizen acted for (herself or someone she is proxy for)
        request.app.aktor      # the logged-in citizen

Like the app API, far_agera is asked on *every* request: a blocked proxy or a locked account loses access at
the next request. Until she has accepted the terms of use in force she is sent to the terms page.
"""
from __future__ import annotations

import functools

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from invanare.app_api.auth import AppKontext, app_session_avsluta, app_session_fran_token
from invanare.behorighet import Syfte, far_agera
from invanare.models import AppSession
from invanare.samtycke import krav_version, maste_godkanna
from vardportalen.middleware import public

SESSION_TOKEN = "alltidoppet_token"
SESSION_OIDC = "alltidoppet_oidc"


def logga_in(request, token: str) -> None:
    """A new session key at login (no fixation), holding only the citizen's token."""
    request.session.flush()
    request.session.cycle_key()
    request.session[SESSION_TOKEN] = token


def logga_ut(request) -> None:
    token = request.session.get(SESSION_TOKEN)
    session = app_session_fran_token(token) if token else None
    if session is not None:
        app_session_avsluta(session)
    request.session.flush()


def _till_inloggning(request, meddelande: str | None = None):
    request.session.pop(SESSION_TOKEN, None)
    if meddelande:
        messages.error(request, meddelande)
    return redirect(reverse("alltidoppet:inloggning"))


def medborgarsida(syfte: str | None, *, kraver_villkor: bool = True):
    """``syfte=None``: only a logged-in citizen (terms, switching person, logout)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            token = request.session.get(SESSION_TOKEN)
            session = app_session_fran_token(token) if token else None
            if session is None:
                return _till_inloggning(request, "Du är inte inloggad, eller så har sessionen gått ut. Logga in igen."
                                        if token else None)
            sjalv = far_agera(aktor=session.invanare, for_invanare=session.invanare, syfte=Syfte.INLOGGNING)
            if not sjalv.tillaten:  # her own account locked: the session ends now
                app_session_avsluta(session)
                request.session.flush()
                return _till_inloggning(request, sjalv.skal)
            behorighet = sjalv
            fraga = syfte
            if fraga is None and session.agerar_for_id != session.invanare_id:
                # her own pages (terms, settings, switching person) still name whom she acts for in the header
                fraga = Syfte.OVERSIKT
            if fraga is not None:
                behorighet = far_agera(aktor=session.invanare, for_invanare=session.agerar_for, syfte=fraga)
                if not behorighet.tillaten and session.agerar_for_id != session.invanare_id:
                    # no longer her proxy (blocked, of age...): back to herself, with the reason
                    AppSession.objects.filter(pk=session.pk).update(agerar_for=session.invanare)
                    messages.error(request, behorighet.skal)
                    return redirect("alltidoppet:start")
                if not behorighet.tillaten:
                    messages.error(request, behorighet.skal)
                    return redirect("alltidoppet:start") if fraga != Syfte.OVERSIKT else _till_inloggning(request)
            if kraver_villkor and maste_godkanna(session.invanare, krav=krav_version()):
                return redirect("alltidoppet:villkor")
            request.app = AppKontext(session, session.invanare, session.agerar_for, behorighet)
            return view(request, *args, **kwargs)

        wrapper.medborgarsida = True
        return public(wrapper)

    return decorator
