"""Checking a SITHS login: the card's signature over our challenge, and the certificate. Pure functions.

Used by both login backends: the card agent (signature + certificate) and the reverse proxy (certificate
only; TLS already proved possession of the key). Every check raises SithsFel with its own code.

Certificate checks, in this order:
  1. a chain from the certificate through the configured intermediates to a configured trust anchor, each
     link verified by signature (verify_directly_issued_by) and each issuer a CA (basicConstraints, keyUsage
     keyCertSign, pathLenConstraint)                                          -> okänd_utfärdare
  2. validity dates of the certificate and of every issuer in the chain       -> certifikat_utgånget / _ej_giltigt_än
  3. use: an authentication certificate (digitalSignature; not the nonRepudiation-only signing certificate;
     extendedKeyUsage, if present, includes clientAuth)                       -> signeringscertifikat / ej_legitimeringscertifikat
  4. a person's certificate: no function-certificate policy, and a person-authentication policy when the
     region configured those                                                  -> funktionscertifikat / ej_legitimeringscertifikat
  5. revocation against the configured CRL files                              -> spärrat_certifikat / spärrkontroll_misslyckades
  6. an HSA-ID in the subject serialNumber (2.5.4.5)                          -> ogiltigt_certifikat
"""
from __future__ import annotations

import base64
import binascii
import datetime
import functools
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vardportalen.models.personal import hsa_id_validator
from vardportalen.siths import errors as E
from vardportalen.siths.errors import SithsFel

logger = logging.getLogger("vardportalen.security")

LOGIN_CONTEXT = "vardportalen-login"
MAX_CHAIN = 6


def login_message(*, origin: str, nonce: str) -> bytes:
    """The bytes the card signs: the challenge bound to the portal's origin."""
    return f"{LOGIN_CONTEXT}|{origin.rstrip('/')}|{nonce}".encode()


# --- trust configuration ---


@dataclass(frozen=True)
class TrustConfig:
    anchors: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    person_policy_oids: frozenset[str] = field(default_factory=frozenset)
    function_policy_oids: frozenset[str] = field(default_factory=frozenset)

    @property
    def checks_revocation(self) -> bool:
        return bool(self.crls)


def _read_bytes(path: str) -> bytes:
    return Path(path).read_bytes()


@functools.lru_cache(maxsize=64)
def _certificates_from(path: str, mtime_ns: int) -> tuple[x509.Certificate, ...]:
    data = _read_bytes(path)
    if b"-----BEGIN" in data:
        return tuple(x509.load_pem_x509_certificates(data))
    return (x509.load_der_x509_certificate(data),)


@functools.lru_cache(maxsize=64)
def _crl_from(path: str, mtime_ns: int) -> x509.CertificateRevocationList:
    data = _read_bytes(path)
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def _mtime(path: str) -> int:
    return os.stat(path).st_mtime_ns


def trust_config_load(
    *,
    anchors: list[str],
    intermediates: list[str] = (),
    crl_files: list[str] = (),
    person_policy_oids: list[str] = (),
    function_policy_oids: list[str] = (),
) -> TrustConfig:
    """Read the PEM/DER files (cached until a file changes, so an operator's new CRL is picked up)."""
    return TrustConfig(
        anchors=tuple(c for p in anchors for c in _certificates_from(str(p), _mtime(str(p)))),
        intermediates=tuple(c for p in intermediates for c in _certificates_from(str(p), _mtime(str(p)))),
        crls=tuple(_crl_from(str(p), _mtime(str(p))) for p in crl_files),
        person_policy_oids=frozenset(person_policy_oids),
        function_policy_oids=frozenset(function_policy_oids),
    )


def testpki_trust_files(directory: Path) -> dict[str, list[str]] | None:
    """The trust settings for the test PKI made by ``manage.py siths_testca`` in ``directory``, if it exists."""
    from vardportalen.siths import testpki

    files = testpki.PkiFiles(directory=Path(directory))
    if not files.root_cert.exists():
        return None
    return {
        "SITHS_TRUST_ANCHORS": [str(files.root_cert)],
        "SITHS_INTERMEDIATES": [str(files.intermediate_cert)],
        "SITHS_CRL_FILES": [str(files.root_crl), str(files.intermediate_crl)],
    }


def trust_settings() -> dict[str, list[str]]:
    """SITHS_TRUST_ANCHORS / _INTERMEDIATES / _CRL_FILES from settings.

    With DEBUG on and no trust anchors configured, the local test PKI under VAR_DIR/pki (made by
    ``manage.py siths_testca``) is used, so the demo works without configuration. Never without DEBUG.
    """
    from django.conf import settings

    configured = {
        "SITHS_TRUST_ANCHORS": list(settings.SITHS_TRUST_ANCHORS),
        "SITHS_INTERMEDIATES": list(settings.SITHS_INTERMEDIATES),
        "SITHS_CRL_FILES": list(settings.SITHS_CRL_FILES),
    }
    if configured["SITHS_TRUST_ANCHORS"] or not settings.DEBUG:
        return configured
    test_pki = testpki_trust_files(Path(settings.VAR_DIR) / "pki")
    if test_pki is None:
        return configured
    _warn_test_pki(str(Path(settings.VAR_DIR) / "pki"))
    return test_pki


