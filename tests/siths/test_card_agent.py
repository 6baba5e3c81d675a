"""The card agent over real HTTP against real SoftHSM2 cards: origin and host checks, loopback only, cards,
signing with the authentication key, error codes, and the PIN never in a log."""
import base64
import logging
import socket

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.core.management import CommandError, call_command

from vardportalen.cardagent.server import agent_make
from vardportalen.siths import testpki
from vardportalen.siths.verification import login_message

ORIGIN = "http://127.0.0.1:8000"
NONCE = "A" * 43


@pytest.fixture
def agent(card_agent):
    return card_agent(ORIGIN)


@pytest.fixture(scope="module")
def anna(issue_card):
    return issue_card(name="Anna Berg", hsa_id="SE2321000016-KA001")


def _card(cards, card_id):
    return next(c for c in cards if c["id"] == card_id)


def test_lists_cards_with_holder_and_hsa_id(agent, anna):
    card = _card(agent.cards(), anna.id)
    assert card == {
        "id": anna.id, "label": "SITHS Anna Berg", "name": "Anna Berg", "hsa_id": "SE2321000016-KA001",
        "has_authentication_certificate": True, "pin_locked": False, "pin_final_try": False,
    }


def test_signs_our_message_with_the_authentication_key(agent, anna):
    answer = agent.sign(nonce=NONCE, pin=anna.pin, card=anna.id)
    cert = x509.load_der_x509_certificate(base64.b64decode(answer["certificate"]))
    assert cert == anna.authentication_certificate
    cert.public_key().verify(base64.b64decode(answer["signature"]), login_message(origin=ORIGIN, nonce=NONCE),
                             padding.PKCS1v15(), hashes.SHA256())


def test_key_label_picks_the_signing_key(agent, anna):
    answer = agent.sign(nonce=NONCE, pin=anna.pin, card=anna.id, key_label="Underskrift")
    assert x509.load_der_x509_certificate(base64.b64decode(answer["certificate"])) == anna.signing_certificate


def test_card_with_only_a_signing_certificate_signs_with_it(agent, issue_card):
    card = issue_card(only_signing=True)
    assert _card(agent.cards(), card.id)["has_authentication_certificate"] is False
    answer = agent.sign(nonce=NONCE, pin=card.pin, card=card.id)
    assert x509.load_der_x509_certificate(base64.b64decode(answer["certificate"])) == card.signing_certificate


def test_wrong_pin_is_fel_pin(agent, issue_card):
    card = issue_card()
    assert agent.sign(nonce=NONCE, pin="999999", card=card.id) == {"error": "fel_pin"}


def test_unknown_card_is_inget_kort(agent, anna):
    assert agent.sign(nonce=NONCE, pin="123456", card="0123456789abcdef") == {"error": "inget_kort"}


def test_removed_card_is_gone_from_the_list_and_inget_kort(agent, issue_card):
    card = issue_card()
    assert any(c["id"] == card.id for c in agent.cards())
    testpki.kort_remove(card=card.id)
    assert all(c["id"] != card.id for c in agent.cards())
    assert agent.sign(nonce=NONCE, pin=card.pin, card=card.id) == {"error": "inget_kort"}


@pytest.mark.parametrize("body", [
    {"nonce": "short", "pin": "123456", "card": "abc"},
    {"nonce": NONCE, "pin": "", "card": "abc"},
    {"nonce": NONCE, "pin": "123456", "card": "../../etc"},
    {"nonce": NONCE, "pin": 123456, "card": "abc"},
    ["not", "an", "object"],
])
def test_malformed_requests_are_400(agent, body):
    response = requests.post(f"{agent.url}/signera", json=body, headers={"Origin": ORIGIN}, timeout=10)
    assert response.status_code == 400


def test_form_posts_are_refused(agent, anna):
    """Only application/json (which forces a CORS preflight) is accepted."""
    response = requests.post(f"{agent.url}/signera", data={"nonce": NONCE, "pin": anna.pin, "card": anna.id},
                             headers={"Origin": ORIGIN}, timeout=10)
    assert response.status_code == 415


# --- who may talk to the agent ---


