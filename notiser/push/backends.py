"""Where a push notice goes: console (dev), file, or the push service over HTTP. Chosen by PUSH_BACKEND.

``skicka(token=, plattform=, titel=, text=, idempotensnyckel=)`` returns the service's id, or raises
notiser.http's TillfalligtFel, PermanentFel or OgiltigMottagare (the token is gone: the device is deactivated).
"""
from __future__ import annotations

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from notiser.http import posta_json
from notiser.sms.backends import skriv_fil, valj_backend

logger = logging.getLogger("notiser.push")


class ConsoleBackend:
    def skicka(self, *, token: str, plattform: str, titel: str, text: str, idempotensnyckel: str) -> str:
        logger.info("Push till %s …%s: %s", plattform, token[-6:], text)
        print(f"[Push till {plattform} …{token[-6:]}] {titel}: {text}", flush=True)  # noqa: T201 - the dev backend
        return f"console-{idempotensnyckel}"


class FileBackend:
    """One JSON file per notice in PUSH_FILE_DIR, named by the idempotency key."""

    def __init__(self, katalog: str | None = None):
        self.katalog = Path(katalog or settings.PUSH_FILE_DIR)

    def skicka(self, *, token: str, plattform: str, titel: str, text: str, idempotensnyckel: str) -> str:
        return skriv_fil(self.katalog, idempotensnyckel, {"token": token, "plattform": plattform, "titel": titel,
                                                          "text": text})


class HttpBackend:
    """POST {"token", "plattform", "titel", "text", "referens"} as JSON to PUSH_URL with
    ``Authorization: Bearer PUSH_TOKEN`` and ``Idempotency-Key`` (the region's push relay to APNs/FCM)."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 10.0):
        self.url = url if url is not None else settings.PUSH_URL
        self.token = token if token is not None else settings.PUSH_TOKEN
        self.timeout = timeout
        if not self.url or not self.token:
            raise ImproperlyConfigured("PUSH_BACKEND=http kräver PUSH_URL och PUSH_TOKEN.")

    def skicka(self, *, token: str, plattform: str, titel: str, text: str, idempotensnyckel: str) -> str:
        return posta_json(url=self.url, token=self.token, nyckel=idempotensnyckel, tjanst="Pushtjänsten",
                          timeout=self.timeout, data={"token": token, "plattform": plattform, "titel": titel,
                                                      "text": text, "referens": idempotensnyckel})


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "http": HttpBackend}


def push_backend():
    return valj_backend(BACKENDS, "PUSH_BACKEND")
