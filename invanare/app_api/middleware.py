"""Under /api/app/ every answer is JSON: an error Django or ninja answered outside the API's own handlers (405
from ninja's method dispatch, a 400 from Django's request parsing, a database that went away in a middleware)
is rewritten to the Swedish error shape of invanare.app_api.fel."""
from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from invanare.app_api.fel import ApiFel, fel_metod, finns_inte, for_stor, forsok_igen, internt_fel

PREFIX = "/api/app/"


def _som_json(response):
    status = response.status_code
    if status == 405:
        svar = fel_metod().svar()
        if response.has_header("Allow"):
            svar["Allow"] = response["Allow"]
        return svar
    if status == 404:
        return finns_inte(_("Adressen finns inte i API:t.")).svar()
    if status == 413:
        return for_stor().svar()
    if status == 503:  # the database went away in a middleware (vardportalen.felsidor.handler500)
        return forsok_igen().svar()
    if status >= 500:
        return internt_fel().svar()
    return ApiFel(status, "ogiltig_begaran", _("Begäran kunde inte behandlas.")).svar()


class AppApiFelMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return _som_json(response)
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(PREFIX):
            return None
        if isinstance(exception, (OperationalError, InterfaceError)):
            return forsok_igen().svar()
        return None
