"""Sessions after a card login: new key, logout on the server, 30 minutes idle, 12 hours absolute, commissions."""
import time

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from tests.fixtures.cards import card_login
from tests.fixtures.staff import MedarbetareFactory, MedarbetaruppdragFactory, login_session
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Inloggningshandelse


def test_session_settings():
    assert django_settings.SESSION_COOKIE_AGE == 30 * 60  # idle timeout, renewed on every request
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert django_settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert django_settings.SESSION_COOKIE_HTTPONLY is True


def test_idle_session_expires_after_thirty_minutes_on_the_server(client, uppdrag):
    login_session(client, uppdrag)
    client.get("/")
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert 29 * 60 < remaining <= 30 * 60


def test_every_request_pushes_the_idle_deadline(client, uppdrag):
    login_session(client, uppdrag)
    client.get("/")
    key = client.session.session_key
    first = Session.objects.get(session_key=key).expire_date
    time.sleep(1.1)
    client.get("/")
    assert Session.objects.get(session_key=key).expire_date > first


def test_absolute_limit_of_twelve_hours(client, uppdrag):
    login_session(client, uppdrag)
    session = client.session
    session[SESSION_LOGIN_TIME] = time.time() - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response["Location"].startswith(reverse("siths:login"))
    assert "_auth_user_id" not in client.session
    assert "tolv timmar" in client.get(response["Location"]).content.decode()


def test_eleven_hours_is_still_fine(client, uppdrag):
    login_session(client, uppdrag)
    session = client.session
    session[SESSION_LOGIN_TIME] = time.time() - 11 * 60 * 60
    session.save()
    assert client.get("/").status_code == 200


def test_logout_deletes_the_session_on_the_server_and_is_logged(client, uppdrag):
    login_session(client, uppdrag)
    key = client.session.session_key
    response = client.post(reverse("siths:logout"))
    assert response["Location"] == reverse("siths:login")
    assert not Session.objects.filter(session_key=key).exists()
    event = Inloggningshandelse.objects.get()
    assert (event.utfall, event.hsa_id) == ("utloggning", uppdrag.medarbetare.hsa_id)
    assert "Du är utloggad" in client.get(reverse("siths:login")).content.decode()
    assert client.get("/")["Location"].startswith(reverse("siths:login"))


def test_stolen_cookie_is_useless_after_logout(client, uppdrag):
    from django.test import Client

    login_session(client, uppdrag)
    thief = Client()
    thief.cookies[django_settings.SESSION_COOKIE_NAME] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert thief.get("/").status_code == 200
    client.post(reverse("siths:logout"))
    assert thief.get("/")["Location"].startswith(reverse("siths:login"))


def test_logout_by_get_changes_nothing(client, uppdrag):
    login_session(client, uppdrag)
    key = client.session.session_key
    assert client.get(reverse("siths:logout"))["Location"] == reverse("bevakning")
    assert Session.objects.filter(session_key=key).exists()
    assert not Inloggningshandelse.objects.exists()


def test_logout_link_in_the_header_posts(client, uppdrag):
    login_session(client, uppdrag)
    page = client.get("/").content.decode()
    assert f'<form method="post" action="{reverse("siths:logout")}"' in page


@pytest.mark.usefixtures("siths_settings")
def test_session_key_changes_at_card_login(client, card_agent, issue_card):
    card = issue_card()
    MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(hsa_id=card.hsa_id))
    client.get(reverse("siths:login"))
    before = client.session.session_key
    assert card_login(client, card_agent("http://testserver"), card).status_code == 200
    assert client.session.session_key != before


# --- choosing and switching commissions ---


def test_switching_commission_later(client, uppdrag):
    other = MedarbetaruppdragFactory(medarbetare=uppdrag.medarbetare)
    login_session(client, uppdrag)
    page = client.get(reverse("siths:valj_uppdrag")).content.decode()
    assert "nuvarande uppdrag" in page and other.vardenhet.namn in page
    response = client.post(reverse("siths:valj_uppdrag"), {"uppdrag": other.pk})
    assert response["Location"] == reverse("bevakning")
    assert client.session[SESSION_UPPDRAG] == other.pk
    assert other.vardenhet.namn in client.get("/").content.decode()


def test_someone_elses_commission_cannot_be_chosen(client, uppdrag):
    foreign = MedarbetaruppdragFactory()
    login_session(client, uppdrag)
    response = client.post(reverse("siths:valj_uppdrag"), {"uppdrag": foreign.pk})
    assert response.status_code == 400
    assert client.session[SESSION_UPPDRAG] == uppdrag.pk


def test_expired_commission_cannot_be_chosen(client, uppdrag):
    old = MedarbetaruppdragFactory(medarbetare=uppdrag.medarbetare, utgangen=True)
    login_session(client, uppdrag)
    assert client.post(reverse("siths:valj_uppdrag"), {"uppdrag": old.pk}).status_code == 400
    assert f'value="{old.pk}"' not in client.get(reverse("siths:valj_uppdrag")).content.decode()


def test_choose_page_with_no_active_commission_offers_logout(client, uppdrag):
    uppdrag.giltig_till = uppdrag.giltig_fran
    uppdrag.save()
    login_session(client, None, medarbetare=uppdrag.medarbetare)
    page = client.get(reverse("siths:valj_uppdrag")).content.decode()
    assert "inget aktivt medarbetaruppdrag" in page
    assert reverse("siths:logout") in page


def test_choose_follows_next_only_when_safe(client, uppdrag):
    other = MedarbetaruppdragFactory(medarbetare=uppdrag.medarbetare)
    login_session(client, None, medarbetare=uppdrag.medarbetare)
    assert client.post(reverse("siths:valj_uppdrag"), {"uppdrag": other.pk, "next": "https://evil.example/"})["Location"] == "/"
    assert client.post(reverse("siths:valj_uppdrag"), {"uppdrag": other.pk, "next": "/invanare/"})["Location"] == "/invanare/"


def test_staff_member_and_commission_are_read_in_one_query(client, uppdrag):
    """Every staff request reads the session, then the staff member with her commission and unit in one query
    (StaffAuthenticationMiddleware); Django's own session check still runs on what was read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_session(client, uppdrag)
    with CaptureQueriesContext(connection) as q:
        assert client.get(reverse("meddelanden:nytt"), {"v": -1}).status_code == 200
    sql = [x["sql"] for x in q.captured_queries]
    assert not any('FROM "vardportalen_medarbetare"' in s for s in sql), sql
    uppdrag_laddning = [s for s in sql if 'FROM "vardportalen_medarbetaruppdrag"' in s]
    assert len(uppdrag_laddning) == 1
    assert '"vardportalen_medarbetare"' in uppdrag_laddning[0] and '"vardportalen_vardenhet"' in uppdrag_laddning[0]


def test_changed_session_hash_still_logs_out_with_the_commission_read_alongside(client, uppdrag):
    login_session(client, uppdrag)
    session = client.session
    session["_auth_user_hash"] = "fel"
    session.save()
    response = client.get(reverse("bevakning"))
    assert response.status_code == 302 and reverse("siths:login") in response["Location"]
