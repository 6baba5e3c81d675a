"""Where an SMS goes: console (dev), file, or the region's SMS gateway over HTTP. Chosen by SMS_BACKEND.

A backend's ``skicka`` returns the gateway's message id, or raises ``TillfalligtFel`` (try again later) or
``PermanentFel`` (this message will never go through: give up and show it to staff).
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from notiser.http import NotisFel, PermanentFel, TillfalligtFel, posta_json  # noqa: F401 - re-exported

logger = logging.getLogger("notiser.sms")


class SmsFel(NotisFel):
    pass


class ConsoleBackend:
    def skicka(self, *, till: str, text: str, idempotensnyckel: str) -> str:
        logger.info("SMS till %s: %s", till, text)
        print(f"[SMS till {till}] {text}", flush=True)  # noqa: T201 - the dev backend's whole point
        return f"console-{idempotensnyckel}"


class FileBackend:
    """One JSON file per message in SMS_FILE_DIR, named by the idempotency key (a resend overwrites it)."""

    def __init__(self, katalog: str | None = None):
        self.katalog = Path(katalog or settings.SMS_FILE_DIR)

    def skicka(self, *, till: str, text: str, idempotensnyckel: str) -> str:
        return skriv_fil(self.katalog, idempotensnyckel, {"till": till, "text": text})


def skriv_fil(katalog: Path, idempotensnyckel: str, data: dict) -> str:
    """One JSON file named by the key (written atomically; a resend overwrites it). Returns the file id."""
    katalog.mkdir(parents=True, exist_ok=True)
    namn = hashlib.sha256(idempotensnyckel.encode()).hexdigest()[:32]
    data = {**data, "idempotensnyckel": idempotensnyckel, "tid": timezone.now().isoformat()}
    tmp = katalog / f".{namn}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False))
    tmp.replace(katalog / f"{namn}.json")
    return f"file-{namn}"


class HttpBackend:
    """POST {"till", "text", "referens"} as JSON to SMS_GATEWAY_URL with ``Authorization: Bearer <token>``
    and ``Idempotency-Key``; a 2xx reply may carry {"id": "..."} (reply codes: notiser/http.py)."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 10.0):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout
        if not self.url or not self.token:
            raise ImproperlyConfigured("SMS_BACKEND=http kräver SMS_GATEWAY_URL och SMS_GATEWAY_TOKEN.")

    def skicka(self, *, till: str, text: str, idempotensnyckel: str) -> str:
        return posta_json(url=self.url, token=self.token, data={"till": till, "text": text, "referens": idempotensnyckel},
                          nyckel=idempotensnyckel, tjanst="SMS-tjänsten", timeout=self.timeout)


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "http": HttpBackend}


def valj_backend(backends: dict, installning: str):
    """The backend named by the setting ``installning`` (SMS_BACKEND, PUSH_BACKEND), or a message saying which exist."""
    namn = getattr(settings, installning)
    try:
        return backends[namn]()
    except KeyError:
        raise ImproperlyConfigured(f"{installning}={namn!r}; välj en av {', '.join(sorted(backends))}.") from None


def sms_backend():
    return valj_backend(BACKENDS, "SMS_BACKEND")
