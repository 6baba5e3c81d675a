"""The reverse-proxy backend: the client certificate from the proxy's header, only from trusted addresses."""
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import serialization
from django.urls import reverse

from tests.fixtures.staff import MedarbetareFactory, MedarbetaruppdragFactory
from vardportalen.middleware import SESSION_UPPDRAG
from vardportalen.models import Inloggningshandelse
from vardportalen.siths import errors as E

pytestmark = pytest.mark.usefixtures("siths_settings")

PROXY = "10.20.30.40"
HEADER = "HTTP_X_SSL_CLIENT_CERT"


@pytest.fixture(autouse=True)
def trusted_proxy(settings):
    settings.SITHS_PROXY_TRUSTED_ADDRESSES = [PROXY, "192.0.2.0/28"]
    settings.SITHS_PROXY_HEADER = HEADER


@pytest.fixture(scope="module")
def anna(issue_card):
    return issue_card(name="Anna Berg")


def _pem(cert) -> str:
    """As nginx's $ssl_client_escaped_cert sends it: URL-encoded PEM."""
    return quote(cert.public_bytes(serialization.Encoding.PEM).decode())


def _proxy_get(client, cert=None, *, remote=PROXY, next=None):
    extra = {"REMOTE_ADDR": remote}
    if cert is not None:
        extra[HEADER] = _pem(cert)
    return client.get(reverse("siths:proxy"), {"next": next} if next else {}, **extra)


def _assert_refused(client, response, code):
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("siths:login"))
    assert "_auth_user_id" not in client.session
    event = Inloggningshandelse.objects.get()
    assert (event.utfall, event.orsak, event.metod) == ("misslyckad", code, "proxy")
    page = client.get(response["Location"]).content.decode()
    assert str(E.MESSAGES[code]).split(".")[0].split("%")[0] in page


def test_login_through_a_trusted_proxy(client, anna):
    medarbetare = MedarbetareFactory(hsa_id=anna.hsa_id)
    uppdrag = MedarbetaruppdragFactory(medarbetare=medarbetare)
    response = _proxy_get(client, anna.authentication_certificate, next="/invanare/")
    assert response["Location"] == "/invanare/"
    assert client.session["_auth_user_id"] == str(medarbetare.pk)
    assert client.session[SESSION_UPPDRAG] == uppdrag.pk
    event = Inloggningshandelse.objects.get()
    assert (event.utfall, event.metod, event.hsa_id, event.ip) == ("lyckad", "proxy", anna.hsa_id, PROXY)


def test_proxy_in_a_trusted_network(client, anna):
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=anna.hsa_id))
    assert _proxy_get(client, anna.authentication_certificate, remote="192.0.2.9")["Location"] == "/"


@pytest.mark.parametrize("remote", ["127.0.0.1", "10.20.30.41", "192.0.2.16", "not-an-address"])
def test_header_from_an_untrusted_address_is_refused_and_logged(client, anna, remote):
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=anna.hsa_id))
    _assert_refused(client, _proxy_get(client, anna.authentication_certificate, remote=remote), E.PROXY_EJ_BETRODD)


def test_no_trusted_proxies_configured_refuses_everyone(client, anna, settings):
    settings.SITHS_PROXY_TRUSTED_ADDRESSES = []
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=anna.hsa_id))
    _assert_refused(client, _proxy_get(client, anna.authentication_certificate), E.PROXY_EJ_BETRODD)


def test_no_certificate_from_the_proxy(client):
    _assert_refused(client, _proxy_get(client), E.INGET_CERTIFIKAT)


def test_garbage_in_the_header(client):
    response = client.get(reverse("siths:proxy"), REMOTE_ADDR=PROXY, **{HEADER: "not%20a%20certificate"})
    _assert_refused(client, response, E.OGILTIGT_CERTIFIKAT)


@pytest.mark.parametrize("flags,code", [
    ({"expired": True}, E.CERTIFIKAT_UTGANGET),
    ({"untrusted": True}, E.OKAND_UTFARDARE),
])
def test_proxy_runs_the_same_certificate_checks(client, issue_card, flags, code):
    card = issue_card(**flags)
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=card.hsa_id))
    _assert_refused(client, _proxy_get(client, card.authentication_certificate), code)


def test_signing_certificate_through_the_proxy(client, anna):
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=anna.hsa_id))
    _assert_refused(client, _proxy_get(client, anna.signing_certificate), E.SIGNERINGSCERTIFIKAT)


def test_proxy_checks_the_person_too(client, anna):
    _assert_refused(client, _proxy_get(client, anna.authentication_certificate), E.OKANT_HSA_ID)


def test_proxy_login_with_two_commissions_asks_which(client, anna):
    medarbetare = MedarbetareFactory(hsa_id=anna.hsa_id)
    MedarbetaruppdragFactory(medarbetare=medarbetare)
    MedarbetaruppdragFactory(medarbetare=medarbetare)
    assert _proxy_get(client, anna.authentication_certificate)["Location"] == reverse("siths:valj_uppdrag")
