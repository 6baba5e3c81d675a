"""PostgreSQL restarting mid-request and mid-job, on a real embedded server of the test's own (issue 14).

The test starts a private PostgreSQL (pgserver, as devtools/embedded.py does for `make demo`; its Unix socket
is in a temporary directory, so it meets no other server), copies the migrated test database into it with
pg_dump, and runs gunicorn (with the psycopg pool, as in production) and a real Celery worker on it. Then:

- mid-request: a staff reply waits on a lock the test holds (the access-log table) after it has written its
  message; PostgreSQL restarts (fast: every backend is terminated). The answer is the 503 "försök igen" page
  in the portal's layout, and the message is not there (the transaction was rolled back);
- down: with PostgreSQL stopped a page is the same 503, never a 500;
- back: the next request works (the pool checks a connection before handing it out), and the same form sent
  again (its idempotency token) makes exactly one message;
- mid-job: the SMS outbox drain is inside its second send (the test's SMS gateway holds the reply) when
  PostgreSQL restarts; the task retries on OperationalError (vardportalen.celery.Uppgift) and finishes:
  every SMS is sent, each row once, the interrupted one with the same idempotency key.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg
import pytest
import requests
from django.db import connection

from devtools.embedded import EmbeddedPostgres, connection_kwargs, database_url_from_settings, ensure_database
from tests.fixtures.celery_worker import CeleryWorker, purge_queue, wait_for

pytestmark = pytest.mark.worker

# pg_dump of the server this pgserver build ships writes per-column options that a plain server refuses.
_ATTVER = re.compile(rb"^ALTER TABLE ONLY \S+ ALTER COLUMN \S+ SET \(pg_attver=\d+\);\n", re.M)


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The test's own PostgreSQL: stop, start and restart it (pg_ctl -m fast: open connections are cut)."""

    def __init__(self, katalog: Path):
        self.pg = EmbeddedPostgres(katalog / "pgdata")

    def pg_ctl(self, *args: str) -> None:
        """stop or restart (restart keeps the options pgserver started it with)."""
        if args == ("start",):  # as pgserver starts it: the Unix socket only, no TCP (`restart` remembers these)
            args = ("-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pg._server.log), "start")
        import pgserver

        pgserver.pg_ctl(["-w", "-m", "fast", *args], pgdata=self.pg.pgdata, user=self.pg._server.system_user)

    def psql(self, url: str, sql: bytes) -> None:
        kw = connection_kwargs(url)
        subprocess.run([str(_pgbin() / "psql"), "-q", "-X", "-v", "ON_ERROR_STOP=1", "-h", kw["host"],
                        "-p", str(kw.get("port", 5432)), "-U", kw.get("user", "postgres"), kw["dbname"]],
                       input=sql, check=True, capture_output=True)


def _pgbin() -> Path:
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"


@pytest.fixture(scope="module")
def egen_postgres(django_db_setup, django_db_blocker):
    katalog = Path(tempfile.mkdtemp(prefix="vp-pg-omstart-"))  # not under pytest's 0700 tmp: pgserver runs as its own user
    server = Server(katalog)
    server.pg.start()
    server.socket_dir = server.pg.info.socket_dir
    try:
        url = server.pg.url("omstart")
        ensure_database(url)
        with django_db_blocker.unblock():
            kalla = connection_kwargs(database_url_from_settings(connection.settings_dict))
        argv = [str(_pgbin() / "pg_dump"), "--no-owner", "--no-privileges", "-U", kalla.get("user", "postgres"),
                "-h", kalla.get("host", "127.0.0.1"), "-p", str(kalla.get("port", 5432)), kalla["dbname"]]
        dump = subprocess.run(argv, check=True, capture_output=True,
                              env={"PGPASSWORD": kalla.get("password", ""), "PATH": "/usr/bin:/bin"}).stdout
        server.psql(url, _ATTVER.sub(b"", dump))
        server.url = url
        yield server
    finally:
        if not (server.pg.pgdata / "postmaster.pid").exists():
            server.pg_ctl("start")  # a test that failed with the server stopped: start it so that stop() stops it
        server.pg.stop()
        shutil.rmtree(katalog, ignore_errors=True)


class Gateway:
    """An SMS gateway over HTTP that records what it gets; the first request for ``hall_for`` waits for ``slapp``."""

    def __init__(self, hall_for: str):
        self.mottaget: list[dict] = []
        self.haller = threading.Event()
        self.slapp = threading.Event()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.mottaget.append({**data, "nyckel": self.headers["Idempotency-Key"]})
                if data["referens"] == hall_for and not gateway.haller.is_set():
                    gateway.haller.set()
                    gateway.slapp.wait(60)
                body = json.dumps({"id": f"gw-{len(gateway.mottaget)}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/sms"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stang(self):
        self.slapp.set()
        self.httpd.shutdown()


def _env(celery_worker_env, server, **extra) -> dict:
    return {**celery_worker_env, "DATABASE_URL": server.url, **extra}


@pytest.fixture(scope="module")
def varld(egen_postgres, celery_worker_env):
    ut = subprocess.run([sys.executable, "-m", "tests.infra.pg_omstart_varld"], env=_env(celery_worker_env, egen_postgres),
                        cwd=Path(__file__).resolve().parents[2], check=True, capture_output=True, text=True).stdout
    return json.loads(ut.strip().splitlines()[-1])


@pytest.fixture
def gunicorn_pa(egen_postgres, celery_worker_env, tmp_path):
    port = _ledig_port()
    logg = open(tmp_path / "gunicorn.log", "ab")
    # The psycopg pool as in production (settings/base.py); a short pool timeout so a stopped server answers fast.
    env = _env(celery_worker_env, egen_postgres, DATABASE_POOL="true", DATABASE_POOL_MIN="2", DATABASE_POOL_TIMEOUT="2")
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "vardportalen.wsgi:application", "-b", f"127.0.0.1:{port}",
                             "-w", "1", "--threads", "4", "--timeout", "60"], cwd=Path(__file__).resolve().parents[2],
                            env=env, stdout=logg, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: _svarar(port), timeout=60, message="gunicorn to listen")
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(20)
        logg.close()
        print((tmp_path / "gunicorn.log").read_text(errors="replace")[-3000:])


def _svarar(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def _fraga(server, sql: str, *args):
    with psycopg.connect(**connection_kwargs(server.url), autocommit=True, connect_timeout=5) as conn:
        return conn.execute(sql, args).fetchall()


def _ar_layoutens_forsok_igen_sida(svar) -> bool:
    text = svar.text
    return (svar.status_code == 503 and "Försök igen" in text and "Inget av det du just gjorde har sparats" in text
            and 'class="topbar"' in text and 'id="innehall"' in text)


def test_a_restart_mid_request_is_a_try_again_page_and_the_next_request_works(egen_postgres, varld, gunicorn_pa):
    server, k = egen_postgres, varld["konversation"]
    http = requests.Session()
    http.cookies.set("sessionid", varld["sessionid"])
    sida = http.get(f"{gunicorn_pa}/meddelanden/{k}/", timeout=30)
    assert sida.status_code == 200 and "svarsruta" in sida.text, (sida.status_code, sida.text[:300])
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', sida.text).group(1)
    token = re.search(r'name="token" value="([^"]+)"', sida.text).group(1)

    def svara():
        return http.post(f"{gunicorn_pa}/meddelanden/{k}/svara/", data={"csrfmiddlewaretoken": csrf, "text": "Vi ringer.",
                                                                       "token": token},
                         headers={"Referer": f"{gunicorn_pa}/meddelanden/{k}/"}, allow_redirects=False, timeout=60)

    # The reply writes its message, then waits for the access-log insert behind the test's table lock.
    las = psycopg.connect(**connection_kwargs(server.url))
    las.execute("LOCK TABLE vardportalen_atkomstlogg IN EXCLUSIVE MODE")
    svar: list = []
    trad = threading.Thread(target=lambda: svar.append(svara()))
    trad.start()
    wait_for(lambda: _fraga(server, "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                    "AND query ILIKE '%%atkomstlogg%%'"),
             timeout=30, message="the reply to wait on the access-log lock")
    assert _fraga(server, "SELECT count(*) FROM meddelanden_meddelande WHERE text = 'Vi ringer.'")[0][0] == 0  # not committed
    server.pg_ctl("restart")
    trad.join(60)
    las.close()
    assert _ar_layoutens_forsok_igen_sida(svar[0]), (svar[0].status_code, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", svar[0].text))[:3000])
    assert _fraga(server, "SELECT count(*) FROM meddelanden_meddelande WHERE text = 'Vi ringer.'")[0][0] == 0

    # Down: the same page, not a 500 (the pool gives up after DATABASE_POOL_TIMEOUT).
    server.pg_ctl("stop")
    try:
        nere = http.get(f"{gunicorn_pa}/meddelanden/{k}/", timeout=60)
        assert _ar_layoutens_forsok_igen_sida(nere), (nere.status_code, nere.text[:500])
    finally:
        server.pg_ctl("start")

    # Back: within seconds pages work again (the pool reconnects in the background with backoff; until then every
    # answer is the same 503 page), and "Försök igen" with the same form makes one message.
    svar_efter: list = []
    wait_for(lambda: svar_efter.append(http.get(f"{gunicorn_pa}/meddelanden/{k}/", timeout=30))
             or svar_efter[-1].status_code == 200, timeout=30, interval=0.5, message="pages to work again")
    assert all(_ar_layoutens_forsok_igen_sida(s) for s in svar_efter[:-1]), [s.status_code for s in svar_efter]
    igen = svara()
    assert igen.status_code == 302, (igen.status_code, igen.text[:500])
    assert svara().status_code == 302  # a double submit of the same form after it went through
    assert _fraga(server, "SELECT count(*) FROM meddelanden_meddelande WHERE text = 'Vi ringer.'")[0][0] == 1


def test_a_restart_mid_job_is_retried_and_every_sms_goes_out_once(egen_postgres, varld, celery_worker_env,
                                                                   celery_worker_log_dir):
    from notiser.tasks import sms_skicka_vantande

    server = egen_postgres
    gateway = Gateway(hall_for="omstart:1")
    worker = CeleryWorker(queue=f"pytest-omstart-{_ledig_port()}", log_dir=celery_worker_log_dir,
                          env=_env(celery_worker_env, server, SMS_BACKEND="http", SMS_GATEWAY_URL=gateway.url,
                                   SMS_GATEWAY_TOKEN="test"))
    purge_queue(worker.queue)
    worker.start()
    try:
        sms_skicka_vantande.apply_async(queue=worker.queue)
        assert gateway.haller.wait(60), worker.log()
        # omstart:0 is committed, omstart:1 is at the gateway and its row locked in the job's open transaction.
        server.pg_ctl("restart")
        gateway.slapp.set()

        def klart():
            return _fraga(server, "SELECT count(*) FROM vardportalen_smsutgaende WHERE status = 'skickad' "
                                  "AND idempotensnyckel LIKE 'omstart:%%'")[0][0] == 3

        wait_for(klart, timeout=60, message=f"the job to resume and send all three\n{worker.log()}")
        rader = _fraga(server, "SELECT idempotensnyckel, status, forsok FROM vardportalen_smsutgaende "
                               "WHERE idempotensnyckel LIKE 'omstart:%%' ORDER BY id")
        assert [(nyckel, status) for nyckel, status, _f in rader] == [(f"omstart:{i}", "skickad") for i in range(3)]
        assert all(forsok == 1 for *_x, forsok in rader), rader  # the interrupted attempt left nothing behind
        nycklar = [m["nyckel"] for m in gateway.mottaget if m["nyckel"].startswith("omstart:")]
        # The interrupted SMS went to the gateway twice with the same key (the gateway keeps one); no other repeat.
        assert sorted(set(nycklar)) == [f"omstart:{i}" for i in range(3)] and len(nycklar) == 4, nycklar
        assert nycklar.count("omstart:1") == 2
        assert "Retry in" in worker.log(400), worker.log()
    finally:
        gateway.stang()
        worker.stop()
        purge_queue(worker.queue)