@functools.lru_cache(maxsize=8)
def _warn_test_pki(directory: str) -> None:
    logger.warning("DEBUG without SITHS_TRUST_ANCHORS: trusting the local TEST PKI in %s", directory)


def trust_config_from_settings() -> TrustConfig:
    from django.conf import settings

    files = trust_settings()
    if not files["SITHS_TRUST_ANCHORS"]:
        logger.error("SITHS_TRUST_ANCHORS is empty: no SITHS certificate can be accepted")
    return trust_config_load(
        anchors=files["SITHS_TRUST_ANCHORS"],
        intermediates=files["SITHS_INTERMEDIATES"],
        crl_files=files["SITHS_CRL_FILES"],
        person_policy_oids=settings.SITHS_PERSON_AUTH_POLICY_OIDS,
        function_policy_oids=settings.SITHS_FUNCTION_POLICY_OIDS,
    )


# --- parsing ---


def certificate_load_der_b64(value: str) -> x509.Certificate:
    """The certificate the agent sends: base64 of DER."""
    try:
        return x509.load_der_x509_certificate(base64.b64decode(value, validate=True))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise SithsFel(E.OGILTIGT_CERTIFIKAT, "not base64 DER") from exc


def certificate_load_pem(value: str) -> x509.Certificate:
    """The certificate a reverse proxy forwards: PEM (already URL-decoded)."""
    try:
        return x509.load_pem_x509_certificate(value.strip().encode())
    except (ValueError, TypeError) as exc:
        raise SithsFel(E.OGILTIGT_CERTIFIKAT, "not PEM") from exc


def signature_b64_decode(value: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise SithsFel(E.FEL_SIGNATUR, "signature not base64") from exc


# --- the checks ---


def signature_verify(*, certificate: x509.Certificate, message: bytes, signature: bytes) -> None:
    """RSA PKCS#1 v1.5 with SHA-256 over ``message`` with the certificate's public key."""
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SithsFel(E.FEL_SIGNATUR, "not an RSA key", certificate=certificate)
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature as exc:
        raise SithsFel(E.FEL_SIGNATUR, "signature does not match the challenge", certificate=certificate) from exc


@dataclass(frozen=True)
class VerifiedCertificate:
    hsa_id: str
    name: str
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]


def _ext(cert: x509.Certificate, cls):
    try:
        return cert.extensions.get_extension_for_class(cls).value
    except x509.ExtensionNotFound:
        return None


def _can_issue(issuer: x509.Certificate, issued_below: int) -> bool:
    """Is ``issuer`` a CA that may sign certificates with ``issued_below`` CA certificates beneath it?"""
    constraints = _ext(issuer, x509.BasicConstraints)
    if constraints is None or not constraints.ca:
        return False
    if constraints.path_length is not None and issued_below > constraints.path_length:
        return False
    usage = _ext(issuer, x509.KeyUsage)
    return usage is None or usage.key_cert_sign


def _same(a: x509.Certificate, b: x509.Certificate) -> bool:
    return a.fingerprint(hashes.SHA256()) == b.fingerprint(hashes.SHA256())


def chain_build(certificate: x509.Certificate, trust: TrustConfig) -> tuple[x509.Certificate, ...]:
    """certificate, intermediates..., anchor. Raises SithsFel(okänd_utfärdare) when there is no such chain."""

    def extend(path: tuple[x509.Certificate, ...]) -> tuple[x509.Certificate, ...] | None:
        current = path[-1]
        if len(path) > MAX_CHAIN:
            return None
        cas_below = len(path) - 1  # CA certificates already in the path beneath the next issuer
        for is_anchor, pool in ((True, trust.anchors), (False, trust.intermediates)):
            for issuer in pool:
                if issuer.subject != current.issuer or any(_same(issuer, p) for p in path):
                    continue
                try:
                    current.verify_directly_issued_by(issuer)
                except (ValueError, TypeError, InvalidSignature):
                    continue
                if not _can_issue(issuer, cas_below):
                    continue
                if is_anchor:
                    return path + (issuer,)
                found = extend(path + (issuer,))
                if found:
                    return found
        return None

    if any(_same(certificate, anchor) for anchor in trust.anchors):
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, "a trust anchor is not a login certificate", certificate=certificate)
    chain = extend((certificate,))
    if chain is None:
        raise SithsFel(
            E.OKAND_UTFARDARE, f"no chain to a trust anchor from issuer {certificate.issuer.rfc4514_string()}"[:300],
            certificate=certificate,
        )
    return chain


