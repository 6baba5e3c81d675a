"""The whole card login through the Django test client and a real card agent with real SoftHSM2 cards.

Every refusal has a test in which only that one thing is wrong: the staff member exists with an active
commission, so the test would see a successful login if the check were broken.
"""
import datetime
import json
import logging

import pytest
import requests
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.fixtures.cards import card_login, login_page_nonce, post_login
from tests.fixtures.staff import MedarbetareFactory, MedarbetaruppdragFactory
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Inloggningshandelse, InloggningsNonce, Roll
from vardportalen.siths import errors as E
from vardportalen.siths.services import SESSION_BINDING

pytestmark = pytest.mark.usefixtures("siths_settings")


@pytest.fixture
def agent(card_agent):
    return card_agent("http://testserver")  # the Django test client's origin


@pytest.fixture(scope="module")
def cards(issue_card):
    """One card per kind, made once for this module (the staff rows are made per test)."""
    return {
        "anna": issue_card(name="Anna Berg"),
        "utgangen": issue_card(name="Ulla Utgång", expired=True),
        "sparrad": issue_card(name="Sven Spärr", revoked=True),
        "obetrodd": issue_card(name="Olle Obetrodd", untrusted=True),
        "underskrift": issue_card(name="Siv Signer", only_signing=True),
        "funktion": issue_card(name="Receptionen Solna vårdcentral", function=True),
    }


def staff_for(card, *, uppdrag=1, **fields):
    medarbetare = MedarbetareFactory(hsa_id=card.hsa_id, **fields)
    for i in range(uppdrag):
        MedarbetaruppdragFactory(medarbetare=medarbetare, roll=[Roll.SJUKSKOTERSKA, Roll.BARNMORSKA, Roll.LAKARE][i])
    return medarbetare


def assert_logged_in(client, medarbetare):
    assert client.session.get("_auth_user_id") == str(medarbetare.pk)


def assert_refused(response, code, caplog, *, hsa_id=None):
    assert response.status_code == 403, response.content
    body = response.json()
    assert body["fel"] == code
    assert body["meddelande"]
    assert InloggningsNonce.objects.filter(nonce=body["nonce"], anvand__isnull=True).exists()  # a fresh challenge
    event = Inloggningshandelse.objects.get()
    assert (event.utfall, event.orsak, event.metod) == ("misslyckad", code, "kortagent")
    assert event.ip == "127.0.0.1"
    if hsa_id is not None:
        assert event.hsa_id == hsa_id
    assert any(r.name == "vardportalen.security" and f"code={code}" in r.getMessage() for r in caplog.records)
    return body


# --- success ---


def test_login_with_one_commission_goes_straight_in(client, agent, cards):
    medarbetare = staff_for(cards["anna"])
    login_page_nonce(client)
    pre_login_key = client.session.session_key
    response = card_login(client, agent, cards["anna"])
    assert response.status_code == 200
    assert response.json() == {"redirect": "/"}
    assert_logged_in(client, medarbetare)
    session = client.session
    assert session.session_key != pre_login_key
    assert not Session.objects.filter(session_key=pre_login_key).exists()
    assert session[SESSION_UPPDRAG] == medarbetare.uppdrag.get().pk
    assert abs(session[SESSION_LOGIN_TIME] - timezone.now().timestamp()) < 60
    assert SESSION_BINDING not in session
    event = Inloggningshandelse.objects.get()
    assert (event.utfall, event.metod, event.hsa_id) == ("lyckad", "kortagent", medarbetare.hsa_id)
    assert event.certifikat_serienummer == format(cards["anna"].authentication_certificate.serial_number, "x")
    assert "SITHS e-id Person ID 3 CA" in event.certifikat_utfardare
    page = client.get("/")
    assert page.status_code == 200
    assert medarbetare.namn in page.content.decode()


def test_login_follows_a_safe_next(client, agent, cards):
    staff_for(cards["anna"])
    assert card_login(client, agent, cards["anna"], next="/invanare/").json() == {"redirect": "/invanare/"}


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/x", "/inloggning/"])
def test_unsafe_next_is_ignored(client, agent, cards, unsafe):
    staff_for(cards["anna"])
    assert card_login(client, agent, cards["anna"], next=unsafe).json() == {"redirect": "/"}


