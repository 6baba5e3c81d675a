"""E-identification backends. The real e-identification (BankID, Freja) lives outside the region's network;
a backend turns what the app (or the citizen web, alltidoppet) sends into a verified identity number.
Configure EID_BACKENDS in settings (name -> dotted class path).

- ``OidcEid``: the region's e-ID broker over OpenID Connect (authorization code flow with PKCE, state and
  nonce; the ID token's signature, iss, aud, exp and nonce checked; the identity number from a configurable
  claim; the assurance level (acr) must be LoA 3). ``oidc_start`` makes the authorization request; the
  caller keeps state, nonce and code_verifier (the web in its session, the app on the phone) and passes
  them back with the code to ``autentisera``.
- ``TestEid``: trusts the number sent. Refused unless EID_TESTBACKEND_TILLATEN (dev and test settings only).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

import jwt
import requests
from authlib.integrations.requests_client import OAuth2Session
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
    testbackend = True

    def autentisera(self, data: dict) -> str:
        try:
            return parse_identitetsnummer(str(data.get("personnummer", ""))).nummer
        except OgiltigtIdentitetsnummer as fel:
            raise EidFel(str(fel)) from fel


@dataclass(frozen=True)
class OidcStart:
    """An authorization request: send the citizen to ``url``; keep the rest until she comes back."""

    url: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str


def _oidc_konfigurerad() -> None:
    if not (settings.OIDC_EID_ISSUER and settings.OIDC_EID_CLIENT_ID):
        raise EidFel(_("Inloggning med e-legitimation är inte konfigurerad."))


def _oidc_get(url: str) -> dict:
    try:
        svar = requests.get(url, timeout=settings.OIDC_EID_TIMEOUT_SEKUNDER)
        svar.raise_for_status()
        return svar.json()
    except (requests.RequestException, ValueError) as err:
        raise EidFel(_("E-legitimationstjänsten svarar inte. Försök igen om en stund.")) from err


def oidc_metadata() -> dict:
    _oidc_konfigurerad()
    return _oidc_get(settings.OIDC_EID_ISSUER.rstrip("/") + "/.well-known/openid-configuration")


def _oidc_klient(redirect_uri: str) -> OAuth2Session:
    return OAuth2Session(
        settings.OIDC_EID_CLIENT_ID,
        settings.OIDC_EID_CLIENT_SECRET or None,
        scope=settings.OIDC_EID_SCOPE,
        redirect_uri=redirect_uri,
        code_challenge_method="S256",
    )


def oidc_start(*, redirect_uri: str) -> OidcStart:
    metadata = oidc_metadata()
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    url, _state = _oidc_klient(redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], state=state, nonce=nonce, code_verifier=verifier
    )
    return OidcStart(url=url, state=state, nonce=nonce, code_verifier=verifier, redirect_uri=redirect_uri)


class OidcEid(EidBackend):
    """The region's e-ID broker over OpenID Connect. ``data``: code, code_verifier, redirect_uri, nonce."""

    namn = "oidc"
    ALGORITMER = ("RS256", "PS256", "ES256")

    def autentisera(self, data: dict) -> str:
        for falt in ("code", "code_verifier", "redirect_uri", "nonce"):
            if not isinstance(data.get(falt), str) or not data[falt]:
                raise EidFel(_("Inloggningen saknar uppgifter. Börja om inloggningen."))
        metadata = oidc_metadata()
        try:
            token = _oidc_klient(data["redirect_uri"]).fetch_token(
                metadata["token_endpoint"], code=data["code"], code_verifier=data["code_verifier"],
                timeout=settings.OIDC_EID_TIMEOUT_SEKUNDER,
            )
        except Exception as err:
            raise EidFel(_("Inloggningen kunde inte slutföras. Börja om inloggningen.")) from err
        claims = self.kontrollera_id_token(str(token.get("id_token") or ""), metadata=metadata, nonce=data["nonce"])
        try:
            return parse_identitetsnummer(str(claims.get(settings.OIDC_EID_PERSONNUMMER_CLAIM, ""))).nummer
        except OgiltigtIdentitetsnummer as err:
            raise EidFel(_("E-legitimationen gav inget giltigt personnummer.")) from err

    def kontrollera_id_token(self, id_token: str, *, metadata: dict, nonce: str) -> dict:
        """Signature (the provider's published keys), iss, aud, exp, iat, nonce and the assurance level."""
        try:
            nyckel = jwt.PyJWKClient(metadata["jwks_uri"], timeout=settings.OIDC_EID_TIMEOUT_SEKUNDER)
            claims = jwt.decode(
                id_token,
                nyckel.get_signing_key_from_jwt(id_token).key,
                algorithms=list(self.ALGORITMER),
                audience=settings.OIDC_EID_CLIENT_ID,
                issuer=metadata["issuer"],
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
                leeway=30,
            )
        except (jwt.PyJWTError, KeyError) as err:
            raise EidFel(_("E-legitimationens svar kunde inte kontrolleras. Börja om inloggningen.")) from err
        if metadata["issuer"].rstrip("/") != settings.OIDC_EID_ISSUER.rstrip("/"):
            raise EidFel(_("E-legitimationens svar kunde inte kontrolleras. Börja om inloggningen."))
        if not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
            raise EidFel(_("E-legitimationens svar hör inte till den här inloggningen. Börja om inloggningen."))
        if claims.get("acr") not in settings.OIDC_EID_ACR:
            raise EidFel(_("Inloggningen kräver e-legitimation med tillitsnivå 3 (till exempel Mobilt BankID)."))
        return claims


def eid_backend(namn: str) -> EidBackend:
    sokvag = settings.EID_BACKENDS.get(namn)
    if not sokvag:
        raise EidFel(_("Okänd inloggningsmetod."))
    klass = import_string(sokvag)
    if getattr(klass, "testbackend", False) and not settings.EID_TESTBACKEND_TILLATEN:
        raise EidFel(_("Okänd inloggningsmetod."))
    return klass()
