"""The login challenge: ≥128 bits, single use, valid two minutes, bound to the pre-login browser session."""
import datetime
import hashlib
import threading

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.utils import timezone

from vardportalen.models import InloggningsNonce
from vardportalen.siths import errors as E
from vardportalen.siths.errors import SithsFel
from vardportalen.siths.services import SESSION_BINDING, nonce_consume, nonce_create, nonce_purge


def _code(fn):
    with pytest.raises(SithsFel) as excinfo:
        fn()
    return excinfo.value.code


def test_nonce_is_long_random_and_stored_with_a_hash_of_the_session_binding():
    session = SessionStore()
    now = timezone.now()
    first, second = nonce_create(session=session, now=now), nonce_create(session=session, now=now)
    assert first != second
    assert len(first) >= 43  # 32 random bytes, urlsafe base64: 256 bits
    row = InloggningsNonce.objects.get(nonce=first)
    assert row.sessionsbindning == hashlib.sha256(session[SESSION_BINDING].encode()).hexdigest()
    assert session[SESSION_BINDING] not in row.sessionsbindning
    assert row.giltig_till - row.skapad == datetime.timedelta(seconds=120)
    assert row.anvand is None


def test_nonce_is_single_use():
    session = SessionStore()
    nonce = nonce_create(session=session)
    nonce_consume(nonce=nonce, session=session)
    assert InloggningsNonce.objects.get(nonce=nonce).anvand is not None
    assert _code(lambda: nonce_consume(nonce=nonce, session=session)) == E.NONCE_ANVAND


def test_nonce_expires_after_two_minutes():
    session = SessionStore()
    start = timezone.now()
    nonce = nonce_create(session=session, now=start)
    later = start + datetime.timedelta(seconds=120)
    assert _code(lambda: nonce_consume(nonce=nonce, session=session, now=later)) == E.NONCE_UTGANGEN
    assert InloggningsNonce.objects.get(nonce=nonce).anvand is None  # an expired nonce is not marked used


def test_nonce_valid_just_before_expiry():
    session = SessionStore()
    start = timezone.now()
    nonce = nonce_create(session=session, now=start)
    nonce_consume(nonce=nonce, session=session, now=start + datetime.timedelta(seconds=119))


def test_nonce_from_another_session_is_refused_and_stays_usable():
    mine, theirs = SessionStore(), SessionStore()
    nonce = nonce_create(session=mine)
    nonce_create(session=theirs)  # their own binding
    assert _code(lambda: nonce_consume(nonce=nonce, session=theirs)) == E.NONCE_FEL_SESSION
    assert _code(lambda: nonce_consume(nonce=nonce, session=SessionStore())) == E.NONCE_FEL_SESSION
    nonce_consume(nonce=nonce, session=mine)


def test_unknown_nonce():
    session = SessionStore()
    nonce_create(session=session)
    assert _code(lambda: nonce_consume(nonce="x" * 43, session=session)) == E.NONCE_OKAND


def test_binding_survives_several_nonces_in_one_session():
    session = SessionStore()
    a = nonce_create(session=session)
    b = nonce_create(session=session)
    nonce_consume(nonce=a, session=session)
    nonce_consume(nonce=b, session=session)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_uses_only_one_wins():
    session = SessionStore()
    nonce = nonce_create(session=session)
    results, barrier = [], threading.Barrier(4)

    def use():
        barrier.wait()
        try:
            nonce_consume(nonce=nonce, session=session)
            results.append("ok")
        except SithsFel as fel:
            results.append(fel.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=use) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["nonce_använd"] * 3 + ["ok"]


def test_purge_deletes_only_long_expired_nonces():
    session = SessionStore()
    now = timezone.now()
    old = nonce_create(session=session, now=now - datetime.timedelta(days=2))
    recent = nonce_create(session=session, now=now - datetime.timedelta(hours=1))
    assert nonce_purge(now=now) == 1
    assert not InloggningsNonce.objects.filter(nonce=old).exists()
    assert InloggningsNonce.objects.filter(nonce=recent).exists()