def test_two_commissions_ask_which_one(client, agent, cards):
    medarbetare = staff_for(cards["anna"], uppdrag=2)
    response = card_login(client, agent, cards["anna"], next="/invanare/")
    choose = reverse("siths:valj_uppdrag")
    assert response.json() == {"redirect": f"{choose}?next=%2Finvanare%2F"}
    assert SESSION_UPPDRAG not in client.session
    assert client.get("/")["Location"].startswith(choose)
    page = client.get(response.json()["redirect"]).content.decode()
    uppdrag = list(medarbetare.uppdrag.all())
    for u in uppdrag:
        assert f'value="{u.pk}"' in page and u.vardenhet.namn in page
    chosen = client.post(choose, {"uppdrag": uppdrag[1].pk, "next": "/invanare/"})
    assert chosen["Location"] == "/invanare/"
    assert client.session[SESSION_UPPDRAG] == uppdrag[1].pk


def test_admin_login_comes_back_to_admin(client, agent, cards):
    staff_for(cards["anna"], is_staff=True, is_superuser=True)
    assert client.get("/admin/")["Location"] == "/inloggning/?next=/admin/"
    to_card_login = client.get("/admin/login/?next=/admin/")  # the admin's own login page sends us on
    assert to_card_login["Location"] == "/inloggning/?next=/admin/"
    page = client.get(to_card_login["Location"]).content.decode()
    assert 'data-next="/admin/"' in page
    response = card_login(client, agent, cards["anna"], next="/admin/")
    assert response.json() == {"redirect": "/admin/"}
    assert client.get("/admin/").status_code == 200


# --- the page ---


def test_login_page(client, settings):
    settings.CARD_AGENT_URL = "http://127.0.0.1:8089"
    response = client.get(reverse("siths:login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-agent-url="http://127.0.0.1:8089"' in page
    assert 'role="alert"' in page
    assert '<input id="pin" type="password" inputmode="numeric" autocomplete="off" minlength="6"' in page
    assert 'name="pin"' not in page  # the PIN is never part of a form the browser could post to us
    assert "/static/vardportalen/login.js" in page
    assert "Logga in med SITHS-kort" in page
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "csrftoken" in response.cookies


def test_login_post_needs_the_csrf_token(agent, cards):
    staff_for(cards["anna"])
    client = Client(enforce_csrf_checks=True)
    nonce = login_page_nonce(client)
    answer = agent.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)
    payload = json.dumps({"nonce": nonce, **answer})
    refused = client.post(reverse("siths:login"), payload, content_type="application/json")
    assert refused.status_code == 403 and "_auth_user_id" not in client.session
    token = client.cookies["csrftoken"].value
    accepted = client.post(reverse("siths:login"), payload, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert accepted.json() == {"redirect": "/"}


# --- what the card agent reports ---


def test_wrong_pin(client, agent, issue_card, caplog):
    card = issue_card()
    staff_for(card)
    body = assert_refused(card_login(client, agent, card, pin="000000"), E.FEL_PIN, caplog)
    assert body["meddelande"] == "Fel PIN-kod. Försök igen – efter tre felaktiga försök spärras kortet."
    assert "_auth_user_id" not in client.session


def test_wrong_pin_twice_warns_about_the_last_try(client, agent, issue_card, caplog):
    card = issue_card()
    staff_for(card)
    card_login(client, agent, card, pin="000000")
    Inloggningshandelse.objects.all().delete()
    body = assert_refused(card_login(client, agent, card, pin="000000"), E.FEL_PIN, caplog)
    assert "ett försök kvar" in body["meddelande"]


def test_three_wrong_pins_lock_the_card(client, agent, issue_card, caplog):
    card = issue_card()
    staff_for(card)
    for _ in range(2):
        card_login(client, agent, card, pin="000000")
    Inloggningshandelse.objects.all().delete()
    body = assert_refused(card_login(client, agent, card, pin="000000"), E.PIN_LAST, caplog)
    assert body["meddelande"] == "PIN-koden är spärrad. Kontakta din SITHS-administratör för att låsa upp kortet."
    Inloggningshandelse.objects.all().delete()
    assert_refused(card_login(client, agent, card), E.PIN_LAST, caplog)  # the right PIN no longer helps


def test_card_taken_out(client, agent, issue_card, caplog):
    from vardportalen.siths.testpki import kort_remove

    card = issue_card()
    staff_for(card)
    kort_remove(card=card.id)
    body = assert_refused(card_login(client, agent, card), E.INGET_KORT, caplog)
    assert "Inget SITHS-kort" in body["meddelande"]


def test_agent_not_running(client, agent, cards, caplog):
    """What login.js does when the agent doesn't answer: report ingen_kortagent."""
    staff_for(cards["anna"])
    nonce = login_page_nonce(client)
    url = agent.url
    agent.stop()
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{url}/kort", headers={"Origin": agent.origin}, timeout=5)
    body = assert_refused(post_login(client, {"nonce": nonce, "agent_error": "ingen_kortagent"}), E.INGEN_KORTAGENT, caplog)
    assert body["meddelande"] == (
        "Ingen kortläsare eller kortagent svarar. Kontrollera att kortet sitter i läsaren och att kortagenten är startad."
    )


def test_unknown_agent_code_is_logged_as_kortagent_fel(client, caplog):
    nonce = login_page_nonce(client)
    assert_refused(post_login(client, {"nonce": nonce, "agent_error": "<script>"}), E.KORTAGENT_FEL, caplog)


def test_agent_reports_need_a_live_challenge(client, caplog):
    """Nobody can fill the login log with failures without loading the login page each time."""
    nonce = login_page_nonce(client)
    post_login(client, {"nonce": nonce, "agent_error": "fel_pin"})
    Inloggningshandelse.objects.all().delete()
    assert_refused(post_login(client, {"nonce": nonce, "agent_error": "fel_pin"}), E.NONCE_ANVAND, caplog)


# --- the challenge ---


def test_signature_over_another_challenge(client, agent, cards, caplog):
    staff_for(cards["anna"])
    first = login_page_nonce(client)
    answer = agent.sign(nonce=first, pin=cards["anna"].pin, card=cards["anna"].id)
    second = login_page_nonce(client)
    response = post_login(client, {"nonce": second, **answer})
    assert_refused(response, E.FEL_SIGNATUR, caplog, hsa_id=cards["anna"].hsa_id)


def test_signature_for_another_portal(client, card_agent, cards, caplog):
    """An agent configured for another origin signs another message: useless here."""
    staff_for(cards["anna"])
    other = card_agent("http://portal.example")
    nonce = login_page_nonce(client)
    answer = other.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)
    assert_refused(post_login(client, {"nonce": nonce, **answer}), E.FEL_SIGNATUR, caplog)


def test_replayed_login_after_logout_is_refused(client, agent, cards, caplog):
    staff_for(cards["anna"])
    nonce = login_page_nonce(client)
    payload = {"nonce": nonce, **agent.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)}
    assert post_login(client, payload).status_code == 200
    client.post(reverse("siths:logout"))
    # same browser, new pre-login session: the binding differs
    Inloggningshandelse.objects.all().delete()
    assert_refused(post_login(client, payload), E.NONCE_FEL_SESSION, caplog)


