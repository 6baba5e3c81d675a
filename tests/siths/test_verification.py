"""The certificate and signature checks (vardportalen.siths.verification), on certificates made in memory.

Each test breaks exactly one thing about an otherwise good SITHS authentication certificate and expects that
check's own code, so a check that stops working fails its test.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vardportalen.siths import errors as E
from vardportalen.siths import testpki
from vardportalen.siths.errors import SithsFel
from vardportalen.siths.verification import (
    TrustConfig,
    certificate_verify,
    login_message,
    signature_verify,
)

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
HSA_ID = "SE2321000016-T0001"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class Pki:
    root_key: object
    root: x509.Certificate
    inter_key: object
    inter: x509.Certificate

    def trust(self, *, crls=(), person=(testpki.TEST_PERSON_AUTH_POLICY,), function=(testpki.TEST_FUNCTION_POLICY,),
              intermediates=None) -> TrustConfig:
        return TrustConfig(
            anchors=(self.root,), intermediates=(self.inter,) if intermediates is None else tuple(intermediates),
            crls=tuple(crls), person_policy_oids=frozenset(person), function_policy_oids=frozenset(function),
        )

    def card(self, kind="auth", *, key=None, issuer=None, issuer_key=None, **kwargs):
        key = key or _key()
        cert = testpki.card_certificate(
            public_key=key.public_key(), hsa_id=kwargs.pop("hsa_id", HSA_ID), name=kwargs.pop("name", "Anna Berg"),
            issuer_cert=issuer or self.inter, issuer_key=issuer_key or self.inter_key, kind=kind, now=kwargs.pop("now", NOW),
            **kwargs,
        )
        return key, cert

    def crl(self, *, serials=(), issuer=None, issuer_key=None, next_update=None, last_update=None):
        issuer, issuer_key = issuer or self.inter, issuer_key or self.inter_key
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.subject)
            .last_update(last_update or NOW - datetime.timedelta(hours=1))
            .next_update(next_update or NOW + datetime.timedelta(days=7))
        )
        for serial in serials:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(NOW - datetime.timedelta(minutes=5)).build()
            )
        return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki() -> Pki:
    root_key, inter_key = _key(), _key()
    root = testpki.ca_certificate(subject=testpki.ROOT_NAME, issuer=testpki.ROOT_NAME, public_key=root_key.public_key(),
                                  signing_key=root_key, issuer_public_key=root_key.public_key(), path_length=1, now=NOW, years=20)
    inter = testpki.ca_certificate(subject=testpki.PERSON_CA_NAME, issuer=testpki.ROOT_NAME, public_key=inter_key.public_key(),
                                   signing_key=root_key, issuer_public_key=root_key.public_key(), path_length=0, now=NOW, years=10)
    return Pki(root_key, root, inter_key, inter)


def _code(excinfo) -> str:
    return excinfo.value.code


def test_good_authentication_certificate_passes(pki):
    _key_, cert = pki.card()
    verified = certificate_verify(certificate=cert, trust=pki.trust(crls=[pki.crl(), pki.crl(issuer=pki.root, issuer_key=pki.root_key)]), now=NOW)
    assert verified.hsa_id == HSA_ID
    assert verified.name == "Anna Berg"
    assert [c.subject for c in verified.chain] == [cert.subject, pki.inter.subject, pki.root.subject]


# --- signature over the challenge ---


def test_signature_over_our_message_verifies(pki):
    key, cert = pki.card()
    message = login_message(origin="http://127.0.0.1:8000", nonce="n" * 43)
    signature = key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    signature_verify(certificate=cert, message=message, signature=signature)


@pytest.mark.parametrize("other", [
    login_message(origin="http://127.0.0.1:8000", nonce="m" * 43),  # another challenge
    login_message(origin="http://evil.example", nonce="n" * 43),  # another portal
])
def test_signature_over_another_message_is_fel_signatur(pki, other):
    key, cert = pki.card()
    signature = key.sign(other, padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(SithsFel) as excinfo:
        signature_verify(certificate=cert, message=login_message(origin="http://127.0.0.1:8000", nonce="n" * 43), signature=signature)
    assert _code(excinfo) == E.FEL_SIGNATUR


def test_signature_by_another_key_is_fel_signatur(pki):
    _key_, cert = pki.card()
    message = login_message(origin="http://x", nonce="n" * 43)
    with pytest.raises(SithsFel) as excinfo:
        signature_verify(certificate=cert, message=message, signature=_key().sign(message, padding.PKCS1v15(), hashes.SHA256()))
    assert _code(excinfo) == E.FEL_SIGNATUR


def test_login_message_binds_origin_and_nonce():
    assert login_message(origin="http://127.0.0.1:8000/", nonce="abc") == b"vardportalen-login|http://127.0.0.1:8000|abc"


# --- chain ---


def test_impostor_ca_with_the_same_name_is_okand_utfardare(pki):
    impostor_key = _key()
    impostor = testpki.ca_certificate(subject=testpki.PERSON_CA_NAME, issuer=testpki.PERSON_CA_NAME,
                                      public_key=impostor_key.public_key(), signing_key=impostor_key,
                                      issuer_public_key=impostor_key.public_key(), path_length=0, now=NOW, years=5)
    _k, cert = pki.card(issuer=impostor, issuer_key=impostor_key)
    assert cert.issuer == pki.inter.subject  # only the signature tells them apart
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


def test_missing_intermediate_is_okand_utfardare(pki):
    _k, cert = pki.card()
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(intermediates=[]), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


def test_certificate_issued_by_a_non_ca_is_okand_utfardare(pki):
    """A person's own certificate (CA:FALSE) can't issue certificates, even if it is in the intermediates list."""
    person_key = _key()
    person = testpki.ca_certificate(subject=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Anna Berg")]),
                                    issuer=pki.inter.subject, public_key=person_key.public_key(), signing_key=pki.inter_key,
                                    issuer_public_key=pki.inter_key.public_key(), path_length=None, now=NOW, years=1, ca=False)
    _k, cert = pki.card(issuer=person, issuer_key=person_key)
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(intermediates=[pki.inter, person]), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


def test_ca_without_keycertsign_is_okand_utfardare(pki):
    key = _key()
    ca = testpki.ca_certificate(subject=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ingen keyCertSign")]),
                                issuer=pki.root.subject, public_key=key.public_key(), signing_key=pki.root_key,
                                issuer_public_key=pki.root_key.public_key(), path_length=0, now=NOW, years=1, key_cert_sign=False)
    _k, cert = pki.card(issuer=ca, issuer_key=key)
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(intermediates=[ca]), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


def test_path_length_zero_stops_a_sub_ca(pki):
    """The person CA has pathLen 0: a CA it issued can't issue login certificates."""
    sub_key = _key()
    sub = testpki.ca_certificate(subject=x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Under-CA")]),
                                 issuer=pki.inter.subject, public_key=sub_key.public_key(), signing_key=pki.inter_key,
                                 issuer_public_key=pki.inter_key.public_key(), path_length=0, now=NOW, years=1)
    _k, cert = pki.card(issuer=sub, issuer_key=sub_key)
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(intermediates=[pki.inter, sub]), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


