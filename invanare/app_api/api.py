"""The citizen app's API (Alltid öppet), /api/app/v1/: django-ninja on declared pydantic schemas.

``bygg_api(routers)`` makes the one NinjaAPI: the strict JSON parser (invanare.app_api.parser), the error
handlers that give every failure the Swedish JSON shape of invanare.app_api.fel, the login-level router of
this package, and each domain's router (named by dotted path, so this package imports no domain app; the
root URLconf, portal/urls.py, lists them). The OpenAPI document is served at /api/app/v1/openapi.json.
"""
from __future__ import annotations

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from invanare.app_api.fel import (
    ApiFel,
    ej_inloggad,
    finns_inte,
    for_stor,
    forsok_igen,
    fran_valideringsfel,
    internt_fel,
)
from invanare.app_api.parser import AppParser
from vardportalen.middleware import public

log = logging.getLogger(__name__)

BESKRIVNING = """\
Alltid öppet-appens API mot Region Stockholm (invånarsidan).

**Inloggning.** `POST /api/app/v1/inloggning/` med e-legitimation ger en token; skicka den som
`Authorization: Bearer <token>` i varje anrop. Behörigheten (spärrat konto, blockerat ombud, 13-årsgräns)
prövas vid varje anrop, inte bara vid inloggningen.

**Ombud.** `POST agera-for/` byter vems uppgifter anropen gäller; svaren gäller sedan den personen.

**Indata.** Kroppar är JSON-objekt (`Content-Type: application/json`) på högst 2,5 MB och högst 32 nivåer;
id är JSON-heltal (inte `true`, `1.5` eller `"12"`); heltal i adressfrågor skrivs med siffrorna 0–9;
datum `ÅÅÅÅ-MM-DD`; text utan NUL-tecken och ensamma surrogattecken; `NaN`, `Infinity` och tal som inte
ryms avvisas.

**Fel.** Alla fel är JSON: `{"fel": {"kod": "...", "meddelande": "...", "falt": {...}}}` med ett
meddelande på svenska som kan visas för användaren. 409 betyder att någon hann före (samma svar som
om begäran hade gjorts två gånger i följd); 503 att tjänsten tillfälligt inte svarar: försök igen.
"""


def _hantera(api: NinjaAPI) -> None:
    api.add_exception_handler(ApiFel, lambda request, exc: exc.svar())
    api.add_exception_handler(ValidationError, lambda request, exc: fran_valideringsfel(exc.errors).svar())
    api.add_exception_handler(AuthenticationError, lambda request, exc: ej_inloggad().svar())
    api.add_exception_handler(Http404, lambda request, exc: finns_inte().svar())
    api.add_exception_handler(RequestDataTooBig, lambda request, exc: for_stor().svar())

    def http_fel(request, exc: HttpError):
        orsak = exc.__cause__
        if isinstance(orsak, ApiFel):
            return orsak.svar()
        if isinstance(orsak, RequestDataTooBig):
            return for_stor().svar()
        return ApiFel(exc.status_code, "ogiltig_begaran", "Begäran kunde inte behandlas.").svar()

    def databasfel(request, exc):
        log.warning("App-API: databasen svarar inte (%s)", exc)
        return forsok_igen().svar()

    def ovantat(request, exc):
        log.exception("App-API: oväntat fel", exc_info=exc)
        return internt_fel().svar()

    api.add_exception_handler(HttpError, http_fel)
    api.add_exception_handler(OperationalError, databasfel)
    api.add_exception_handler(InterfaceError, databasfel)
    api.add_exception_handler(DatabaseError, ovantat)
    api.add_exception_handler(Exception, ovantat)


def bygg_api(routers: dict[str, str]) -> NinjaAPI:
    api = NinjaAPI(
        title="Alltid öppet – invånar-API",
        version="1",
        description=BESKRIVNING,
        urls_namespace="app_api",
        parser=AppParser(),
        openapi_url="/openapi.json",
        docs_url=None,
    )
    _hantera(api)
    api.add_router("", "invanare.app_api.views.router")
    api.add_router("konto/", "invanare.app_api.konto.router")
    api.add_router("", "invanare.app_api.villkor.router")
    for prefix, router in routers.items():
        api.add_router(prefix, router)
    return api


def api_urls(api: NinjaAPI):
    """The API's URL patterns, every view marked public (the staff login does not apply: AppAuth does).

    ninja makes one pattern per operation (so each name reverses) but a new view function for each; the
    patterns of one path share the first one's view here, since Django resolves a path to that one anyway."""
    patterns, app_name, namespace = api.urls
    forsta: dict[str, object] = {}
    for p in patterns:
        p.callback = forsta.setdefault(str(p.pattern), public(p.callback))
    return patterns, app_name, namespace


def operationer(api: NinjaAPI):
    """(url name, method, operation) of every operation: for the tests that check each one's AppAuth."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for op in path_view.operations:
                for metod in op.methods:
                    yield op.url_name, metod, op


@public
@csrf_exempt
def okand_adress(request, rest: str = ""):
    """Anything under the prefix that is not an operation: a JSON 404, never the staff login page."""
    return finns_inte(_("Adressen finns inte i API:t.")).svar()
