"""Bearer-token sessions for the citizen app, and ``AppAuth``: the authentication of every API operation.

Every domain's API operation is written as (see invanare.app_api.api and docs/api.md)::

    router = Router(tags=["dokument"], auth=AppAuth(Syfte.DOKUMENT))

    @router.get("/", response={200: DokumentLista, **FEL}, url_name="lista")
    def dokument_lista(request):
        invanare = request.app.invanare      # the citizen acted for (herself or someone she is proxy for)
        aktor = request.app.aktor            # the logged-in citizen
        ...

AppAuth authenticates the token, then asks invanare.behorighet.far_agera on *every* request, so a block, a
lock or a 13th birthday takes effect on the next request, not at the next login.
"""
from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from invanare.app_api.fel import ApiFel, ej_inloggad
from invanare.behorighet import Behorighet, far_agera
from invanare.models import AppSession, Invanare

SENAST_ANVAND_NOGGRANNHET = datetime.timedelta(seconds=60)


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


class AppAuth(HttpBearer):
    """Token required, far_agera(syfte) asked on every request; ``syfte=None`` only authenticates (the
    login-level operations that decide whom to act for themselves). 401 and 403 answer in Swedish JSON."""

    def __init__(self, syfte: str | None):
        super().__init__()
        self.syfte = syfte

    def __call__(self, request):
        kontext = super().__call__(request)
        if kontext is None:
            raise ej_inloggad()
        return kontext

    def authenticate(self, request, token):
        session = app_session_from_request(request)
        if session is None:
            raise ej_inloggad()
        if self.syfte is None:
            behorighet = far_agera(aktor=session.invanare, for_invanare=session.invanare, syfte="inloggning")
        else:
            behorighet = far_agera(aktor=session.invanare, for_invanare=session.agerar_for, syfte=self.syfte)
        if not behorighet.tillaten:
            raise ApiFel(403, behorighet.kod, behorighet.skal)
        request.app = AppKontext(session, session.invanare, session.agerar_for, behorighet)
        return request.app
