"""A test SITHS PKI and test SITHS cards (SoftHSM2 tokens), for tests and the demo. Never for production.

Files in one directory (``manage.py siths_testca`` makes them under VAR_DIR/pki):

    siths-test-root.pem / .key.pem          root CA            -> SITHS_TRUST_ANCHORS
    siths-test-person-ca.pem / .key.pem     "SITHS e-id Person ID 3 CA v1 TEST" -> SITHS_INTERMEDIATES
    siths-test-root.crl.pem                 CRL of the root (covers the person CA)     -> SITHS_CRL_FILES
    siths-test-person-ca.crl.pem            CRL of the person CA (covers the cards)    -> SITHS_CRL_FILES
    revoked.json                            serials revoked by the person CA
    untrusted/                              an impostor CA with the person CA's very name and another key

The CA keys are unencrypted files: this is a test PKI. A card (``kort_issue``) is a SoftHSM2 token with two
RSA-2048 key pairs generated on the token (private keys sensitive, not extractable) and their certificates:

    CKA_ID 01 "Legitimering"  authentication: keyUsage digitalSignature, EKU clientAuth + smartcardLogon
    CKA_ID 02 "Underskrift"   signing: keyUsage nonRepudiation only

Subject: C=SE, O, givenName, surname, CN and serialNumber = HSA-ID, as on SITHS cards. certificatePolicies
carry test OIDs under 2.999 (the ITU-T example arc) that stand in for the region's real SITHS policy OIDs:
person authentication 2.999.752.1.1, person signing 2.999.752.1.2, function certificate 2.999.752.2.1.
"""
from __future__ import annotations

import datetime
import fcntl
import json
import os
import re
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from vardportalen.cardagent.module import PKCS11_LOCK, pkcs11_lib, pkcs11_module_path, softhsm_environ_setup, uses_softhsm

TEST_PERSON_AUTH_POLICY = "2.999.752.1.1"
TEST_PERSON_SIGN_POLICY = "2.999.752.1.2"
TEST_FUNCTION_POLICY = "2.999.752.2.1"
SMARTCARD_LOGON = ObjectIdentifier("1.3.6.1.4.1.311.20.2.2")
DEFAULT_SO_PIN = "12345678"

ROOT_NAME = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Vårdportalen testmiljö"),
    x509.NameAttribute(NameOID.COMMON_NAME, "SITHS e-id Root CA v2 TEST (Vårdportalen)"),
])
PERSON_CA_NAME = x509.Name([
    x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Vårdportalen testmiljö"),
    x509.NameAttribute(NameOID.COMMON_NAME, "SITHS e-id Person ID 3 CA v1 TEST (Vårdportalen)"),
])
CARD_ORGANIZATION = "Region Stockholm (test)"


@dataclass(frozen=True)
class PkiFiles:
    directory: Path

    @property
    def root_cert(self) -> Path:
        return self.directory / "siths-test-root.pem"

    @property
    def root_key(self) -> Path:
        return self.directory / "siths-test-root.key.pem"

    @property
    def root_crl(self) -> Path:
        return self.directory / "siths-test-root.crl.pem"

    @property
    def intermediate_cert(self) -> Path:
        return self.directory / "siths-test-person-ca.pem"

    @property
    def intermediate_key(self) -> Path:
        return self.directory / "siths-test-person-ca.key.pem"

    @property
    def intermediate_crl(self) -> Path:
        return self.directory / "siths-test-person-ca.crl.pem"

    @property
    def revoked_file(self) -> Path:
        return self.directory / "revoked.json"

    @property
    def untrusted_cert(self) -> Path:
        return self.directory / "untrusted" / "impostor-ca.pem"

    @property
    def untrusted_key(self) -> Path:
        return self.directory / "untrusted" / "impostor-ca.key.pem"

    def trust_settings(self) -> dict[str, list[str]]:
        """Values for SITHS_TRUST_ANCHORS, SITHS_INTERMEDIATES and SITHS_CRL_FILES."""
        return {
            "SITHS_TRUST_ANCHORS": [str(self.root_cert)],
            "SITHS_INTERMEDIATES": [str(self.intermediate_cert)],
            "SITHS_CRL_FILES": [str(self.root_crl), str(self.intermediate_crl)],
        }

    def environment(self) -> dict[str, str]:
        """The same as environment variables (django-environ reads lists comma-separated)."""
        return {k: ",".join(v) for k, v in self.trust_settings().items()}


