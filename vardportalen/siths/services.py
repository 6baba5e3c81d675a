"""SITHS login: challenges (nonces), verifying a card login or a proxy login, completing it, logging out.

The views stay thin: they parse the request, call one of the ``inloggning_*`` services and render. Every
refused login raises SithsFel; the view hands it to ``inloggning_failure_log`` (one Inloggningshandelse row
plus a line on the "vardportalen.security" logger) and shows ``fel.message``.
"""
from __future__ import annotations

import datetime
import hashlib
import ipaddress
import logging
import secrets
import time
from urllib.parse import unquote, urlencode

from cryptography import x509
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Inloggningshandelse, InloggningsNonce, Medarbetare, Medarbetaruppdrag
from vardportalen.siths import errors as E
from vardportalen.siths.errors import SithsFel
from vardportalen.siths.verification import (
    TrustConfig,
    VerifiedCertificate,
    certificate_load_der_b64,
    certificate_load_pem,
    certificate_verify,
    login_message,
    signature_b64_decode,
    signature_verify,
    trust_config_from_settings,
)

security_log = logging.getLogger("vardportalen.security")

SESSION_BINDING = "siths_bindning"
METOD_KORTAGENT = "kortagent"
METOD_PROXY = "proxy"


# --- challenges ---


def _binding_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def nonce_create(*, session, now: datetime.datetime | None = None) -> str:
    """A new single-use challenge (256 bits) bound to this browser session, valid SITHS_NONCE_SECONDS."""
    now = now or timezone.now()
    binding = session.get(SESSION_BINDING)
    if not binding:
        binding = secrets.token_urlsafe(32)
        session[SESSION_BINDING] = binding
    nonce = secrets.token_urlsafe(32)
    InloggningsNonce.objects.create(
        nonce=nonce,
        sessionsbindning=_binding_hash(binding),
        skapad=now,
        giltig_till=now + datetime.timedelta(seconds=settings.SITHS_NONCE_SECONDS),
    )
    return nonce


def nonce_consume(*, nonce: str, session, now: datetime.datetime | None = None) -> None:
    """Use the challenge up: one UPDATE … WHERE anvand IS NULL, so two requests can't both use it.

    Raises SithsFel(nonce_okänd / nonce_fel_session / nonce_använd / nonce_utgången).
    """
    now = now or timezone.now()
    binding = session.get(SESSION_BINDING) or ""
    binding_hash = _binding_hash(binding) if binding else ""
    used = InloggningsNonce.objects.filter(
        nonce=nonce, anvand__isnull=True, giltig_till__gt=now, sessionsbindning=binding_hash
    ).update(anvand=now)
    if used == 1:
        return
    row = InloggningsNonce.objects.filter(nonce=nonce).first() if nonce else None
    if row is None:
        raise SithsFel(E.NONCE_OKAND)
    if not binding or not secrets.compare_digest(row.sessionsbindning, binding_hash):
        raise SithsFel(E.NONCE_FEL_SESSION)
    if row.anvand is not None:
        raise SithsFel(E.NONCE_ANVAND, f"used {row.anvand.isoformat()}")
    raise SithsFel(E.NONCE_UTGANGEN, f"valid until {row.giltig_till.isoformat()}")


def nonce_purge(*, now=None) -> int:
    """Delete nonces that expired more than a day ago (used or not); they can never be used again."""
    now = now or timezone.now()
    deleted, _ = InloggningsNonce.objects.filter(giltig_till__lt=now - datetime.timedelta(days=1)).delete()
    return deleted


# --- the login log ---


def _ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def _request_facts(request) -> dict:
    return {
        "ip": _ip(request.META.get("REMOTE_ADDR")),
        "user_agent": request.headers.get("User-Agent", "")[:300],
        "request_id": getattr(request, "request_id", "")[:64],
    }


def _certificate_facts(certificate: x509.Certificate | None) -> dict:
    if certificate is None:
        return {}
    serial_number = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    return {
        "certifikat_serienummer": format(certificate.serial_number, "x")[:80],
        "certifikat_utfardare": certificate.issuer.rfc4514_string()[:300],
        "hsa_id": str(serial_number[0].value)[:48] if serial_number else "",
    }


