"""The SMS outbox: refusals, idempotency, draining with backoff, permanent failures, and the backends —
the HTTP gateway against a real local HTTP server."""
import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from invanare.models import Kontosparr
from notiser.models import SmsUtgaende
from notiser.sms import backends
from notiser.sms.services import (
    MAX_FORSOK,
    normalisera_mobilnummer,
    sms_enqueue,
    sms_skicka_vantande,
    vantetid,
)
from tests.fixtures.staff import InvanareFactory


class Minne:
    """A backend that remembers (for the service tests) and can fail on demand."""

    def __init__(self, fel=None):
        self.skickade, self.fel = [], list(fel or [])

    def skicka(self, *, till, text, idempotensnyckel):
        if self.fel:
            raise self.fel.pop(0)
        self.skickade.append((till, text, idempotensnyckel))
        return "id-1"


@pytest.fixture
def inv():
    return InvanareFactory(mobilnummer="070-174 06 20")


def test_numbers_are_normalised_and_nonsense_refused():
    assert normalisera_mobilnummer("070-174 06 20") == "+46701740620"
    assert normalisera_mobilnummer("+46 70 174 06 20") == "+46701740620"
    assert normalisera_mobilnummer("08-123 456 78") is None


def test_one_key_one_sms(inv):
    a = sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k1", syfte="test")
    b = sms_enqueue(invanare=inv, text="Hej igen", idempotensnyckel="k1", syfte="test")
    assert a.pk == b.pk and SmsUtgaende.objects.count() == 1 and b.text == "Hej"


def test_locked_account_and_protected_identity_are_refused_and_recorded(inv):
    Kontosparr.objects.create(invanare=inv, orsak="tvang")
    assert sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k1", syfte="test") is None
    skyddad = InvanareFactory(skyddad=True, mobilnummer="070-174 06 21")
    assert sms_enqueue(invanare=skyddad, text="Hej", idempotensnyckel="k2", syfte="test") is None
    ok = sms_enqueue(invanare=skyddad, text="Hej", idempotensnyckel="k3", syfte="test", skyddad_bekraftad=True)
    rader = {r.idempotensnyckel: r for r in SmsUtgaende.objects.all()}
    assert rader["k1"].status == rader["k2"].status == "nekad"
    assert "spärrat" in rader["k1"].orsak and "Skyddad identitet" in rader["k2"].orsak
    assert rader["k1"].mobilnummer == rader["k2"].mobilnummer == ""
    assert ok.status == "vantande"


def test_enqueue_is_part_of_the_callers_transaction(inv):
    with pytest.raises(RuntimeError), transaction.atomic():
        sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k1", syfte="test")
        raise RuntimeError
    assert not SmsUtgaende.objects.exists()


def test_due_rows_are_sent_and_later_ones_wait(inv):
    nu = timezone.now()
    sms_enqueue(invanare=inv, text="Nu", idempotensnyckel="nu", syfte="test", nu=nu)
    sms_enqueue(invanare=inv, text="Imorgon", idempotensnyckel="sen", syfte="test",
                skicka_efter=nu + datetime.timedelta(days=1), nu=nu)
    backend = Minne()
    assert sms_skicka_vantande(nu=nu, backend=backend).skickade == 1
    assert [t for _n, t, _k in backend.skickade] == ["Nu"]
    sms_skicka_vantande(nu=nu + datetime.timedelta(days=1), backend=backend)
    assert [t for _n, t, _k in backend.skickade] == ["Nu", "Imorgon"]
    assert set(SmsUtgaende.objects.values_list("status", flat=True)) == {"skickad"}


def test_temporary_errors_retry_with_backoff_then_give_up(inv):
    nu = timezone.now()
    sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k", syfte="test", nu=nu)
    backend = Minne(fel=[backends.TillfalligtFel("503")] * MAX_FORSOK)
    sms_skicka_vantande(nu=nu, backend=backend)
    rad = SmsUtgaende.objects.get()
    assert rad.status == "vantande" and rad.forsok == 1 and rad.nasta_forsok == nu + vantetid(1)
    assert sms_skicka_vantande(nu=nu + datetime.timedelta(seconds=59), backend=backend).omforsok == 0  # not yet due
    t = nu
    for _ in range(MAX_FORSOK - 1):
        t += datetime.timedelta(hours=3)
        sms_skicka_vantande(nu=t, backend=backend)
    rad.refresh_from_db()
    assert rad.status == "misslyckad" and rad.forsok == MAX_FORSOK and "Gav upp" in rad.orsak
    assert vantetid(2) == 2 * vantetid(1) and vantetid(30) == datetime.timedelta(hours=2)