@pytest.mark.parametrize("origin", ["http://evil.example", "http://127.0.0.1:8001", "https://127.0.0.1:8000", "null", None])
def test_other_origins_get_403_without_cors_headers(agent, anna, origin):
    headers = {} if origin is None else {"Origin": origin}
    for response in (
        requests.get(f"{agent.url}/kort", headers=headers, timeout=10),
        requests.post(f"{agent.url}/signera", json={"nonce": NONCE, "pin": anna.pin, "card": anna.id}, headers=headers, timeout=10),
        requests.options(f"{agent.url}/signera", headers={**headers, "Access-Control-Request-Method": "POST"}, timeout=10),
    ):
        assert response.status_code == 403
        assert "Access-Control-Allow-Origin" not in response.headers
        assert "signature" not in response.text


def test_preflight_from_the_portal(agent):
    response = requests.options(f"{agent.url}/signera", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type",
        "Access-Control-Request-Private-Network": "true",
    }, timeout=10)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"].lower() == "content-type"
    assert response.headers["Access-Control-Allow-Private-Network"] == "true"
    assert response.headers["Vary"] == "Origin"


def test_answers_carry_the_portal_origin(agent, anna):
    response = requests.get(f"{agent.url}/kort", headers={"Origin": ORIGIN}, timeout=10)
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert response.headers["Cache-Control"] == "no-store"


def test_foreign_host_header_is_refused(agent):
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 sends Host: evil.example."""
    response = requests.get(f"{agent.url}/kort", headers={"Origin": ORIGIN, "Host": "evil.example:8089"}, timeout=10)
    assert response.status_code == 403


def test_agent_listens_on_loopback_only(agent):
    host, port = agent.server.socket.getsockname()[:2]
    assert host == "127.0.0.1"
    listening = open("/proc/net/tcp").read().splitlines()[1:]
    local = [line.split()[1] for line in listening if line.split()[3] == "0A"]  # 0A: LISTEN
    assert f"0100007F:{port:04X}" in local
    assert f"00000000:{port:04X}" not in local


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.org"])
def test_agent_refuses_to_bind_elsewhere(host):
    with pytest.raises(ValueError, match="loopback"):
        agent_make(origin=ORIGIN, port=0, host=host)


def test_card_agent_command_refuses_a_public_host():
    with pytest.raises(CommandError, match="loopback"):
        call_command("card_agent", "--origin", ORIGIN, "--host", "0.0.0.0", "--port", "0")


def test_origin_must_be_an_origin():
    with pytest.raises(ValueError):
        agent_make(origin="http://127.0.0.1:8000/path", port=0)


def test_unknown_paths_404(agent):
    assert requests.get(f"{agent.url}/", headers={"Origin": ORIGIN}, timeout=10).status_code == 404


def test_pin_is_never_logged(agent, issue_card, caplog):
    card = issue_card(pin="246813")
    caplog.set_level(logging.DEBUG)
    agent.sign(nonce=NONCE, pin="246813", card=card.id)
    agent.sign(nonce=NONCE, pin="975319", card=card.id)
    assert caplog.records  # the agent does log
    assert "246813" not in caplog.text and "975319" not in caplog.text


def test_agent_port_is_free_after_stop(card_agent):
    agent = card_agent(ORIGIN)
    port = agent.server.server_address[1]
    agent.stop()
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_agent_for_two_names_of_one_portal_signs_for_the_one_asking(card_agent, anna):
    agent = card_agent(["http://127.0.0.1:8000", "http://localhost:8000"])
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000"):
        response = requests.post(f"{agent.url}/signera", json={"nonce": NONCE, "pin": anna.pin, "card": anna.id},
                                 headers={"Origin": origin}, timeout=30)
        assert response.headers["Access-Control-Allow-Origin"] == origin
        answer = response.json()
        anna.authentication_certificate.public_key().verify(
            base64.b64decode(answer["signature"]), login_message(origin=origin, nonce=NONCE), padding.PKCS1v15(), hashes.SHA256()
        )
    assert requests.get(f"{agent.url}/kort", headers={"Origin": "http://localhost:8001"}, timeout=10).status_code == 403