@contextmanager
def _locked(directory: Path):
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def _write_key(path: Path, key) -> None:
    _write_private(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _load_key(path: Path):
    return serialization.load_pem_private_key(path.read_bytes(), password=None)


def _load_cert(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def ca_certificate(*, subject, issuer, public_key, signing_key, issuer_public_key, path_length, now, years,
                   valid_from=None, valid_to=None, key_cert_sign=True, ca=True):
    """A CA certificate (``ca=False``/``key_cert_sign=False`` make broken ones for tests)."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from or now - datetime.timedelta(days=1))
        .not_valid_after(valid_to or now + datetime.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=not key_cert_sign, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=key_cert_sign, crl_sign=key_cert_sign,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public_key), critical=False)
        .sign(signing_key, hashes.SHA256())
    )


def _revoked_serials(pki: PkiFiles) -> list[int]:
    if not pki.revoked_file.exists():
        return []
    return [int(s) for s in json.loads(pki.revoked_file.read_text())]


def _crl(*, issuer_cert, issuer_key, serials, now) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer_cert.subject)
        .last_update(now - datetime.timedelta(minutes=5))
        .next_update(now + datetime.timedelta(days=30))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    for serial in serials:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now - datetime.timedelta(minutes=1)).build()
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _crls_write(pki: PkiFiles, now: datetime.datetime) -> None:
    root_key, root = _load_key(pki.root_key), _load_cert(pki.root_cert)
    inter_key, inter = _load_key(pki.intermediate_key), _load_cert(pki.intermediate_cert)
    for path, crl in (
        (pki.root_crl, _crl(issuer_cert=root, issuer_key=root_key, serials=[], now=now)),
        (pki.intermediate_crl, _crl(issuer_cert=inter, issuer_key=inter_key, serials=_revoked_serials(pki), now=now)),
    ):
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
        os.replace(tmp, path)


def _crl_due(path: Path, now: datetime.datetime) -> bool:
    if not path.exists():
        return True
    crl = x509.load_pem_x509_crl(path.read_bytes())
    return crl.next_update_utc is None or crl.next_update_utc - now < datetime.timedelta(days=7)


def testca_ensure(*, directory: Path, now: datetime.datetime | None = None) -> tuple[PkiFiles, bool]:
    """Create the test root CA, person CA, impostor CA and CRLs in ``directory`` unless they exist; refresh
    CRLs that are due. Returns (files, created)."""
    now = now or _now()
    pki = PkiFiles(directory=Path(directory))
    created = False
    with _locked(pki.directory):
        if not pki.root_cert.exists():
            root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            root = ca_certificate(subject=ROOT_NAME, issuer=ROOT_NAME, public_key=root_key.public_key(),
                                   signing_key=root_key, issuer_public_key=root_key.public_key(),
                                   path_length=1, now=now, years=20)
            inter_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            inter = ca_certificate(subject=PERSON_CA_NAME, issuer=ROOT_NAME, public_key=inter_key.public_key(),
                                    signing_key=root_key, issuer_public_key=root_key.public_key(),
                                    path_length=0, now=now, years=10)
            impostor_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            impostor = ca_certificate(subject=PERSON_CA_NAME, issuer=PERSON_CA_NAME,
                                       public_key=impostor_key.public_key(), signing_key=impostor_key,
                                       issuer_public_key=impostor_key.public_key(), path_length=0, now=now, years=10)
            _write_key(pki.root_key, root_key)
            _write_key(pki.intermediate_key, inter_key)
            _write_key(pki.untrusted_key, impostor_key)
            _write_cert(pki.untrusted_cert, impostor)
            _write_cert(pki.intermediate_cert, inter)
            _write_cert(pki.root_cert, root)  # last: its presence means the PKI is complete
            pki.revoked_file.write_text("[]")
            created = True
        if created or _crl_due(pki.root_crl, now) or _crl_due(pki.intermediate_crl, now):
            _crls_write(pki, now)
    return pki, created


def certificate_revoke(*, pki: PkiFiles, serial: int, now: datetime.datetime | None = None) -> None:
    """Put a card certificate on the person CA's CRL."""
    with _locked(pki.directory):
        serials = _revoked_serials(pki)
        if serial not in serials:
            serials.append(serial)
            pki.revoked_file.write_text(json.dumps([str(s) for s in serials]))
        _crls_write(pki, now or _now())


# --- cards ---


@dataclass(frozen=True)
class IssuedCard:
    id: str  # token serial: what the card agent calls the card
    label: str
    hsa_id: str
    name: str
    pin: str
    authentication_certificate: x509.Certificate | None
    signing_certificate: x509.Certificate


AUTH_KEY = (b"\x01", "Legitimering")
SIGN_KEY = (b"\x02", "Underskrift")


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name, ""
    return " ".join(parts[:-1]), parts[-1]


def card_certificate(
    *, public_key, hsa_id: str, name: str, issuer_cert: x509.Certificate, issuer_key, kind: str,
    function: bool = False, expired: bool = False, now: datetime.datetime | None = None,
) -> x509.Certificate:
    """An authentication (kind="auth") or signing (kind="sign") certificate as on a SITHS card."""
    now = now or _now()
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"), x509.NameAttribute(NameOID.ORGANIZATION_NAME, CARD_ORGANIZATION)]
    if not function:
        given, surname = _split_name(name)
        attributes += [x509.NameAttribute(NameOID.GIVEN_NAME, given)]
        if surname:
            attributes += [x509.NameAttribute(NameOID.SURNAME, surname)]
    attributes += [x509.NameAttribute(NameOID.COMMON_NAME, name), x509.NameAttribute(NameOID.SERIAL_NUMBER, hsa_id)]
    if expired:
        start, end = now - datetime.timedelta(days=2 * 365), now - datetime.timedelta(days=1)
    else:
        start, end = now - datetime.timedelta(hours=1), now + datetime.timedelta(days=2 * 365)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(issuer_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if kind == "auth":
        policy = TEST_FUNCTION_POLICY if function else TEST_PERSON_AUTH_POLICY
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, SMARTCARD_LOGON]), critical=False)
    else:
        policy = TEST_FUNCTION_POLICY if function else TEST_PERSON_SIGN_POLICY
        builder = builder.add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
    builder = builder.add_extension(
        x509.CertificatePolicies([x509.PolicyInformation(ObjectIdentifier(policy), None)]), critical=False
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _der_integer(value: int) -> bytes:
    body = value.to_bytes((value.bit_length() + 8) // 8 or 1, "big")
    return b"\x02" + _der_length(len(body)) + body


def _der_length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _label_fit(label: str) -> str:
    """A token label is at most 32 bytes of UTF-8."""
    return label.encode()[:32].decode(errors="ignore").strip()


def _softhsm_util(*args: str) -> str:
    result = subprocess.run(["softhsm2-util", *args], capture_output=True, text=True, env=os.environ.copy())
    if result.returncode != 0:
        raise RuntimeError(f"softhsm2-util {args[0]} failed: {(result.stderr or result.stdout).strip()}")
    return result.stdout


def _card_module(module: str | None) -> str:
    path = pkcs11_module_path(module)
    if not uses_softhsm(path):
        raise RuntimeError(f"Test cards can only be made on SoftHSM2 (via the card simulator), not on {path}.")
    softhsm_environ_setup()
    return path


def kort_issue(
    *,
    pki: PkiFiles,
    hsa_id: str,
    name: str,
    pin: str,
    label: str | None = None,
    expired: bool = False,
    revoked: bool = False,
    untrusted: bool = False,
    only_signing: bool = False,
    function: bool = False,
    so_pin: str = DEFAULT_SO_PIN,
    module: str | None = None,
) -> IssuedCard:
    """Make a test SITHS card: a new SoftHSM2 token with keys generated on it and certificates from the test CA.

    ``untrusted`` issues from the impostor CA (same name as the person CA, other key); ``revoked`` puts both
    certificates on the CRL; ``only_signing`` leaves out the authentication key and certificate;
    ``function`` makes a function certificate (CN = ``name``, function policy OID).
    """
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    path = _card_module(module)
    label = _label_fit(label or f"SITHS {name}")
    if untrusted:
        issuer_cert, issuer_key = _load_cert(pki.untrusted_cert), _load_key(pki.untrusted_key)
    else:
        issuer_cert, issuer_key = _load_cert(pki.intermediate_cert), _load_key(pki.intermediate_key)

    with PKCS11_LOCK:
        output = _softhsm_util("--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin)
        match = re.search(r"reassigned to slot (\d+)", output)
        if match is None:
            raise RuntimeError(f"softhsm2-util did not say which slot it used: {output!r}")
        lib = pkcs11_lib(module=path, refresh=True)
        slot = next(s for s in lib.get_slots(token_present=True) if s.slot_id == int(match.group(1)))
        token = slot.get_token()
        serial = token.serial.decode("ascii").strip()
        certs = {}
        with token.open(rw=True, user_pin=pin) as session:
            for kind, (key_id, key_label) in (("auth", AUTH_KEY), ("sign", SIGN_KEY)):
                if kind == "auth" and only_signing:
                    continue
                public, _private = session.generate_keypair(
                    KeyType.RSA, 2048, id=key_id, label=key_label, store=True,
                    public_template={Attribute.VERIFY: True, Attribute.ENCRYPT: False, Attribute.WRAP: False},
                    private_template={
                        Attribute.SIGN: True, Attribute.DECRYPT: False, Attribute.UNWRAP: False,
                        Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False, Attribute.PRIVATE: True,
                    },
                )
                public_key = rsa.RSAPublicNumbers(
                    int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
                    int.from_bytes(public[Attribute.MODULUS], "big"),
                ).public_key()
                cert = card_certificate(public_key=public_key, hsa_id=hsa_id, name=name, issuer_cert=issuer_cert,
                                        issuer_key=issuer_key, kind=kind, function=function, expired=expired)
                session.create_object({
                    Attribute.CLASS: ObjectClass.CERTIFICATE,
                    Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                    Attribute.TOKEN: True,
                    Attribute.PRIVATE: False,
                    Attribute.LABEL: key_label,
                    Attribute.ID: key_id,
                    Attribute.SUBJECT: cert.subject.public_bytes(),
                    Attribute.ISSUER: cert.issuer.public_bytes(),
                    Attribute.SERIAL_NUMBER: _der_integer(cert.serial_number),
                    Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                })
                certs[kind] = cert
    if revoked:
        for cert in certs.values():
            certificate_revoke(pki=pki, serial=cert.serial_number)
    return IssuedCard(id=serial, label=label, hsa_id=hsa_id, name=name, pin=pin,
                      authentication_certificate=certs.get("auth"), signing_certificate=certs["sign"])


def kort_remove(*, card: str, module: str | None = None) -> None:
    """Take the card out of the reader for good: delete the token (by its serial)."""
    _card_module(module)
    with PKCS11_LOCK:
        _softhsm_util("--delete-token", "--serial", card)
