"""The cards (PKCS#11 tokens) the agent sees, and signing a login challenge with a card's authentication key.

A SITHS card holds two certificates with their keys: the authentication certificate (keyUsage
digitalSignature, used to log in) and the signing certificate (nonRepudiation, for legally binding
signatures). We sign with the key whose CKA_ID matches the authentication certificate. The PIN is passed
to C_Login and nowhere else: never stored, logged or put in an exception.
"""
from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.x509.oid import NameOID

from vardportalen.cardagent.module import PKCS11_LOCK, pkcs11_lib

# Token flags beyond python-pkcs11's TokenFlag names (PKCS#11 v2.40 CKF_*).
CKF_TOKEN_INITIALIZED = 1 << 10
CKF_USER_PIN_COUNT_LOW = 1 << 16
CKF_USER_PIN_FINAL_TRY = 1 << 17
CKF_USER_PIN_LOCKED = 1 << 18


class CardError(Exception):
    """A failure the browser reports to the portal by its code: fel_pin, pin_last, inget_kort, kortagent_fel."""

    def __init__(self, code: str, *, tries_left: int | None = None, detail: str = ""):
        super().__init__(code)
        self.code = code
        self.tries_left = tries_left
        self.detail = detail

    def as_json(self) -> dict:
        data = {"error": self.code}
        if self.tries_left is not None:
            data["tries_left"] = self.tries_left
        return data


@dataclass(frozen=True)
class CardCertificate:
    id: bytes
    label: str
    der: bytes
    certificate: x509.Certificate

    @property
    def is_authentication(self) -> bool:
        return is_authentication_certificate(self.certificate)


def is_authentication_certificate(cert: x509.Certificate) -> bool:
    """digitalSignature without nonRepudiation: the card's authentication (legitimering) certificate."""
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    return usage.digital_signature and not usage.content_commitment


def _name_attr(name: x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def certificate_holder(cert: x509.Certificate) -> tuple[str, str]:
    """(name, HSA-ID) of the certificate's subject; the HSA-ID is in serialNumber (2.5.4.5)."""
    subject = cert.subject
    given, surname = _name_attr(subject, NameOID.GIVEN_NAME), _name_attr(subject, NameOID.SURNAME)
    name = f"{given} {surname}".strip() or _name_attr(subject, NameOID.COMMON_NAME)
    return name, _name_attr(subject, NameOID.SERIAL_NUMBER)


def token_serial(token) -> str:
    return token.serial.decode("ascii", "replace").strip()


def _pkcs11_errors():
    import pkcs11.exceptions as e

    gone = (
        e.TokenNotPresent, e.TokenNotRecognised, e.DeviceRemoved, e.SlotIDInvalid,
        e.SessionHandleInvalid, e.SessionClosed, e.DeviceError,
    )
    return e, gone


def _certificates(session) -> list[CardCertificate]:
    from pkcs11 import Attribute, ObjectClass

    found = []
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        der = bytes(obj[Attribute.VALUE])
        try:
            cert = x509.load_der_x509_certificate(der)
        except ValueError:
            continue
        found.append(CardCertificate(id=bytes(obj[Attribute.ID]), label=str(obj[Attribute.LABEL]), der=der, certificate=cert))
    return found


def _present_tokens(lib):
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if int(token.flags) & CKF_TOKEN_INITIALIZED:
            yield token


def cards_list(*, module: str | None = None) -> list[dict]:
    """Every initialised card in a reader, with the holder from its authentication certificate.

    Reads public objects only (no PIN). Re-initialises the module first so that cards put in or taken out
    since the last call are seen.
    """
    e, gone = _pkcs11_errors()
    cards = []
    with PKCS11_LOCK:
        lib = pkcs11_lib(module=module, refresh=True)
        for token in _present_tokens(lib):
            try:
                with token.open() as session:
                    certs = _certificates(session)
            except gone:
                continue
            auth = [c for c in certs if c.is_authentication]
            shown = (auth or certs or [None])[0]
            name, hsa_id = certificate_holder(shown.certificate) if shown else ("", "")
            flags = int(token.flags)
            cards.append({
                "id": token_serial(token),
                "label": token.label,
                "name": name,
                "hsa_id": hsa_id,
                "has_authentication_certificate": bool(auth),
                "pin_locked": bool(flags & CKF_USER_PIN_LOCKED),
                "pin_final_try": bool(flags & CKF_USER_PIN_FINAL_TRY),
            })
    return sorted(cards, key=lambda c: (c["name"].casefold(), c["label"].casefold(), c["id"]))


def _find_token(lib, card: str):
    for token in _present_tokens(lib):
        if token_serial(token) == card:
            return token
    return None


def _tries_left(lib, card: str) -> int | None:
    token = _find_token(lib, card)
    if token is not None and int(token.flags) & CKF_USER_PIN_FINAL_TRY:
        return 1
    return None


def card_sign(*, card: str, pin: str, message: bytes, key_label: str | None = None, module: str | None = None) -> dict:
    """Log in to ``card`` (its token serial) with ``pin`` and sign ``message`` with the authentication key.

    RSA PKCS#1 v1.5 with SHA-256 (CKM_SHA256_RSA_PKCS). ``key_label`` picks a private key by label instead
    (tests use it to sign with the signing key). Returns {"signature": bytes, "certificate": DER bytes}.
    Raises CardError.
    """
    from pkcs11 import Attribute, Mechanism, ObjectClass

    e, gone = _pkcs11_errors()
    with PKCS11_LOCK:
        lib = pkcs11_lib(module=module, refresh=True)
        token = _find_token(lib, card)
        if token is None:
            raise CardError("inget_kort", detail="no such card")
        if int(token.flags) & CKF_USER_PIN_LOCKED:
            raise CardError("pin_last")
        try:
            with token.open(user_pin=pin) as session:
                certs = _certificates(session)
                if key_label:
                    keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: key_label}))
                    if not keys:
                        raise CardError("kortagent_fel", detail="no key with that label")
                    key = keys[0]
                    key_id = bytes(key[Attribute.ID])
                    cert = next((c for c in certs if c.id == key_id), None)
                else:
                    # The authentication certificate; failing that any certificate with a key, so that the
                    # portal (which decides) can say why it is not accepted.
                    ordered = [c for c in certs if c.is_authentication] + [c for c in certs if not c.is_authentication]
                    key = cert = None
                    for candidate in ordered:
                        keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: candidate.id}))
                        if keys:
                            key, cert = keys[0], candidate
                            break
                if key is None or cert is None:
                    raise CardError("kortagent_fel", detail="no certificate with a private key on the card")
                signature = key.sign(message, mechanism=Mechanism.SHA256_RSA_PKCS)
                return {"signature": bytes(signature), "certificate": cert.der}
        except e.PinIncorrect:
            raise CardError("fel_pin", tries_left=_tries_left(lib, card)) from None
        except (e.PinLenRange, e.PinInvalid):
            raise CardError("fel_pin", detail="PIN of the wrong length or form") from None
        except e.PinLocked:
            raise CardError("pin_last") from None
        except gone:
            raise CardError("inget_kort", detail="card removed") from None
        except e.PKCS11Error as exc:
            raise CardError("kortagent_fel", detail=type(exc).__name__) from None
