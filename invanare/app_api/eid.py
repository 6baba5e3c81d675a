"""E-identification backends. The real e-identification (BankID, Freja) lives outside the region's network;
a backend turns what the app sends into a verified identity number. Configure EID_BACKENDS in settings
(name -> dotted class path); the test backend is only configured in dev/test settings.
"""
from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer


class EidFel(Exception):
    """Authentication failed; the message is shown to the citizen."""


class EidBackend:
    namn = ""

    def autentisera(self, data: dict) -> str:
        """Return the verified 12-digit identity number, or raise EidFel."""
        raise NotImplementedError


class TestEid(EidBackend):
    """Trusts the identity number in the request. Never configure it in production."""

    namn = "test"

    def autentisera(self, data: dict) -> str:
        try:
            return parse_identitetsnummer(str(data.get("personnummer", ""))).nummer
        except OgiltigtIdentitetsnummer as fel:
            raise EidFel(str(fel)) from fel


def eid_backend(namn: str) -> EidBackend:
    sokvag = settings.EID_BACKENDS.get(namn)
    if not sokvag:
        raise EidFel(_("Okänd inloggningsmetod."))
    return import_string(sokvag)()
