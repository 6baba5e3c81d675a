"""What the SMS gateway and the push service have in common over HTTP: a JSON POST with a bearer token and
an Idempotency-Key, and the reading of the reply (retry later, or never).

``posta_json`` returns the reply's ``id`` (or ""), or raises ``TillfalligtFel`` (worth retrying: no answer,
5xx, 408/409/425/429, and 401/403, which are our configuration to fix, not the message's fault) or
``PermanentFel`` (any other 4xx: this message will never go through). ``OgiltigMottagare`` (404/410) is a
PermanentFel saying the address itself is gone (a push token the phone no longer has).
"""
from __future__ import annotations

import requests


class NotisFel(Exception):
    pass


class TillfalligtFel(NotisFel):
    """Worth retrying: the service is down, busy, or refuses our credentials (a configuration to fix)."""


class PermanentFel(NotisFel):
    """The service refused this message itself (bad number, rejected text): retrying changes nothing."""


class OgiltigMottagare(PermanentFel):
    """The service does not know the address any more (404/410): stop using it."""


TILLFALLIGA_STATUS = {401, 403, 408, 409, 425, 429}
OGILTIG_MOTTAGARE_STATUS = {404, 410}


def posta_json(*, url: str, token: str, data: dict, nyckel: str, tjanst: str, timeout: float = 10.0) -> str:
    try:
        svar = requests.post(url, json=data, timeout=timeout,
                             headers={"Authorization": f"Bearer {token}", "Idempotency-Key": nyckel})
    except requests.RequestException as err:
        raise TillfalligtFel(f"{tjanst} svarar inte: {type(err).__name__}") from err
    if 200 <= svar.status_code < 300:
        try:
            return str(svar.json().get("id", ""))[:100]
        except (ValueError, AttributeError):
            return ""
    beskrivning = f"{tjanst} svarade {svar.status_code}: {svar.text[:200]}"
    if svar.status_code >= 500 or svar.status_code in TILLFALLIGA_STATUS:
        raise TillfalligtFel(beskrivning)
    if svar.status_code in OGILTIG_MOTTAGARE_STATUS:
        raise OgiltigMottagare(beskrivning)
    raise PermanentFel(beskrivning)
