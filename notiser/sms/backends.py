"""Where an SMS goes: console (dev), file, or the region's SMS gateway over HTTP. Chosen by SMS_BACKEND.

A backend's ``skicka`` returns the gateway's message id, or raises ``TillfalligtFel`` (try again later) or
``PermanentFel`` (this message will never go through: give up and show it to staff).
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

logger = logging.getLogger("notiser.sms")


class SmsFel(Exception):
    pass


class TillfalligtFel(SmsFel):
    """Worth retrying: the gateway is down, busy, or refuses our credentials (a configuration to fix)."""


class PermanentFel(SmsFel):
    """The gateway refused this message itself (bad number, rejected text): retrying changes nothing."""


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
        self.katalog.mkdir(parents=True, exist_ok=True)
        namn = hashlib.sha256(idempotensnyckel.encode()).hexdigest()[:32]
        data = {"till": till, "text": text, "idempotensnyckel": idempotensnyckel, "tid": timezone.now().isoformat()}
        tmp = self.katalog / f".{namn}.tmp"
        tmp.write_text(json.dumps(data, ensure_ascii=False))
        tmp.replace(self.katalog / f"{namn}.json")
        return f"file-{namn}"


# Status codes after which the same request may succeed later. 401/403 mean our token is wrong or expired:
# an operator fixes the configuration and the queued messages then go out, instead of all failing for good.
TILLFALLIGA_STATUS = {401, 403, 408, 409, 425, 429}


class HttpBackend:
    """POST {"till", "text", "referens"} as JSON to SMS_GATEWAY_URL with ``Authorization: Bearer <token>``
    and ``Idempotency-Key``; a 2xx reply may carry {"id": "..."}."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 10.0):
        self.url = url if url is not None else settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.timeout = timeout
        if not self.url or not self.token:
            raise ImproperlyConfigured("SMS_BACKEND=http kräver SMS_GATEWAY_URL och SMS_GATEWAY_TOKEN.")

    def skicka(self, *, till: str, text: str, idempotensnyckel: str) -> str:
        try:
            svar = requests.post(
                self.url,
                json={"till": till, "text": text, "referens": idempotensnyckel},
                headers={"Authorization": f"Bearer {self.token}", "Idempotency-Key": idempotensnyckel},
                timeout=self.timeout,
            )
        except requests.RequestException as err:
            raise TillfalligtFel(f"SMS-tjänsten svarar inte: {type(err).__name__}") from err
        if 200 <= svar.status_code < 300:
            try:
                return str(svar.json().get("id", ""))[:100]
            except ValueError:
                return ""
        beskrivning = f"SMS-tjänsten svarade {svar.status_code}: {svar.text[:200]}"
        if svar.status_code >= 500 or svar.status_code in TILLFALLIGA_STATUS:
            raise TillfalligtFel(beskrivning)
        raise PermanentFel(beskrivning)


BACKENDS = {"console": ConsoleBackend, "file": FileBackend, "http": HttpBackend}


def sms_backend():
    try:
        return BACKENDS[settings.SMS_BACKEND]()
    except KeyError:
        raise ImproperlyConfigured(
            f"SMS_BACKEND={settings.SMS_BACKEND!r}; välj en av {', '.join(sorted(BACKENDS))}."
        ) from None
