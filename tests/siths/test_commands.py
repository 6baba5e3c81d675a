"""manage.py siths_testca, siths_issue_card, siths_demo_setup and card_agent."""
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.core.management import CommandError, call_command
from django.conf import settings as django_settings

from tests.fixtures.staff import MedarbetareFactory
from vardportalen.cardagent.tokens import cards_list
from vardportalen.siths.testpki import PkiFiles
from vardportalen.siths.verification import trust_config_from_settings, trust_settings


def test_testca_is_idempotent(tmp_path, capsys):
    call_command("siths_testca", "--dir", str(tmp_path))
    pki = PkiFiles(directory=tmp_path)
    first = pki.root_cert.read_bytes(), pki.intermediate_cert.read_bytes()
    assert "Skapade" in capsys.readouterr().out
    call_command("siths_testca", "--dir", str(tmp_path))
    assert (pki.root_cert.read_bytes(), pki.intermediate_cert.read_bytes()) == first
    out = capsys.readouterr().out
    assert "Fanns redan" in out and f"SITHS_TRUST_ANCHORS={pki.root_cert}" in out
    assert oct(pki.root_key.stat().st_mode & 0o777) == "0o600"
    for path in (pki.root_crl, pki.intermediate_crl):
        assert path.read_text().startswith("-----BEGIN X509 CRL-----")


def test_issue_card_command(siths_softhsm, siths_module, settings, tmp_path, capsys):
    settings.PKCS11_MODULE = siths_module
    call_command("siths_issue_card", "--hsa-id", "SE2321000016-KC001", "--name", "Carl Kommando", "--pin", "654321",
                 "--label", "Carls kort", "--pki-dir", str(tmp_path))
    assert "SE2321000016-KC001" in capsys.readouterr().out
    card = next(c for c in cards_list(module=siths_module) if c["hsa_id"] == "SE2321000016-KC001")
    assert card["label"] == "Carls kort" and card["name"] == "Carl Kommando"


@pytest.mark.parametrize("args,message", [
    (["--hsa-id", "nej", "--name", "X"], "HSA-id"),
    (["--hsa-id", "SE2321000016-KC002", "--name", "X", "--pin", "12"], "sex siffror"),
])
def test_issue_card_validates(args, message, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("siths_issue_card", *args, "--pki-dir", str(tmp_path))


def test_demo_setup_gives_every_active_staff_member_one_card(siths_softhsm, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    settings.PKCS11_MODULE = ""
    anna = MedarbetareFactory(hsa_id="SE2321000016-KD001", fornamn="Anna", efternamn="Demo")
    MedarbetareFactory(hsa_id="SE2321000016-KD002", fornamn="Inge", efternamn="Inaktiv", is_active=False)
    call_command("siths_demo_setup")
    listed = json.loads((tmp_path / "demo_cards.json").read_text())
    assert [(c["hsa_id"], c["name"], c["pin"]) for c in listed] == [("SE2321000016-KD001", "Anna Demo", "123456")]
    out = capsys.readouterr().out
    assert "1 nya kort" in out and "Anna Demo" in out and "SE2321000016-KD001" in out
    assert (tmp_path / "cardsim" / "libcardsim.so").exists()
    assert (tmp_path / "pki" / "siths-test-root.pem").exists()

    bertil = MedarbetareFactory(hsa_id="SE2321000016-KD003", fornamn="Bertil", efternamn="Demo")
    call_command("siths_demo_setup")
    listed_again = json.loads((tmp_path / "demo_cards.json").read_text())
    assert "1 nya kort, 1 fanns redan" in capsys.readouterr().out
    assert {c["hsa_id"] for c in listed_again} == {anna.hsa_id, bertil.hsa_id}
    assert next(c for c in listed_again if c["hsa_id"] == anna.hsa_id)["id"] == listed[0]["id"]  # same card kept
    module = str(tmp_path / "cardsim" / "libcardsim.so")
    on_tokens = [c["hsa_id"] for c in cards_list(module=module) if c["hsa_id"] in (anna.hsa_id, bertil.hsa_id)]
    assert sorted(on_tokens) == [anna.hsa_id, bertil.hsa_id]


def test_demo_setup_refuses_a_real_card_middleware(settings):
    settings.PKCS11_MODULE = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
    with pytest.raises(CommandError, match="PKCS11_MODULE"):
        call_command("siths_demo_setup")


def test_debug_trusts_the_local_test_pki_only_when_nothing_is_configured(settings, tmp_path):
    call_command("siths_testca", "--dir", str(tmp_path / "pki"))
    settings.VAR_DIR = tmp_path
    settings.SITHS_TRUST_ANCHORS, settings.SITHS_INTERMEDIATES, settings.SITHS_CRL_FILES = [], [], []
    settings.DEBUG = False
    assert trust_settings()["SITHS_TRUST_ANCHORS"] == []
    settings.DEBUG = True
    files = trust_settings()
    assert files["SITHS_TRUST_ANCHORS"] == [str(tmp_path / "pki" / "siths-test-root.pem")]
    assert len(trust_config_from_settings().crls) == 2
    settings.SITHS_TRUST_ANCHORS = ["/etc/siths/root.pem"]
    assert trust_settings()["SITHS_TRUST_ANCHORS"] == ["/etc/siths/root.pem"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_card_agent_command_in_its_own_process(siths_softhsm, siths_module, issue_card):
    """manage.py card_agent as the demo launcher starts it, against this session's cards."""
    card = issue_card(name="Agnes Process")
    port = _free_port()
    env = {**os.environ, "PKCS11_MODULE": siths_module, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.dev",
           "SOFTHSM2_CONF": siths_softhsm["SOFTHSM2_CONF"], "CARDSIM_STATE_DIR": siths_softhsm["CARDSIM_STATE_DIR"]}
    process = subprocess.Popen(
        [sys.executable, str(Path(django_settings.BASE_DIR) / "manage.py"), "card_agent",
         "--origin", "http://127.0.0.1:8000", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/kort", headers={"Origin": "http://127.0.0.1:8000"}, timeout=5)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "the agent did not start"
                time.sleep(0.2)
        assert any(c["id"] == card.id and c["name"] == "Agnes Process" for c in response.json()["cards"])
        wrong = requests.get(f"http://127.0.0.1:{port}/kort", headers={"Origin": "http://evil.example"}, timeout=5)
        assert wrong.status_code == 403
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "Kortagenten lyssnar på http://127.0.0.1:" in process.stdout.read()