def test_no_trust_anchors_trusts_nothing(pki):
    _k, cert = pki.card()
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=TrustConfig(intermediates=(pki.inter,)), now=NOW)
    assert _code(excinfo) == E.OKAND_UTFARDARE


# --- dates ---


def test_expired_certificate_is_certifikat_utganget(pki):
    _k, cert = pki.card(expired=True)
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.CERTIFIKAT_UTGANGET


def test_certificate_checked_at_the_time_given(pki):
    _k, cert = pki.card()
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=cert.not_valid_after_utc + datetime.timedelta(seconds=1))
    assert _code(excinfo) == E.CERTIFIKAT_UTGANGET


def test_not_yet_valid_certificate(pki):
    _k, cert = pki.card(now=NOW + datetime.timedelta(days=3))
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.CERTIFIKAT_EJ_GILTIGT_AN


def test_expired_intermediate_fails_the_chain(pki):
    key = _key()
    old = testpki.ca_certificate(subject=testpki.PERSON_CA_NAME, issuer=testpki.ROOT_NAME, public_key=key.public_key(),
                                 signing_key=pki.root_key, issuer_public_key=pki.root_key.public_key(), path_length=0,
                                 now=NOW, years=1, valid_from=NOW - datetime.timedelta(days=900),
                                 valid_to=NOW - datetime.timedelta(days=1))
    _k, cert = pki.card(issuer=old, issuer_key=key)
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(intermediates=[old]), now=NOW)
    assert _code(excinfo) == E.CERTIFIKAT_UTGANGET
    assert "issuer" in excinfo.value.detail


# --- use ---


def test_signing_certificate_is_signeringscertifikat(pki):
    _k, cert = pki.card("sign")
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(person=()), now=NOW)
    assert _code(excinfo) == E.SIGNERINGSCERTIFIKAT


def test_function_certificate_is_funktionscertifikat(pki):
    _k, cert = pki.card(function=True, name="Barnmorskemottagningen Solna")
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.FUNKTIONSCERTIFIKAT


def test_function_certificate_caught_by_policy_even_without_person_policies(pki):
    _k, cert = pki.card(function=True, name="Receptionen")
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(person=()), now=NOW)
    assert _code(excinfo) == E.FUNKTIONSCERTIFIKAT


def test_certificate_without_the_person_policy_is_refused(pki):
    _k, cert = pki.card()
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(person=["2.999.1.2.3"]), now=NOW)
    assert _code(excinfo) == E.EJ_LEGITIMERINGSCERTIFIKAT