def inloggningshandelse_create(
    *, request, utfall: str, orsak: str = "", metod: str = "", hsa_id: str = "",
    certificate: x509.Certificate | None = None, detalj: str = "",
) -> Inloggningshandelse:
    facts = {**_request_facts(request), **_certificate_facts(certificate)}
    if hsa_id:
        facts["hsa_id"] = hsa_id[:48]
    return Inloggningshandelse.objects.create(utfall=utfall, orsak=orsak[:48], metod=metod, detalj=detalj[:500], **facts)


def inloggning_failure_log(*, request, fel: SithsFel, metod: str) -> Inloggningshandelse:
    """Log a refused login: a row in the login log and a warning on the security logger."""
    event = inloggningshandelse_create(
        request=request, utfall=Inloggningshandelse.Utfall.MISSLYCKAD, orsak=fel.code, metod=metod,
        hsa_id=fel.hsa_id, certificate=fel.certificate, detalj=fel.detail,
    )
    security_log.warning(
        "SITHS login refused: code=%s method=%s hsa_id=%s ip=%s request_id=%s detail=%s",
        fel.code, metod, event.hsa_id or "-", event.ip or "-", event.request_id or "-", fel.detail or "-",
    )
    return event


# --- checks shared by both backends ---


def inloggning_medarbetare_check(*, verified: VerifiedCertificate, today: datetime.date | None = None) -> Medarbetare:
    """The certificate's HSA-ID must be an active Medarbetare with at least one active commission."""
    medarbetare = Medarbetare.objects.filter(hsa_id=verified.hsa_id).first()
    fel = dict(hsa_id=verified.hsa_id, certificate=verified.certificate)
    if medarbetare is None:
        raise SithsFel(E.OKANT_HSA_ID, **fel)
    if not medarbetare.is_active:
        raise SithsFel(E.INAKTIV_MEDARBETARE, **fel)
    if not Medarbetaruppdrag.objects.aktiva(today).filter(medarbetare=medarbetare).exists():
        raise SithsFel(E.INGET_AKTIVT_UPPDRAG, **fel)
    return medarbetare


def _certificate_and_person(certificate, *, trust, now) -> tuple[VerifiedCertificate, Medarbetare]:
    trust = trust or trust_config_from_settings()
    verified = certificate_verify(certificate=certificate, trust=trust, now=now)
    return verified, inloggning_medarbetare_check(verified=verified, today=timezone.localdate(now))


def request_origin(request) -> str:
    """The portal origin the browser used (scheme://host[:port]); part of what the card signs."""
    return request.build_absolute_uri("/").rstrip("/")


def inloggning_kortagent_verify(
    *, session, origin: str, nonce: str, signature: str, certificate: str,
    now: datetime.datetime | None = None, trust: TrustConfig | None = None,
) -> tuple[VerifiedCertificate, Medarbetare]:
    """A card-agent login: use up the challenge, check the card's signature over it, then the certificate and
    the person. Raises SithsFel."""
    now = now or timezone.now()
    nonce_consume(nonce=nonce, session=session, now=now)
    cert = certificate_load_der_b64(certificate)
    signature_verify(certificate=cert, message=login_message(origin=origin, nonce=nonce), signature=signature_b64_decode(signature))
    return _certificate_and_person(cert, trust=trust, now=now)


def inloggning_kortagent_fel(
    *, session, nonce: str, code: str, tries_left: int | None = None, now: datetime.datetime | None = None
) -> SithsFel:
    """What the card agent reported (wrong PIN, locked PIN, no card, no agent) as a SithsFel to log and show.

    The challenge is used up here too, so only a browser holding a live login page can write to the log."""
    nonce_consume(nonce=nonce, session=session, now=now)
    if code not in E.AGENT_CODES:
        return SithsFel(E.KORTAGENT_FEL, f"agent reported {code[:40]!r}")
    return SithsFel(code, tries_left=tries_left if code == E.FEL_PIN else None,
                    detail=f"tries_left={tries_left}" if tries_left is not None else "")