def test_reused_nonce_in_the_same_session(client, agent, cards, caplog):
    staff_for(cards["anna"])
    nonce = login_page_nonce(client)
    post_login(client, {"nonce": nonce, "agent_error": "fel_pin"})
    Inloggningshandelse.objects.all().delete()
    payload = {"nonce": nonce, **agent.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)}
    assert_refused(post_login(client, payload), E.NONCE_ANVAND, caplog)


def test_nonce_from_another_browser_session(client, agent, cards, caplog):
    staff_for(cards["anna"])
    other = Client()
    nonce = login_page_nonce(other)
    login_page_nonce(client)
    payload = {"nonce": nonce, **agent.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)}
    assert_refused(post_login(client, payload), E.NONCE_FEL_SESSION, caplog)
    assert "_auth_user_id" not in client.session


def test_expired_nonce(client, agent, cards, caplog):
    staff_for(cards["anna"])
    nonce = login_page_nonce(client)
    payload = {"nonce": nonce, **agent.sign(nonce=nonce, pin=cards["anna"].pin, card=cards["anna"].id)}
    InloggningsNonce.objects.filter(nonce=nonce).update(giltig_till=timezone.now() - datetime.timedelta(seconds=1))
    body = assert_refused(post_login(client, payload), E.NONCE_UTGANGEN, caplog)
    assert "två minuter" in body["meddelande"]


@pytest.mark.parametrize("payload", [
    {},
    {"nonce": "x"},
    {"nonce": "x" * 43, "signature": "abc"},  # signature without certificate
    {"nonce": "x" * 43, "signature": "a", "certificate": "b", "agent_error": "fel_pin"},  # both
])
def test_malformed_posts(client, payload):
    login_page_nonce(client)
    response = post_login(client, payload)
    assert response.status_code == 400
    assert response.json()["fel"] == E.FELAKTIG_BEGARAN
    assert Inloggningshandelse.objects.get().orsak == E.FELAKTIG_BEGARAN


