"""The digital mailbox: the HTTP backend against a local operator stand-in, and the outbox drain."""
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from edokument.brevlada import HttpBackend
from edokument.models import BrevladaUtkorg, Kanal, Leverans, Orsak, Utskriftslistepost
from edokument.utkorg import MAX_FORSOK, brevlada_utkorg_skicka
from tests.fixtures.staff import InvanareFactory


class Operator:
    """A local HTTP server answering like a mailbox operator; ``svar`` is the list of status codes to give."""

    def __init__(self):
        self.mottaget: list[dict] = []
        self.svar: list[int] = []
        self.levererade_nycklar: set[str] = set()
        operator = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                nyckel = self.headers.get("Idempotency-Key")
                operator.mottaget.append({"body": body, "nyckel": nyckel, "auth": self.headers.get("Authorization")})
                status = operator.svar.pop(0) if operator.svar else 201
                if status < 300 and nyckel in operator.levererade_nycklar:
                    status = 409
                if status < 300:
                    operator.levererade_nycklar.add(nyckel)
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/leveranser"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def operator():
    op = Operator()
    yield op
    op.stop()


@pytest.fixture
def backend(operator):
    return HttpBackend(operator.url, "hemlig-token", timeout=5)


def _brevladeinvanare(**kw):
    return InvanareFactory(digital_brevlada="kivra", fodelsedatum=datetime.date(1970, 1, 1), **kw)


def test_delivered_once_with_key_token_and_counts_as_read(skicka_ekallelse, operator, backend):
    inv = _brevladeinvanare()
    dok = skicka_ekallelse(inv)
    assert brevlada_utkorg_skicka(backend=backend) == 1
    assert len(operator.mottaget) == 1
    m = operator.mottaget[0]
    assert m["auth"] == "Bearer hemlig-token"
    assert m["body"]["mottagare"] == inv.id_nummer and m["body"]["operator"] == "kivra"
    assert m["body"]["rubrik"] == dok.rubrik
    lev = Leverans.objects.get(dokument=dok, kanal=Kanal.BREVLADA)
    assert lev.status == "levererad" and lev.last is not None
    assert brevlada_utkorg_skicka(backend=backend) == 0  # drained: nothing sent twice
    assert len(operator.mottaget) == 1


def test_temporary_failure_is_retried_later_with_the_same_key(skicka_ekallelse, operator, backend):
    skicka_ekallelse(_brevladeinvanare())
    operator.svar = [503]
    assert brevlada_utkorg_skicka(backend=backend) == 0
    rad = BrevladaUtkorg.objects.get()
    assert rad.forsok == 1 and rad.klar is None and rad.nasta_forsok > timezone.now()
    assert brevlada_utkorg_skicka(backend=backend) == 0  # not due yet
    assert brevlada_utkorg_skicka(backend=backend, nu=rad.nasta_forsok) == 1
    assert [m["nyckel"] for m in operator.mottaget] == [rad.idempotensnyckel] * 2


def test_operator_already_had_it_409_counts_as_delivered(skicka_ekallelse, operator, backend):
    skicka_ekallelse(_brevladeinvanare())
    operator.svar = [409]
    assert brevlada_utkorg_skicka(backend=backend) == 1


def test_unreachable_operator_is_a_temporary_failure(skicka_ekallelse):
    skicka_ekallelse(_brevladeinvanare())
    assert brevlada_utkorg_skicka(backend=HttpBackend("http://127.0.0.1:9/", "t", timeout=1)) == 0
    assert "Ingen kontakt" in BrevladaUtkorg.objects.get().senaste_fel


def test_permanent_refusal_without_app_goes_on_paper(skicka_ekallelse, operator, backend):
    dok = skicka_ekallelse(_brevladeinvanare())
    operator.svar = [400]
    brevlada_utkorg_skicka(backend=backend)
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.BREVLADA).status == "misslyckad"
    assert Utskriftslistepost.objects.get(dokument=dok).orsak == Orsak.BREVLADA_MISSLYCKAD


def test_permanent_refusal_with_app_starts_the_48_hour_watch(skicka_ekallelse, operator, backend):
    dok = skicka_ekallelse(_brevladeinvanare(konto="registrerat"))
    assert not Leverans.objects.filter(bevakas=True).exists()
    operator.svar = [400]
    brevlada_utkorg_skicka(backend=backend)
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.APP).bevakas is True
    assert not Utskriftslistepost.objects.exists()


def test_gives_up_after_max_attempts(skicka_ekallelse, operator, backend):
    dok = skicka_ekallelse(_brevladeinvanare())
    operator.svar = [500] * MAX_FORSOK
    tid = timezone.now()
    for _ in range(MAX_FORSOK):
        brevlada_utkorg_skicka(backend=backend, nu=tid)
        tid += datetime.timedelta(hours=2)
    assert len(operator.mottaget) == MAX_FORSOK
    assert BrevladaUtkorg.objects.get().klar is not None
    assert Utskriftslistepost.objects.get(dokument=dok).orsak == Orsak.BREVLADA_MISSLYCKAD
