"""Races over real HTTP to gunicorn (issue 14): a unique constraint that wins a race gives the same answer as a
sequential duplicate, never a 500. The test starts gunicorn (2 workers × 8 threads) on the test database."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time

import pytest
import requests
from django.conf import settings

from bokning.models import Bokning
from tests.fixtures.bokning import VALID_DEKLARATION, om, skapa_tid, transaktionell_markering, vaccinationstyp
from tests.fixtures.staff import InvanareFactory

pytestmark = transaktionell_markering()
# One port per xdist worker: two of these tests may run at once, each with its own gunicorn and test database.
def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = int(os.environ.get("VP_TEST_GUNICORN_PORT") or _ledig_port())  # a free port, so parallel runs never meet
BAS = f"http://127.0.0.1:{PORT}"


@pytest.fixture
def gunicorn(celery_worker_env):
    # The same test-database URL the worker subprocesses get: it also works for the embedded PostgreSQL,
    # whose host is a socket directory (a hand-built URL broke `make test` without DATABASE_URL).
    env = dict(celery_worker_env)
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "vardportalen.wsgi:application", "-b", f"127.0.0.1:{PORT}",
                             "-w", "2", "--threads", "8", "--timeout", "60"], cwd=settings.BASE_DIR, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield BAS
    finally:
        proc.terminate()
        proc.wait(20)


def _samtidigt(antal: int, gor) -> list:
    start = threading.Barrier(antal)
    svar: list = [None] * antal

    def trad(i):
        start.wait()
        try:
            svar[i] = gor(i)
        except Exception as err:  # noqa: BLE001
            svar[i] = err

    tradar = [threading.Thread(target=trad, args=(i,)) for i in range(antal)]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join(90)
    return svar


def test_twenty_taps_on_boka_at_once_give_one_booking_and_409s(gunicorn, regional_tidbok):
    inv = InvanareFactory()
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=2), kapacitet=5)
    token = requests.post(f"{gunicorn}/api/app/v1/inloggning/", json={"metod": "test", "personnummer": inv.id_nummer},
                          timeout=30).json()["token"]

    def boka(_i):
        return requests.post(f"{gunicorn}/api/app/v1/bokning/", json={"tid": tid.pk, "halsodeklaration": VALID_DEKLARATION},
                             headers={"Authorization": f"Bearer {token}"}, timeout=60)

    svar = _samtidigt(20, boka)
    koder = sorted(s.status_code for s in svar)
    assert koder.count(201) == 1 and koder.count(409) == 19, koder
    assert all(s.json()["fel"]["kod"] == "redan_bokad" for s in svar if s.status_code == 409)
    sekventiell = boka(0)
    assert sekventiell.status_code == 409 and sekventiell.json() == next(s.json() for s in svar if s.status_code == 409)
    assert Bokning.objects.filter(invanare=inv).count() == 1


def test_eight_identical_replies_at_once_make_one_message(gunicorn, uppdrag, aktor, invanare_med_vardrelation):
    import re
    import uuid

    from meddelanden import services
    from meddelanden.models import Meddelande
    from tests.fixtures.staff import logged_in_client

    k = services.konversation_start(aktor=aktor, invanare=invanare_med_vardrelation, amne="Fråga", text="Hej")
    sessionid = logged_in_client(uppdrag).cookies["sessionid"].value
    http = requests.Session()
    http.cookies.set("sessionid", sessionid)
    sida = http.get(f"{gunicorn}/meddelanden/{k.pk}/", timeout=30)
    assert sida.status_code == 200 and "svarsruta" in sida.text, (sida.status_code, sida.url, sida.text[:300])
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sida.text).group(1)
    token = re.search(r'name="token" value="([^"]+)"', sida.text).group(1)
    assert uuid.UUID(token)

    def svara(_i):
        return http.post(f"{gunicorn}/meddelanden/{k.pk}/svara/", data={"csrfmiddlewaretoken": csrf, "text": "Vi ringer dig.",
                                                                         "token": token},
                         headers={"Referer": f"{gunicorn}/meddelanden/{k.pk}/"}, allow_redirects=False, timeout=60)

    svar = _samtidigt(8, svara)
    assert sorted(s.status_code for s in svar) == [302] * 8, [getattr(s, "status_code", s) for s in svar]
    assert Meddelande.objects.filter(konversation=k, text="Vi ringer dig.").count() == 1
    # The same form sent again later: still the one message, and the page shows it.
    assert svara(0).status_code == 302 and Meddelande.objects.filter(konversation=k, text="Vi ringer dig.").count() == 1


def _personalsession(gunicorn, uppdrag, sidan: str):
    """A requests session logged in as ``uppdrag``, the page's CSRF token and its form token."""
    import re

    from tests.fixtures.staff import logged_in_client

    http = requests.Session()
    http.cookies.set("sessionid", logged_in_client(uppdrag).cookies["sessionid"].value)
    sida = http.get(f"{gunicorn}{sidan}", timeout=30)
    assert sida.status_code == 200, (sida.status_code, sida.url, sida.text[:300])
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sida.text).group(1)
    token = re.search(r'name="token" value="([^"]+)"', sida.text).group(1)
    return http, csrf, token


