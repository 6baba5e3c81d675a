"""The digital mailbox operators (Kivra, Billo, Min Myndighetspost) behind one small interface.

``BREVLADA_BACKEND``: ``console`` (logs only; dev and demo) or ``http`` (POST JSON to ``BREVLADA_URL`` with
``Authorization: Bearer BREVLADA_TOKEN`` and an ``Idempotency-Key`` header, so a retried send is delivered
once). The operator answers 2xx when delivered, 409 when the key was already delivered (also success),
4xx (other) for a permanent refusal, 5xx or no answer for a temporary failure.
"""
from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import Protocol

import requests
from django.conf import settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Brevladeforsandelse:
    idempotensnyckel: str
    operator: str
    mottagare_id_nummer: str
    avsandare_hsa_id: str
    avsandare_namn: str
    rubrik: str
    text: str
    bilagor: list[tuple[str, bytes]]


class TillfalligtFel(Exception):
    """Try again later."""


class PermanentFel(Exception):
    """The operator refused the delivery; retrying will not help."""


class BrevladaBackend(Protocol):
    def skicka(self, forsandelse: Brevladeforsandelse) -> None: ...


class ConsoleBackend:
    def skicka(self, forsandelse: Brevladeforsandelse) -> None:
        log.info("Digital brevlåda (%s): %s till %s", forsandelse.operator, forsandelse.idempotensnyckel,
                 forsandelse.mottagare_id_nummer[:8])


class HttpBackend:
    def __init__(self, url: str, token: str, timeout: float = 10.0):
        if not url:
            raise ValueError("BREVLADA_URL saknas för BREVLADA_BACKEND=http.")
        self.url, self.token, self.timeout = url, token, timeout

    def skicka(self, forsandelse: Brevladeforsandelse) -> None:
        body = {
            "operator": forsandelse.operator,
            "mottagare": forsandelse.mottagare_id_nummer,
            "avsandare": {"hsa_id": forsandelse.avsandare_hsa_id, "namn": forsandelse.avsandare_namn},
            "rubrik": forsandelse.rubrik,
            "text": forsandelse.text,
            "bilagor": [{"filnamn": n, "pdf_base64": base64.b64encode(b).decode()} for n, b in forsandelse.bilagor],
        }
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": forsandelse.idempotensnyckel}
        try:
            svar = requests.post(self.url, json=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as err:
            raise TillfalligtFel(f"Ingen kontakt med brevlådeoperatören: {err.__class__.__name__}") from err
        if svar.status_code < 300 or svar.status_code == 409:
            return
        if svar.status_code >= 500 or svar.status_code == 429:
            raise TillfalligtFel(f"Operatören svarade {svar.status_code}")
        raise PermanentFel(f"Operatören vägrade leveransen ({svar.status_code})")


def brevlada_backend() -> BrevladaBackend:
    if settings.BREVLADA_BACKEND == "http":
        return HttpBackend(settings.BREVLADA_URL, settings.BREVLADA_TOKEN)
    if settings.BREVLADA_BACKEND == "console":
        return ConsoleBackend()
    raise ValueError(f"Okänd BREVLADA_BACKEND {settings.BREVLADA_BACKEND!r}")
