"""The cardsim PKCS#11 shim: SoftHSM2 tokens that lock after three wrong PINs, like SITHS cards."""
import os

import pkcs11
import pytest

from vardportalen.cardagent.module import PKCS11_LOCK, cardsim_build, pkcs11_lib
from vardportalen.cardagent.tokens import CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED

NONCE = "B" * 43


def _flags(card_id, module):
    with PKCS11_LOCK:
        lib = pkcs11_lib(module=module, refresh=True)
        token = next(s.get_token() for s in lib.get_slots(token_present=True) if s.get_token().serial.decode().strip() == card_id)
        return int(token.flags)


def test_three_wrong_pins_lock_the_card_through_the_agent(card_agent, issue_card, siths_module):
    agent = card_agent("http://127.0.0.1:8000")
    card = issue_card()
    assert agent.sign(nonce=NONCE, pin="000001", card=card.id) == {"error": "fel_pin"}
    assert _flags(card.id, siths_module) & CKF_USER_PIN_COUNT_LOW
    assert agent.sign(nonce=NONCE, pin="000002", card=card.id) == {"error": "fel_pin", "tries_left": 1}
    assert _flags(card.id, siths_module) & CKF_USER_PIN_FINAL_TRY
    assert agent.sign(nonce=NONCE, pin="000003", card=card.id) == {"error": "pin_last"}
    # Locked: even the right PIN is refused, and the agent shows it.
    assert agent.sign(nonce=NONCE, pin=card.pin, card=card.id) == {"error": "pin_last"}
    assert _flags(card.id, siths_module) & CKF_USER_PIN_LOCKED
    assert next(c for c in agent.cards() if c["id"] == card.id)["pin_locked"] is True


def test_right_pin_before_the_third_resets_the_count(card_agent, issue_card, siths_module):
    agent = card_agent("http://127.0.0.1:8000")
    card = issue_card()
    for _ in range(2):
        assert agent.sign(nonce=NONCE, pin="000000", card=card.id)["error"] == "fel_pin"
    assert "signature" in agent.sign(nonce=NONCE, pin=card.pin, card=card.id)
    assert not _flags(card.id, siths_module) & (CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED)
    for _ in range(2):
        assert agent.sign(nonce=NONCE, pin="000000", card=card.id)["error"] == "fel_pin"
    assert "signature" in agent.sign(nonce=NONCE, pin=card.pin, card=card.id)


def test_lock_is_enforced_by_the_module_not_only_the_agent(issue_card, siths_module):
    """Straight through python-pkcs11: C_Login itself answers CKR_PIN_LOCKED."""
    card = issue_card()
    with PKCS11_LOCK:
        lib = pkcs11_lib(module=siths_module, refresh=True)
        token = lib.get_token(token_serial=card.id.encode())
        for expected in (pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinLocked,
                         pkcs11.exceptions.PinLocked):
            with pytest.raises(expected):
                token.open(user_pin="111111")
        with pytest.raises(pkcs11.exceptions.PinLocked):
            token.open(user_pin=card.pin)


def test_security_officer_unblock_resets_the_count(issue_card, siths_module):
    """C_InitPIN by the SO (the SITHS administrator's unblock) unlocks the card with a new PIN."""
    card = issue_card()
    with PKCS11_LOCK:
        lib = pkcs11_lib(module=siths_module, refresh=True)
        token = lib.get_token(token_serial=card.id.encode())
        for _ in range(3):
            with pytest.raises((pkcs11.exceptions.PinIncorrect, pkcs11.exceptions.PinLocked)):
                token.open(user_pin="111111")
        # python-pkcs11 leaves the session of a failed login open; re-initialising closes them (the agent
        # re-initialises on every request anyway). SO login needs no read-only sessions around.
        lib = pkcs11_lib(module=siths_module, refresh=True)
        token = lib.get_token(token_serial=card.id.encode())
        with token.open(rw=True, so_pin="12345678") as session:
            session.init_pin("654321")
        with token.open(user_pin="654321"):
            pass


def test_counter_is_kept_per_card(card_agent, issue_card):
    agent = card_agent("http://127.0.0.1:8000")
    first, second = issue_card(), issue_card()
    for _ in range(3):
        agent.sign(nonce=NONCE, pin="000000", card=first.id)
    assert agent.sign(nonce=NONCE, pin=second.pin, card=second.id).keys() == {"signature", "certificate"}


def test_counter_lives_in_the_state_dir(card_agent, issue_card, siths_softhsm):
    agent = card_agent("http://127.0.0.1:8000")
    card = issue_card()
    agent.sign(nonce=NONCE, pin="000000", card=card.id)
    state = os.path.join(siths_softhsm["CARDSIM_STATE_DIR"], f"{card.id}.tries")
    assert open(state).read().strip() == "1"


def test_build_is_skipped_when_up_to_date(tmp_path):
    out = cardsim_build(output=tmp_path / "libcardsim.so")
    stamp = out.stat().st_mtime_ns
    assert cardsim_build(output=out) == out
    assert out.stat().st_mtime_ns == stamp
