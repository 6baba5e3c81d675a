"""The OpenID Connect e-ID backend end to end against a real OpenID Provider (django-oidc-provider, started
by tests/fixtures/oidc_op.py): code flow with PKCE, state, nonce, signature/iss/aud/exp, the identity
number from the configured claim, LoA 3. The app API's login uses the same backend."""
import os
import subprocess
import sys

import pytest

from invanare.app_api.eid import EidFel, OidcEid, eid_backend, oidc_metadata, oidc_start
from tests.fixtures.app import AppKlient
from tests.fixtures.oidc_op import legitimera
from tests.fixtures.staff import InvanareFactory

RETUR = "http://127.0.0.1:10299/retur/"


@pytest.fixture
def op(oidc_op, settings):
    oidc_op.klient([RETUR])
    oidc_op.installningar(settings)
    return oidc_op


def _kod(op, pnr, loa="loa3", redirect_uri=RETUR):
    op.anvandare(pnr, loa)
    start = oidc_start(redirect_uri=redirect_uri)
    svar = legitimera(start.url, pnr, redirect_uri)
    assert svar["state"] == start.state
    return start, svar["code"]


def _data(start, kod, **andrat):
    return {"metod": "oidc", "code": kod, "code_verifier": start.code_verifier, "redirect_uri": start.redirect_uri,
            "nonce": start.nonce, **andrat}


def test_authorization_request_carries_pkce_state_and_nonce(op):
    start = oidc_start(redirect_uri=RETUR)
    assert start.url.startswith(op.issuer + "/authorize")
    for parameter in ("code_challenge_method=S256", "code_challenge=", f"state={start.state}", f"nonce={start.nonce}",
                      "response_type=code", "client_id=vardportalen-test"):
        assert parameter in start.url


def test_app_api_login_through_the_provider(op):
    invanare = InvanareFactory()
    start, kod = _kod(op, invanare.id_nummer)
    svar = AppKlient().post("inloggning/", _data(start, kod))
    assert svar.status_code == 200, svar.content
    assert svar.json()["invanare"]["id"] == invanare.pk
    # the code is single-use
    assert AppKlient().post("inloggning/", _data(start, kod)).status_code == 401


def test_wrong_nonce_is_refused(op):
    invanare = InvanareFactory()
    start, kod = _kod(op, invanare.id_nummer)
    svar = AppKlient().post("inloggning/", _data(start, kod, nonce="en-annan"))
    assert svar.status_code == 401
    assert "hör inte till den här inloggningen" in svar.json()["fel"]["meddelande"]


def test_wrong_code_verifier_is_refused_by_pkce(op):
    invanare = InvanareFactory()
    start, kod = _kod(op, invanare.id_nummer)
    svar = AppKlient().post("inloggning/", _data(start, kod, code_verifier="x" * 60))
    assert svar.status_code == 401
    assert "kunde inte slutföras" in svar.json()["fel"]["meddelande"]


def test_loa2_is_refused(op):
    invanare = InvanareFactory()
    start, kod = _kod(op, invanare.id_nummer, loa="loa2")
    svar = AppKlient().post("inloggning/", _data(start, kod))
    assert svar.status_code == 401
    assert "tillitsnivå 3" in svar.json()["fel"]["meddelande"]


def test_wrong_audience_and_issuer_are_refused(op, settings):
    invanare = InvanareFactory()
    start, kod = _kod(op, invanare.id_nummer)
    metadata = oidc_metadata()
    import requests

    token = requests.post(metadata["token_endpoint"], data={
        "grant_type": "authorization_code", "code": kod, "redirect_uri": RETUR, "code_verifier": start.code_verifier,
        "client_id": settings.OIDC_EID_CLIENT_ID, "client_secret": settings.OIDC_EID_CLIENT_SECRET}, timeout=10).json()
    backend = OidcEid()
    assert backend.kontrollera_id_token(token["id_token"], metadata=metadata, nonce=start.nonce)["personal_number"] \
        == invanare.id_nummer
    settings.OIDC_EID_CLIENT_ID = "nagon-annan"
    with pytest.raises(EidFel):
        backend.kontrollera_id_token(token["id_token"], metadata=metadata, nonce=start.nonce)
    settings.OIDC_EID_CLIENT_ID = "vardportalen-test"
    with pytest.raises(EidFel):
        backend.kontrollera_id_token(token["id_token"], metadata={**metadata, "issuer": "https://falsk.example"},
                                     nonce=start.nonce)
    forfalskad = token["id_token"][:-4] + ("AAAA" if not token["id_token"].endswith("AAAA") else "BBBB")
    with pytest.raises(EidFel):
        backend.kontrollera_id_token(forfalskad, metadata=metadata, nonce=start.nonce)


def test_identity_number_from_the_configured_claim(op, settings):
    invanare = InvanareFactory()
    settings.OIDC_EID_PERSONNUMMER_CLAIM = "sub"  # the provider's sub is its user id, not a personal number
    start, kod = _kod(op, invanare.id_nummer)
    svar = AppKlient().post("inloggning/", _data(start, kod))
    assert svar.status_code == 401
    assert "personnummer" in svar.json()["fel"]["meddelande"]


def test_unconfigured_provider_gives_a_clear_message(settings):
    settings.OIDC_EID_ISSUER = ""
    with pytest.raises(EidFel, match="inte konfigurerad"):
        oidc_start(redirect_uri=RETUR)


def test_test_backend_refused_unless_allowed(settings):
    settings.EID_TESTBACKEND_TILLATEN = False
    with pytest.raises(EidFel):
        eid_backend("test")
    invanare = InvanareFactory()
    assert AppKlient().post("inloggning/", {"metod": "test", "personnummer": invanare.id_nummer}).status_code == 401


def test_production_settings_have_no_test_backend():
    env = {**os.environ, "DJANGO_SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@h/d", "REDIS_URL": "redis://h/0"}
    ut = subprocess.run(
        [sys.executable, "-c", ("import vardportalen.settings.production as p;"
         "print(p.EID_TESTBACKEND_TILLATEN, sorted(p.EID_BACKENDS))")],
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert ut == "False ['oidc']"