def test_a_permanent_error_is_marked_at_once(inv):
    sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k", syfte="test")
    sms_skicka_vantande(backend=Minne(fel=[backends.PermanentFel("400 ogiltigt nummer")]))
    rad = SmsUtgaende.objects.get()
    assert rad.status == "misslyckad" and rad.forsok == 1 and "ogiltigt nummer" in rad.orsak


def test_a_lock_placed_after_enqueueing_stops_the_sending(inv):
    sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k", syfte="test")
    Kontosparr.objects.create(invanare=inv, orsak="tvang")
    backend = Minne()
    sms_skicka_vantande(backend=backend)
    assert backend.skickade == [] and SmsUtgaende.objects.get().status == "nekad"


def test_the_file_backend_writes_one_file_per_key(inv, tmp_path, settings):
    settings.SMS_BACKEND, settings.SMS_FILE_DIR = "file", str(tmp_path)
    sms_enqueue(invanare=inv, text="Hej fil", idempotensnyckel="k", syfte="test")
    sms_skicka_vantande()
    filer = list(tmp_path.glob("*.json"))
    assert len(filer) == 1 and json.loads(filer[0].read_text())["text"] == "Hej fil"


# --- the HTTP gateway, against a real HTTP server in a thread ---


class Gateway:
    def __init__(self):
        self.svar: list[int] = []
        self.mottagna: list[dict] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                langd = int(self.headers["Content-Length"])
                gateway.mottagna.append({"headers": dict(self.headers), "body": json.loads(self.rfile.read(langd))})
                status = gateway.svar.pop(0) if gateway.svar else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"id": f"gw-{len(gateway.mottagna)}"}).encode())

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gw = Gateway()
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = "http", gw.url, "hemlig-token"
    yield gw
    gw.stop()


def test_http_gateway_gets_the_token_the_key_and_the_message(inv, gateway):
    sms_enqueue(invanare=inv, text="Hej gateway", idempotensnyckel="k-http", syfte="test")
    assert sms_skicka_vantande().skickade == 1
    (anrop,) = gateway.mottagna
    assert anrop["headers"]["Authorization"] == "Bearer hemlig-token"
    assert anrop["headers"]["Idempotency-Key"] == "k-http"
    assert anrop["body"] == {"till": "+46701740620", "text": "Hej gateway", "referens": "k-http"}
    rad = SmsUtgaende.objects.get()
    assert rad.status == "skickad" and rad.gateway_id == "gw-1"


@pytest.mark.parametrize("status,utfall", [(500, "vantande"), (503, "vantande"), (429, "vantande"),
                                           (401, "vantande"), (400, "misslyckad"), (422, "misslyckad")])
def test_http_error_codes_decide_retry_or_permanent(inv, gateway, status, utfall):
    gateway.svar = [status]
    nu = timezone.now()
    sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k", syfte="test", nu=nu)
    sms_skicka_vantande(nu=nu)
    rad = SmsUtgaende.objects.get()
    assert rad.status == utfall and str(status) in rad.orsak
    if utfall == "vantande":  # retried later, and then it goes through
        sms_skicka_vantande(nu=nu + datetime.timedelta(minutes=5))
        rad.refresh_from_db()
        assert rad.status == "skickad" and len(gateway.mottagna) == 2


def test_http_gateway_not_answering_is_temporary(inv, settings):
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = "http", "http://127.0.0.1:9/", "t"
    sms_enqueue(invanare=inv, text="Hej", idempotensnyckel="k", syfte="test")
    assert sms_skicka_vantande().omforsok == 1


def test_many_at_once_skip_keys_already_there_and_refuse_like_one_by_one(inv):
    from notiser.sms.services import MANGA, SmsNytt, sms_enqueue_flera

    skyddad = InvanareFactory(skyddad=True, mobilnummer="070-174 06 22")
    sms_enqueue(invanare=inv, text="Först", idempotensnyckel="m-0", syfte="test")
    meddelanden = [SmsNytt(skyddad if i == 1 else inv, f"Nr {i}", f"m-{i}", "test") for i in range(MANGA + 10)]
    sms_enqueue_flera(meddelanden=meddelanden)
    assert SmsUtgaende.objects.count() == MANGA + 10
    assert SmsUtgaende.objects.get(idempotensnyckel="m-0").text == "Först"
    assert SmsUtgaende.objects.get(idempotensnyckel="m-1").status == "nekad"
    nya = [SmsNytt(inv, f"Ny {i}", f"n-{i}", "test") for i in range(MANGA + 10)]  # no key taken: straight COPY
    sms_enqueue_flera(meddelanden=nya)
    assert SmsUtgaende.objects.filter(idempotensnyckel__startswith="n-", status="vantande").count() == MANGA + 10
