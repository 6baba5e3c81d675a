"""Janus' admin API, as Django uses it: rooms, their access lists, per-participant tokens, kick and mute.

Every call is a POST to VIDEO_JANUS_ADMIN_URL with the admin secret; room requests go to the VideoRoom plugin
through ``message_plugin`` with the plugin's ``admin_key`` and the room's own secret. The room secret and pin
are derived from the room number with a key (HMAC), so they are never stored and never leave the server
except the pin, which only admitted participants get.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PLUGIN = "janus.plugin.videoroom"


class JanusFel(Exception):
    """Janus did not answer or refused; the message is for the log, the caller shows a Swedish one."""


def _nyckel() -> bytes:
    if not settings.VIDEO_JANUS_ROOM_ADMIN_KEY or not settings.VIDEO_JANUS_ADMIN_URL:
        raise ImproperlyConfigured("Videomöten kräver VIDEO_JANUS_ADMIN_URL, VIDEO_JANUS_ADMIN_SECRET och "
                                   "VIDEO_JANUS_ROOM_ADMIN_KEY.")
    return settings.VIDEO_JANUS_ROOM_ADMIN_KEY.encode()


def _harled(rum: int, vad: str) -> str:
    return hmac.new(_nyckel(), f"{vad}:{rum}".encode(), hashlib.sha256).hexdigest()[:32]


def rum_secret(rum: int) -> str:
    return _harled(rum, "secret")


def rum_pin(rum: int) -> str:
    return _harled(rum, "pin")


def nytt_rumsnummer() -> int:
    return secrets.randbits(52) or 1  # JavaScript numbers carry 53 bits exactly


def _anropa(body: dict, timeout: float = 5.0) -> dict:
    _nyckel()
    body = {**body, "transaction": secrets.token_hex(8), "admin_secret": settings.VIDEO_JANUS_ADMIN_SECRET}
    try:
        svar = requests.post(settings.VIDEO_JANUS_ADMIN_URL, json=body, timeout=timeout)
        data = svar.json()
    except (requests.RequestException, ValueError) as err:
        raise JanusFel(f"Janus svarar inte: {type(err).__name__}") from err
    if data.get("janus") != "success":
        raise JanusFel(f"Janus: {data.get('error')}")
    return data


def _rum(request: dict) -> dict:
    data = _anropa({"janus": "message_plugin", "plugin": PLUGIN, "request": request})
    svar = data.get("response") or {}
    if svar.get("videoroom") == "event" and svar.get("error_code"):
        raise JanusFel(f"VideoRoom {svar.get('error_code')}: {svar.get('error')}")
    return svar


def rum_skapa(rum: int, *, beskrivning: str, max_deltagare: int) -> None:
    _rum({
        "request": "create", "admin_key": settings.VIDEO_JANUS_ROOM_ADMIN_KEY, "room": rum,
        "description": beskrivning[:60], "secret": rum_secret(rum), "pin": rum_pin(rum), "is_private": True,
        "publishers": max(max_deltagare, 2), "allowed": [], "audiocodec": "opus", "videocodec": "vp8",
        "bitrate": 512_000, "notify_joining": True, "record": False,
    })


def rum_ta_bort(rum: int) -> None:
    try:
        _rum({"request": "destroy", "room": rum, "secret": rum_secret(rum)})
    except JanusFel as err:
        if "426" not in str(err):  # 426: no such room (already gone, e.g. Janus restarted)
            raise


def rum_finns(rum: int) -> bool:
    return bool(_rum({"request": "exists", "room": rum}).get("exists"))


def rum_tillat(rum: int, token: str) -> None:
    _rum({"request": "allowed", "room": rum, "secret": rum_secret(rum), "action": "add", "allowed": [token]})


def rum_neka(rum: int, token: str) -> None:
    _rum({"request": "allowed", "room": rum, "secret": rum_secret(rum), "action": "remove", "allowed": [token]})


def token_lagg_till(token: str) -> None:
    _anropa({"janus": "add_token", "token": token, "plugins": [PLUGIN]})


def token_ta_bort(token: str) -> None:
    try:
        _anropa({"janus": "remove_token", "token": token})
    except JanusFel as err:
        if "not found" not in str(err).lower() and "490" not in str(err):
            raise


def rum_deltagare(rum: int) -> list[dict]:
    return _rum({"request": "listparticipants", "room": rum}).get("participants") or []


def rum_kicka(rum: int, janus_id: int) -> None:
    try:
        _rum({"request": "kick", "room": rum, "secret": rum_secret(rum), "id": janus_id})
    except JanusFel as err:
        if "428" not in str(err):  # 428: no such participant (already gone)
            raise


def rum_stang_av_ljud(rum: int, janus_id: int, *, mids: list[str]) -> None:
    for mid in mids:
        _rum({"request": "moderate", "room": rum, "secret": rum_secret(rum), "id": janus_id, "mid": mid,
              "mute": True})