def _custom(pki, *, key_usage=None, eku=None, hsa_id=HSA_ID, ca=False):
    key = _key()
    names = [x509.NameAttribute(NameOID.COMMON_NAME, "Anna Berg")]
    if hsa_id is not None:
        names.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, hsa_id))
    builder = (
        x509.CertificateBuilder().subject_name(x509.Name(names)).issuer_name(pki.inter.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(NOW - datetime.timedelta(hours=1)).not_valid_after(NOW + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(testpki.TEST_PERSON_AUTH_POLICY), None)]), critical=False)
    )
    if key_usage is not False:
        builder = builder.add_extension(key_usage or x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=ca, crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
    if eku:
        builder = builder.add_extension(x509.ExtendedKeyUsage(eku), critical=False)
    return builder.sign(pki.inter_key, hashes.SHA256())


def test_custom_helper_makes_an_acceptable_certificate(pki):
    assert certificate_verify(certificate=_custom(pki), trust=pki.trust(), now=NOW).hsa_id == HSA_ID


def test_certificate_without_key_usage_is_refused(pki):
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=_custom(pki, key_usage=False), trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.EJ_LEGITIMERINGSCERTIFIKAT


def test_email_protection_certificate_is_refused(pki):
    cert = _custom(pki, eku=[ExtendedKeyUsageOID.EMAIL_PROTECTION])
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.EJ_LEGITIMERINGSCERTIFIKAT


def test_ca_certificate_is_not_a_login_certificate(pki):
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=_custom(pki, ca=True), trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.EJ_LEGITIMERINGSCERTIFIKAT


@pytest.mark.parametrize("hsa_id", [None, "", "19121212-1212", "SE2321000016"])
def test_certificate_without_a_valid_hsa_id_is_ogiltigt(pki, hsa_id):
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=_custom(pki, hsa_id=hsa_id), trust=pki.trust(), now=NOW)
    assert _code(excinfo) == E.OGILTIGT_CERTIFIKAT


def test_non_rsa_key_signature_is_fel_signatur(pki):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = testpki.card_certificate(public_key=key.public_key(), hsa_id=HSA_ID, name="Anna Berg", issuer_cert=pki.inter,
                                    issuer_key=pki.inter_key, kind="auth", now=NOW)
    with pytest.raises(SithsFel) as excinfo:
        signature_verify(certificate=cert, message=b"x", signature=key.sign(b"x", ec.ECDSA(hashes.SHA256())))
    assert _code(excinfo) == E.FEL_SIGNATUR


# --- revocation ---


def test_revoked_certificate_is_sparrat(pki):
    _k, cert = pki.card()
    trust = pki.trust(crls=[pki.crl(serials=[cert.serial_number])])
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=trust, now=NOW)
    assert _code(excinfo) == E.SPARRAT_CERTIFIKAT


def test_other_serials_on_the_crl_do_not_matter(pki):
    _k, cert = pki.card()
    trust = pki.trust(crls=[pki.crl(serials=[cert.serial_number + 1])])
    assert certificate_verify(certificate=cert, trust=trust, now=NOW).hsa_id == HSA_ID


def test_revoked_intermediate_is_sparrat(pki):
    _k, cert = pki.card()
    trust = pki.trust(crls=[pki.crl(), pki.crl(serials=[pki.inter.serial_number], issuer=pki.root, issuer_key=pki.root_key)])
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=trust, now=NOW)
    assert _code(excinfo) == E.SPARRAT_CERTIFIKAT


def test_crl_signed_by_someone_else_is_not_believed(pki):
    """A forged CRL (right issuer name, wrong key) neither revokes nor counts as a revocation check."""
    _k, cert = pki.card()
    forged = pki.crl(serials=[cert.serial_number], issuer=pki.inter, issuer_key=_key())
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(crls=[forged]), now=NOW)
    assert _code(excinfo) == E.SPARRKONTROLL_MISSLYCKADES


def test_out_of_date_crl_fails_closed(pki):
    _k, cert = pki.card()
    stale = pki.crl(last_update=NOW - datetime.timedelta(days=10), next_update=NOW - datetime.timedelta(days=1))
    with pytest.raises(SithsFel) as excinfo:
        certificate_verify(certificate=cert, trust=pki.trust(crls=[stale]), now=NOW)
    assert _code(excinfo) == E.SPARRKONTROLL_MISSLYCKADES


def test_without_crl_files_revocation_is_not_checked(pki):
    _k, cert = pki.card()
    assert certificate_verify(certificate=cert, trust=pki.trust(crls=[]), now=NOW).hsa_id == HSA_ID


def test_every_code_has_a_swedish_message():
    codes = [v for k, v in vars(E).items() if k.isupper() and isinstance(v, str) and k not in ("FINAL_TRY_MESSAGE",)]
    assert len(codes) >= 25
    for code in codes:
        assert code in E.MESSAGES, code
        assert str(E.MESSAGES[code]).strip().endswith("."), code
