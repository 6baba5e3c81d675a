"""Health check of the web container: GET /halsa/ on the local gunicorn, the way the TLS proxy calls it.

    python -m devtools.healthcheck [URL]       exit 0 when the answer is 200 {"status": "ok"}

Production settings redirect plain http to https and accept only DJANGO_ALLOWED_HOSTS, so the request
carries ``X-Forwarded-Proto: https`` (gunicorn trusts it from 127.0.0.1) and the first allowed host name.
Standard library only; no Django import, so it is cheap to run every 30 seconds.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/halsa/"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # a redirect means the check is misconfigured: report it, don't follow it


def host_header(allowed_hosts: str | None) -> str:
    for host in (allowed_hosts or "").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def check(url: str = DEFAULT_URL, *, host: str | None = None, timeout: float = 4.0) -> tuple[bool, str]:
    request = urllib.request.Request(url, headers={
        "Host": host or host_header(os.environ.get("DJANGO_ALLOWED_HOSTS")),
        "X-Forwarded-Proto": "https",
        "User-Agent": "vardportalen-healthcheck",
    })
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read(1000)
            status = response.status
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code} from {url}"
    except (urllib.error.URLError, OSError) as exc:
        return False, f"{url}: {exc}"
    try:
        ok = status == 200 and json.loads(body).get("status") == "ok"
    except ValueError:
        ok = False
    return ok, f"HTTP {status} {body[:200]!r}"


def main(argv: list[str]) -> int:
    ok, detail = check(argv[1] if len(argv) > 1 else os.environ.get("HEALTHCHECK_URL", DEFAULT_URL))
    print(("ok " if ok else "FAIL ") + detail)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