def test_eight_identical_staff_bookings_at_once_book_once(gunicorn, uppdrag, invanare_med_vardrelation):
    from django.urls import reverse

    from tests.fixtures.bokning import TidbokFactory

    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=uppdrag.vardenhet), tidstyp=vaccinationstyp(), start=om(dagar=3),
                    kapacitet=5)
    sidan = reverse("bokning:boka", args=[invanare_med_vardrelation.pk])
    http, csrf, token = _personalsession(gunicorn, uppdrag, sidan)

    def boka(_i):
        return http.post(f"{gunicorn}{sidan}", data={"csrfmiddlewaretoken": csrf, "tid": tid.pk, "token": token},
                         headers={"Referer": f"{gunicorn}{sidan}"}, allow_redirects=False, timeout=60)

    svar = _samtidigt(8, boka)
    bokning = Bokning.objects.get(invanare=invanare_med_vardrelation)
    assert [getattr(s, "status_code", s) for s in svar] == [302] * 8
    assert {s.headers["Location"] for s in svar} == {reverse("bokning:bokning", args=[bokning.pk])}
    assert boka(0).headers["Location"] == reverse("bokning:bokning", args=[bokning.pk])  # sequential repeat: same


def test_eight_identical_pregnancy_registrations_at_once_register_one(gunicorn, barnmorska, patient, kliniker):
    import datetime
    import uuid

    from django.urls import reverse
    from django.utils import timezone

    from forlossning.models import Graviditet

    http, csrf, token = _personalsession(gunicorn, barnmorska, reverse("forlossning:kvinna", args=[patient.pk]))
    url = f"{gunicorn}{reverse('forlossning:registrera', args=[patient.pk])}"
    data = {"csrfmiddlewaretoken": csrf, "token": token, "mhv1_datum": timezone.localdate().isoformat(),
            "bf": (timezone.localdate() + datetime.timedelta(weeks=30)).isoformat()}

    def registrera(_i):
        return http.post(url, data=data, headers={"Referer": url}, allow_redirects=False, timeout=60)

    svar = _samtidigt(8, registrera)
    assert [getattr(s, "status_code", s) for s in svar] == [302] * 8
    assert {s.headers["Location"] for s in svar} == {reverse("forlossning:kvinna", args=[patient.pk])}
    assert Graviditet.objects.filter(invanare=patient).count() == 1
    # Eight open tabs for another woman (eight tokens) at once: the unique constraint decides; one registration,
    # seven answers that are the form's message a sequential duplicate gets, no 500.
    from tests.fixtures.staff import InvanareFactory, VardrelationFactory

    annan = InvanareFactory(kon="K", mobilnummer="070-174 06 11", konto="registrerat")
    VardrelationFactory(invanare=annan, vardenhet=barnmorska.vardenhet)
    url2 = f"{gunicorn}{reverse('forlossning:registrera', args=[annan.pk])}"
    andra = _samtidigt(8, lambda i: http.post(url2, data={**data, "token": str(uuid.uuid4())},
                                              headers={"Referer": url2}, allow_redirects=False, timeout=60))
    assert sorted(getattr(s, "status_code", s) for s in andra) == [302] + [400] * 7
    assert all("redan en registrerad graviditet" in s.text for s in andra if s.status_code == 400)
    assert Graviditet.objects.filter(invanare=annan).count() == 1
