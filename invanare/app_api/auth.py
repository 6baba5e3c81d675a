"""Bearer-token sessions for the citizen app and the ``app_api`` decorator.

Every domain's API view is written as::

    @app_api(Syfte.DOKUMENT, metoder=("GET",))
    def dokument_lista(request):
        invanare = request.app.invanare      # the citizen acted for (herself or someone she is proxy for)
        aktor = request.app.aktor            # the logged-in citizen
        ...
        return JsonResponse({...})

The decorator authenticates the token, then asks invanare.behorighet.far_agera on *every* request, so a
block, a lock or a 13th birthday takes effect on the next request, not at the next login.
"""
from __future__ import annotations

import datetime
import functools
import hashlib
import json
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from invanare.behorighet import Behorighet, far_agera
from invanare.models import AppSession, Invanare
from vardportalen.middleware import public

SENAST_ANVAND_NOGGRANNHET = datetime.timedelta(seconds=60)


class OgiltigBegaran(Exception):
    """Bad input from the app; the message (Swedish) goes back in a 400 reply."""

    def __init__(self, meddelande: str, kod: str = "ogiltig_begaran", falt: dict | None = None):
        super().__init__(meddelande)
        self.meddelande = meddelande
        self.kod = kod
        self.falt = falt or {}


def fel(status: int, kod: str, meddelande: str, **extra) -> JsonResponse:
    return JsonResponse({"fel": {"kod": kod, "meddelande": meddelande, **extra}}, status=status)


def json_body(request) -> dict:
    """The request body as a JSON object, or OgiltigBegaran."""
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as err:
        raise OgiltigBegaran(_("Begäran är inte giltig JSON.")) from err
    if not isinstance(data, dict):
        raise OgiltigBegaran(_("Begäran ska vara ett JSON-objekt."))
    return data


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def app_session_create(*, invanare: Invanare, eid_metod: str) -> tuple[AppSession, str]:
    token = secrets.token_urlsafe(32)
    nu = timezone.now()
    session = AppSession.objects.create(
        token_hash=_hash(token),
        invanare=invanare,
        agerar_for=invanare,
        eid_metod=eid_metod,
        skapad=nu,
        senast_anvand=nu,
        giltig_till=nu + datetime.timedelta(seconds=settings.APP_SESSION_ABSOLUT_SEKUNDER),
    )
    return session, token


class InloggningNekad(Exception):
    """The identified citizen may not log in; ``meddelande`` (Swedish) is shown to her."""

    def __init__(self, status: int, kod: str, meddelande: str):
        super().__init__(meddelande)
        self.status, self.kod, self.meddelande = status, kod, meddelande


def medborgare_logga_in(*, nummer: str, eid_metod: str) -> tuple[AppSession, str]:
    """After e-identification: the citizen with that number, if she may log in (a locked account may not),
    her account at the first login, and a new session. The app and the citizen web (alltidoppet) both use it."""
    from invanare.behorighet import Syfte
    from invanare.models import IdTyp
    from invanare.samtycke import konto_vid_inloggning

    invanare = Invanare.objects.filter(
        id_nummer=nummer, id_typ__in=[IdTyp.PERSONNUMMER, IdTyp.SAMORDNINGSNUMMER]
    ).first()
    if invanare is None:
        raise InloggningNekad(403, "okand_invanare", _("Vi hittar dig inte i folkbokföringen för Region Stockholm."))
    beslut = far_agera(aktor=invanare, for_invanare=invanare, syfte=Syfte.INLOGGNING)
    if not beslut.tillaten:
        raise InloggningNekad(403, beslut.kod, beslut.skal)
    with transaction.atomic():
        konto_vid_inloggning(invanare=invanare)  # the account is registered only when she accepts the terms
        return app_session_create(invanare=invanare, eid_metod=eid_metod)


def app_session_avsluta(session: AppSession) -> None:
    AppSession.objects.filter(pk=session.pk).update(avslutad=timezone.now())


def app_session_from_request(request) -> AppSession | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return app_session_fran_token(header[7:].strip())


def app_session_fran_token(token: str) -> AppSession | None:
    """The live session of a token: not ended, within the absolute limit, used within the idle limit."""
    nu = timezone.now()
    session = (
        AppSession.objects.select_related("invanare", "agerar_for")
        .filter(token_hash=_hash(token), avslutad__isnull=True, giltig_till__gt=nu)
        .first()
    )
    if session is None:
        return None
    if nu - session.senast_anvand > datetime.timedelta(seconds=settings.APP_SESSION_INAKTIV_SEKUNDER):
        return None
    if nu - session.senast_anvand > SENAST_ANVAND_NOGGRANNHET:
        AppSession.objects.filter(pk=session.pk).update(senast_anvand=nu)
    return session


@dataclass
class AppKontext:
    session: AppSession
    aktor: Invanare
    invanare: Invanare
    behorighet: Behorighet

    @property
    def som_ombud(self) -> bool:
        return self.aktor.pk != self.invanare.pk


def app_api(syfte: str | None, *, metoder: tuple[str, ...] = ("GET",)):
    """Citizen-app endpoint: token required, far_agera(syfte) checked on every request.

    ``syfte=None`` only authenticates (the login-level views that decide whom to act for themselves).
    OgiltigBegaran raised by the view becomes a 400 with its Swedish message.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in metoder:
                return fel(405, "fel_metod", _("Metoden stöds inte."))
            session = app_session_from_request(request)
            if session is None:
                return fel(401, "ej_inloggad", _("Du är inte inloggad, eller så har sessionen gått ut. Logga in igen."))
            if syfte is None:
                behorighet = far_agera(aktor=session.invanare, for_invanare=session.invanare, syfte="inloggning")
            else:
                behorighet = far_agera(aktor=session.invanare, for_invanare=session.agerar_for, syfte=syfte)
            if not behorighet.tillaten:
                return fel(403, behorighet.kod, behorighet.skal)
            request.app = AppKontext(session, session.invanare, session.agerar_for, behorighet)
            try:
                return view(request, *args, **kwargs)
            except OgiltigBegaran as err:
                return fel(400, err.kod, err.meddelande, **({"falt": err.falt} if err.falt else {}))

        wrapper.app_api = True
        wrapper.app_syfte = syfte
        return public(csrf_exempt(wrapper))

    return decorator