def _trusted_proxy(remote_addr: str) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    for entry in settings.SITHS_PROXY_TRUSTED_ADDRESSES:
        try:
            if address in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            security_log.error("SITHS_PROXY_TRUSTED_ADDRESSES has an invalid entry %r", entry)
    return False


def inloggning_proxy_verify(
    *, meta: dict, now: datetime.datetime | None = None, trust: TrustConfig | None = None
) -> tuple[VerifiedCertificate, Medarbetare]:
    """A login through a TLS-terminating reverse proxy: the client certificate (URL-encoded PEM) comes in
    settings.SITHS_PROXY_HEADER, and is believed only from SITHS_PROXY_TRUSTED_ADDRESSES. Raises SithsFel."""
    now = now or timezone.now()
    remote_addr = meta.get("REMOTE_ADDR", "")
    if not _trusted_proxy(remote_addr):
        raise SithsFel(E.PROXY_EJ_BETRODD, f"certificate login from untrusted address {remote_addr[:60]}")
    value = meta.get(settings.SITHS_PROXY_HEADER, "")
    if not value or value in ("(null)", "-"):
        raise SithsFel(E.INGET_CERTIFIKAT, f"no {settings.SITHS_PROXY_HEADER}")
    cert = certificate_load_pem(unquote(value))
    return _certificate_and_person(cert, trust=trust, now=now)


# --- completing a login, commissions, logout ---


def safe_next(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        if not url.startswith(reverse("siths:login")) and not url.startswith(reverse("siths:logout")):
            return url
    return None


def inloggning_complete(*, request, verified: VerifiedCertificate, metod: str, next_url: str | None = None) -> str:
    """Log the staff member in (new session key), start the 12-hour clock, pick the commission if there is
    only one, and log the login. Returns where to go next."""
    with transaction.atomic():
        user = authenticate(request, verified_hsa_id=verified.hsa_id)
        if user is None:  # deactivated between the check and now
            raise SithsFel(E.INAKTIV_MEDARBETARE, hsa_id=verified.hsa_id, certificate=verified.certificate)
        aktiva = list(Medarbetaruppdrag.objects.aktiva().filter(medarbetare=user).values_list("pk", flat=True)[:2])
        if not aktiva:
            raise SithsFel(E.INGET_AKTIVT_UPPDRAG, hsa_id=verified.hsa_id, certificate=verified.certificate)
        login(request, user, backend="vardportalen.siths.backends.SithsCertificateBackend")
        request.session.pop(SESSION_BINDING, None)
        request.session[SESSION_LOGIN_TIME] = time.time()
        request.session.pop(SESSION_UPPDRAG, None)
        inloggningshandelse_create(
            request=request, utfall=Inloggningshandelse.Utfall.LYCKAD, metod=metod,
            hsa_id=verified.hsa_id, certificate=verified.certificate,
        )
    security_log.info("SITHS login: hsa_id=%s method=%s request_id=%s", verified.hsa_id, metod, getattr(request, "request_id", "-"))
    next_url = safe_next(request, next_url)
    if len(aktiva) == 1:
        request.session[SESSION_UPPDRAG] = aktiva[0]
        return next_url or reverse(settings.LOGIN_REDIRECT_URL)
    choose = reverse("siths:valj_uppdrag")
    return f"{choose}?{urlencode({'next': next_url})}" if next_url else choose


def uppdrag_choose(*, session, medarbetare: Medarbetare, uppdrag_id: int) -> Medarbetaruppdrag | None:
    """Act under one of the staff member's own active commissions. None if it is not one of them."""
    uppdrag = (
        Medarbetaruppdrag.objects.aktiva().select_related("vardenhet")
        .filter(pk=uppdrag_id, medarbetare=medarbetare).first()
    )
    if uppdrag is not None:
        session[SESSION_UPPDRAG] = uppdrag.pk
    return uppdrag


def utloggning(*, request) -> None:
    """Log out: a row in the login log, then the session is deleted on the server (flush)."""
    user = request.user
    if user.is_authenticated:
        inloggningshandelse_create(request=request, utfall=Inloggningshandelse.Utfall.UTLOGGNING, hsa_id=user.hsa_id)
        security_log.info("Logout: hsa_id=%s", user.hsa_id)
    logout(request)