def test_garbage_certificate(client, caplog):
    nonce = login_page_nonce(client)
    response = post_login(client, {"nonce": nonce, "signature": "AAAA", "certificate": "bm90IGEgY2VydA=="})
    assert_refused(response, E.OGILTIGT_CERTIFIKAT, caplog)


# --- the certificate ---


@pytest.mark.parametrize("kind,code", [
    ("utgangen", E.CERTIFIKAT_UTGANGET),
    ("obetrodd", E.OKAND_UTFARDARE),
    ("sparrad", E.SPARRAT_CERTIFIKAT),
    ("underskrift", E.SIGNERINGSCERTIFIKAT),
    ("funktion", E.FUNKTIONSCERTIFIKAT),
])
def test_certificate_refusals(client, agent, cards, caplog, kind, code):
    card = cards[kind]
    staff_for(card)  # the person exists with an active commission: only the certificate is wrong
    body = assert_refused(card_login(client, agent, card), code, caplog, hsa_id=card.hsa_id)
    assert body["meddelande"] == str(E.MESSAGES[code])
    assert "_auth_user_id" not in client.session


def test_signing_key_of_a_good_card_is_signeringscertifikat(client, agent, cards, caplog):
    staff_for(cards["anna"])
    assert_refused(card_login(client, agent, cards["anna"], key_label="Underskrift"), E.SIGNERINGSCERTIFIKAT, caplog)


def test_revocation_is_read_from_the_crl_files(client, agent, cards, settings):
    """Without the CRL files configured the revoked card would get in: the CRL is what stops it."""
    staff_for(cards["sparrad"])
    settings.SITHS_CRL_FILES = []
    assert card_login(client, agent, cards["sparrad"]).status_code == 200


def test_untrusted_card_gets_in_only_if_its_ca_is_trusted(client, agent, cards, settings, siths_pki):
    staff_for(cards["obetrodd"])
    settings.SITHS_TRUST_ANCHORS = [str(siths_pki.untrusted_cert)]
    settings.SITHS_INTERMEDIATES = []
    settings.SITHS_CRL_FILES = []
    assert card_login(client, agent, cards["obetrodd"]).status_code == 200


# --- the person ---


def test_unknown_hsa_id(client, agent, cards, caplog):
    body = assert_refused(card_login(client, agent, cards["anna"]), E.OKANT_HSA_ID, caplog, hsa_id=cards["anna"].hsa_id)
    assert cards["anna"].hsa_id in body["meddelande"]


def test_inactive_staff(client, agent, cards, caplog):
    staff_for(cards["anna"], is_active=False)
    assert_refused(card_login(client, agent, cards["anna"]), E.INAKTIV_MEDARBETARE, caplog)


def test_no_active_commission(client, agent, cards, caplog):
    medarbetare = MedarbetareFactory(hsa_id=cards["anna"].hsa_id)
    MedarbetaruppdragFactory(medarbetare=medarbetare, utgangen=True)
    MedarbetaruppdragFactory(medarbetare=medarbetare, giltig_fran=timezone.localdate() + datetime.timedelta(days=5))
    assert_refused(card_login(client, agent, cards["anna"]), E.INGET_AKTIVT_UPPDRAG, caplog)


def test_commission_at_a_closed_unit_does_not_count(client, agent, cards, caplog):
    medarbetare = MedarbetareFactory(hsa_id=cards["anna"].hsa_id)
    uppdrag = MedarbetaruppdragFactory(medarbetare=medarbetare)
    uppdrag.vardenhet.aktiv = False
    uppdrag.vardenhet.save()
    assert_refused(card_login(client, agent, cards["anna"]), E.INGET_AKTIVT_UPPDRAG, caplog)


def test_security_log_never_holds_the_pin(client, agent, issue_card, caplog):
    card = issue_card(pin="864209")
    staff_for(card)
    caplog.set_level(logging.DEBUG)
    card_login(client, agent, card, pin="864201")
    card_login(client, agent, card)
    assert "864209" not in caplog.text and "864201" not in caplog.text
    assert not Inloggningshandelse.objects.filter(detalj__contains="8642").exists()