def validity_check(chain: tuple[x509.Certificate, ...], now: datetime.datetime) -> None:
    leaf = chain[0]
    if now > leaf.not_valid_after_utc:
        raise SithsFel(E.CERTIFIKAT_UTGANGET, f"expired {leaf.not_valid_after_utc.isoformat()}", certificate=leaf)
    if now < leaf.not_valid_before_utc:
        raise SithsFel(E.CERTIFIKAT_EJ_GILTIGT_AN, f"valid from {leaf.not_valid_before_utc.isoformat()}", certificate=leaf)
    for issuer in chain[1:]:
        if not issuer.not_valid_before_utc <= now <= issuer.not_valid_after_utc:
            raise SithsFel(
                E.CERTIFIKAT_UTGANGET, f"issuer certificate {issuer.subject.rfc4514_string()} not valid now"[:300],
                certificate=leaf,
            )


def usage_check(certificate: x509.Certificate, trust: TrustConfig) -> None:
    constraints = _ext(certificate, x509.BasicConstraints)
    if constraints is not None and constraints.ca:
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, "a CA certificate", certificate=certificate)
    usage = _ext(certificate, x509.KeyUsage)
    if usage is None:
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, "no keyUsage", certificate=certificate)
    if usage.content_commitment and not usage.digital_signature:
        raise SithsFel(E.SIGNERINGSCERTIFIKAT, "nonRepudiation only", certificate=certificate)
    if not usage.digital_signature:
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, "no digitalSignature", certificate=certificate)
    extended = _ext(certificate, x509.ExtendedKeyUsage)
    if extended is not None and not {ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE} & set(extended):
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, "extendedKeyUsage without clientAuth", certificate=certificate)
    policies = _ext(certificate, x509.CertificatePolicies)
    oids = {p.policy_identifier.dotted_string for p in policies} if policies is not None else set()
    if oids & trust.function_policy_oids:
        raise SithsFel(E.FUNKTIONSCERTIFIKAT, f"policy {sorted(oids & trust.function_policy_oids)}", certificate=certificate)
    if trust.person_policy_oids and not oids & trust.person_policy_oids:
        raise SithsFel(E.EJ_LEGITIMERINGSCERTIFIKAT, f"no person authentication policy in {sorted(oids)}"[:300], certificate=certificate)


def revocation_check(chain: tuple[x509.Certificate, ...], trust: TrustConfig, now: datetime.datetime) -> None:
    """Every certificate below the anchor against a CRL signed by its issuer.

    With CRL files configured, the login certificate must be covered by a current one (fail closed);
    intermediates are checked when a CRL for them is configured.
    """
    if not trust.checks_revocation:
        return
    leaf = chain[0]
    for index, cert in enumerate(chain[:-1]):
        issuer = chain[index + 1]
        crls = [c for c in trust.crls if c.issuer == cert.issuer and c.is_signature_valid(issuer.public_key())]
        if not crls:
            if index == 0:
                raise SithsFel(E.SPARRKONTROLL_MISSLYCKADES, "no CRL from the issuer", certificate=leaf)
            continue
        current = [c for c in crls if c.next_update_utc is None or c.next_update_utc >= now]
        if not current:
            raise SithsFel(E.SPARRKONTROLL_MISSLYCKADES, "the issuer's CRL is out of date", certificate=leaf)
        for crl in current:
            revoked = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
            if revoked is not None and revoked.revocation_date_utc <= now:
                which = "certificate" if index == 0 else f"issuer {cert.subject.rfc4514_string()}"
                raise SithsFel(E.SPARRAT_CERTIFIKAT, f"{which} revoked {revoked.revocation_date_utc.isoformat()}"[:300], certificate=leaf)


def hsa_id_of(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    hsa_id = str(values[0].value) if values else ""
    try:
        hsa_id_validator(hsa_id)
    except Exception as exc:  # django ValidationError
        raise SithsFel(E.OGILTIGT_CERTIFIKAT, f"no HSA-ID in subject serialNumber: {hsa_id[:60]!r}", certificate=certificate) from exc
    return hsa_id


def name_of(certificate: x509.Certificate) -> str:
    subject = certificate.subject

    def first(oid):
        values = subject.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return f"{first(NameOID.GIVEN_NAME)} {first(NameOID.SURNAME)}".strip() or first(NameOID.COMMON_NAME)


def certificate_verify(*, certificate: x509.Certificate, trust: TrustConfig, now: datetime.datetime) -> VerifiedCertificate:
    """All certificate checks (module docstring). Returns the HSA-ID and holder, or raises SithsFel."""
    chain = chain_build(certificate, trust)
    validity_check(chain, now)
    usage_check(certificate, trust)
    revocation_check(chain, trust, now)
    hsa_id = hsa_id_of(certificate)
    return VerifiedCertificate(hsa_id=hsa_id, name=name_of(certificate), certificate=certificate, chain=chain)
