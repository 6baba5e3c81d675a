"""The card agent's HTTP side: loopback only, only the portal's origin(s), two endpoints.

    GET  /kort     -> {"cards": [{id, label, name, hsa_id, pin_locked, pin_final_try, ...}]}
    POST /signera  {"nonce", "pin", "card"[, "key_label"]}
                   -> {"signature": base64, "certificate": base64 DER}  or  {"error": code[, "tries_left"]}

What the card signs is ``vardportalen-login|<portal origin>|<nonce>``: the agent adds the origin (one it is
configured for, the one the request came from), so a signature can only ever be used to log in to that portal.
Several origins may be configured for one portal reached under several names (127.0.0.1 and localhost).

Every request must come with ``Origin: <portal origin>`` (browsers set it and pages can't forge it) and a
loopback ``Host`` (against DNS rebinding); anything else gets 403 without CORS headers. Preflights answer
Access-Control-Allow-Private-Network for Chromium's Private Network Access.
"""
from __future__ import annotations

import base64
import ipaddress
import json
import logging
import re
import socket
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from vardportalen.cardagent.tokens import CardError, card_sign, cards_list
from vardportalen.siths.verification import login_message

logger = logging.getLogger("vardportalen.cardagent")

MAX_BODY = 8 * 1024
_NONCE_RE = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_CARD_RE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_ORIGIN_RE = re.compile(r"^https?://[^/\s]+$")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    """The name part of a Host header: '127.0.0.1:8089' -> '127.0.0.1', '[::1]:8089' -> '::1'."""
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else ""
    return host.rsplit(":", 1)[0]


@dataclass
class AgentConfig:
    origins: tuple[str, ...]
    module: str | None = None

    @property
    def origin(self) -> str:
        return self.origins[0]


class CardAgentServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, config: AgentConfig):
        host = address[0]
        if not is_loopback(host):
            raise ValueError(f"The card agent listens on loopback only, not on {host!r}.")
        for origin in config.origins:
            if not _ORIGIN_RE.match(origin):
                raise ValueError(f"Origin must look like http(s)://host[:port], not {origin!r}.")
        if not config.origins:
            raise ValueError("The card agent needs the portal's origin.")
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.config = config
        super().__init__(address, AgentHandler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{port}"


class AgentHandler(BaseHTTPRequestHandler):
    server: CardAgentServer
    server_version = "Vardportalen-kortagent/1"
    sys_version = ""

    # --- checks shared by every method ---

    def _allowed(self) -> bool:
        origin = self.headers.get("Origin", "")
        host = self.headers.get("Host", "")
        host_name = _host_name(host)
        if origin not in self.server.config.origins:
            logger.warning("Refused %s %s from origin %r", self.command, self.path, origin[:100])
            self._send(403, {"error": "origin"}, cors=False)
            return False
        if not is_loopback(host_name):
            logger.warning("Refused %s %s with host %r", self.command, self.path, host[:100])
            self._send(403, {"error": "host"}, cors=False)
            return False
        return True

    def _cors_headers(self):
        self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin", ""))  # checked: one of ours
        self.send_header("Vary", "Origin")

    def _send(self, status: int, payload: dict | None, *, cors: bool = True, extra: dict | None = None):
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if cors:
            self._cors_headers()
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if payload is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    # --- methods ---

    def do_OPTIONS(self):
        if not self._allowed():
            return
        extra = {
            "Access-Control-Allow-Methods": "GET, POST",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": "600",
        }
        if self.headers.get("Access-Control-Request-Private-Network", "").lower() == "true":
            extra["Access-Control-Allow-Private-Network"] = "true"
        self._send(204, None, extra=extra)

    def do_GET(self):
        if not self._allowed():
            return
        if self.path.split("?")[0] != "/kort":
            self._send(404, {"error": "not_found"})
            return
        try:
            cards = cards_list(module=self.server.config.module)
        except Exception:  # a broken module must not take the agent down
            logger.exception("Reading the cards failed")
            self._send(500, {"error": "kortagent_fel"})
            return
        self._send(200, {"cards": cards})

    def do_POST(self):
        if not self._allowed():
            return
        if self.path.split("?")[0] != "/signera":
            self._send(404, {"error": "not_found"})
            return
        if self.headers.get_content_type() != "application/json":
            self._send(415, {"error": "content_type"})
            return
        try:
            length = int(self.headers.get("Content-Length", "0"))
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            self._send(400, {"error": "bad_request"})
            return
        try:
            data = json.loads(self.rfile.read(length))
        except ValueError:
            self._send(400, {"error": "bad_request"})
            return
        nonce, pin, card = (data.get(k) if isinstance(data, dict) else None for k in ("nonce", "pin", "card"))
        key_label = data.get("key_label") if isinstance(data, dict) else None
        if not (isinstance(nonce, str) and _NONCE_RE.match(nonce)
                and isinstance(card, str) and _CARD_RE.match(card)
                and isinstance(pin, str) and 0 < len(pin) <= 64
                and (key_label is None or isinstance(key_label, str))):
            self._send(400, {"error": "bad_request"})
            return
        message = login_message(origin=self.headers["Origin"], nonce=nonce)
        try:
            result = card_sign(card=card, pin=pin, message=message, key_label=key_label, module=self.server.config.module)
        except CardError as exc:
            logger.info("Signing failed on card %s: %s %s", card, exc.code, exc.detail)
            self._send(200, exc.as_json())
            return
        except Exception:
            logger.exception("Signing failed on card %s", card)
            self._send(500, {"error": "kortagent_fel"})
            return
        logger.info("Signed a login challenge with card %s", card)
        self._send(200, {
            "signature": base64.b64encode(result["signature"]).decode(),
            "certificate": base64.b64encode(result["certificate"]).decode(),
        })

    def log_message(self, format, *args):  # noqa: A002 - the request line only; bodies (the PIN) never
        logger.debug("%s %s", self.address_string(), format % args)


def agent_make(
    *, origin: str | list[str], port: int = 8089, host: str = "127.0.0.1", module: str | None = None
) -> CardAgentServer:
    """Create (bind) the agent's server for one origin or several. ``port=0`` picks a free port (``server.url``)."""
    origins = [origin] if isinstance(origin, str) else list(origin)
    return CardAgentServer((host, port), AgentConfig(origins=tuple(o.rstrip("/") for o in origins), module=module))


def agent_start_thread(server: CardAgentServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, name="card-agent", daemon=True)
    thread.start()
    return thread
