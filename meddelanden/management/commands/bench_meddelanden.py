"""Benchmark of meddelanden: the inbox of a unit with 2,000 open conversations and the "anything new?" poll,
on 200,000 citizens, 300,000 conversations and 1,000,000 messages across 50 units. Baselines measured in the
same run: a minimal Django view (``/halsa/``: @public, one SELECT 1) in process and under gunicorn.

    DATABASE_URL=… REDIS_URL=… .venv/bin/python manage.py bench_meddelanden

The data is kept between runs (recognised by its "Bench" names); ``--reset`` writes it again.
"""
from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meddelanden import bench_data
from meddelanden.bench_load import load
from meddelanden.models import Konversation
from meddelanden.selectors import SIDSTORLEK, inkorg_version
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG

HOST = "127.0.0.1"


def _pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))] * 1000


def _merge(runs: list[dict]) -> dict:
    status: dict[str, int] = {}
    for r in runs:
        for k, v in r["status"].items():
            status[k] = status.get(k, 0) + v
    return {"per_sekund": sum(r["per_sekund"] for r in runs) / len(runs),
            "p50_ms": max(r["p50_ms"] for r in runs), "p95_ms": max(r["p95_ms"] for r in runs), "status": status}


def _wsgi_get(app, *, path: str, query: str, cookie: str) -> int:
    """One GET through the WSGI application; returns the status code once the body has been produced."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": HOST, "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": HOST,
        "HTTP_HOST": HOST, "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        **({"HTTP_COOKIE": cookie} if cookie else {}),
    }
    body = app(environ, lambda s, headers, exc_info=None: status.append(int(s.split()[0])))
    try:
        b"".join(body)
    finally:
        body.close()
    return status[0]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


class Command(BaseCommand):
    help = "Benchmark the staff inbox and the poll endpoint of meddelanden on realistic volumes."
    # The system checks would build the template engines before handle() turns DEBUG off, and a DEBUG engine
    # re-reads every template on every request (production caches them).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--invanare", type=int, default=200_000)
        parser.add_argument("--konversationer", type=int, default=300_000)
        parser.add_argument("--meddelanden", type=int, default=1_000_000)
        parser.add_argument("--enheter", type=int, default=50)
        parser.add_argument("--oppna", type=int, default=2_000, help="open conversations at the measured unit")
        parser.add_argument("--varv", type=int, default=500, help="requests per in-process measurement")
        parser.add_argument("--pollare", type=int, default=200, help="concurrent pollers against gunicorn")
        parser.add_argument("--sekunder", type=float, default=10.0, help="seconds per gunicorn load run")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the demo uses 2)")
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--utan-gunicorn", action="store_true")

    def say(self, text=""):
        self.stdout.write(text)
        self.stdout.flush()

    @contextmanager
    def phase(self, name):
        start = time.perf_counter()
        yield
        self.say(f"  {name:<44} {time.perf_counter() - start:7.1f} s")

    def handle(self, *args, **o):
        settings.DEBUG = False  # no query log in the timed loops
        self.say(f"bench_meddelanden on {os.cpu_count()} cores (load average now {os.getloadavg()[0]:.1f}; the machine is shared)")
        self.say("Data:")
        with self.phase("units and staff"):
            units = bench_data.bench_units(o["enheter"])
            uppdrag = bench_data.bench_staff(units[0])
        with self.phase(f"citizens ({o['invanare']:,})"):
            bench_data.bench_citizens(o["invanare"])
        with self.phase(f"conversations ({o['konversationer']:,}) and messages ({o['meddelanden']:,})"):
            if o["reset"]:
                bench_data.bench_conversations_delete()
            n_konv, n_medd = bench_data.bench_conversations(
                unit_ids=units, invanare=o["invanare"], konversationer=o["konversationer"], meddelanden=o["meddelanden"],
                oppna_enhet0=o["oppna"], medarbetare_id=uppdrag.medarbetare_id)
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM meddelanden_konversation WHERE amne LIKE 'Bench %%'")
            konv = cur.fetchone()[0]
            cur.execute("SELECT count(*) FROM meddelanden_meddelande m JOIN meddelanden_konversation k ON k.id = m.konversation_id "
                        "WHERE k.amne LIKE 'Bench %%'")
            medd = cur.fetchone()[0]
        oppna = Konversation.objects.filter(vardenhet_id=units[0], stangd__isnull=True).count()
        self.say(f"  in the database: {konv:,} bench conversations, {medd:,} messages; unit 0 has {oppna:,} open "
                 f"({'written now' if n_konv else 'kept from an earlier run'})")

        client = Client(HTTP_HOST=HOST)
        client.force_login(uppdrag.medarbetare)
        session = client.session
        session[SESSION_LOGIN_TIME] = time.time()
        session[SESSION_UPPDRAG] = uppdrag.pk
        session.save()

        inkorg = reverse("meddelanden:inkorg")
        sista_sida = max(1, -(-oppna // SIDSTORLEK))
        self.say("\nQuery count (constant whatever the page or the number of conversations):")
        for label, params in (("inbox, all open, page 1", {"flik": "oppna"}),
                              (f"inbox, all open, page {sista_sida}", {"flik": "oppna", "sida": sista_sida}),
                              ("inbox, unread", {"flik": "olasta"}), ("inbox, closed", {"flik": "stangda"})):
            with CaptureQueriesContext(connection) as q:
                assert client.get(inkorg, params).status_code == 200
            self.say(f"  {label:<34} {len(q):3d} queries")
        version = inkorg_version(vardenhet_id=units[0])
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("meddelanden:nytt"), {"v": version}).status_code == 204
        self.say(f"  {'poll, nothing new (204)':<34} {len(q):3d} queries (session, staff member with commission, version)")

        # Server time: the WSGI application called directly, as gunicorn's worker calls it (no HTTP parsing, no
        # test client); the URLs interleaved so that a change in the machine's load hits them alike.
        app = WSGIHandler()
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        fall = (
            ("minimal view /halsa/ anonymous", reverse("health"), "", "", 200),
            ("minimal view /halsa/, staff session", reverse("health"), "", cookie, 200),
            ("poll, nothing new (204)", reverse("meddelanden:nytt"), f"v={version}", cookie, 204),
            (f"inbox, {oppna:,} open, page 1", inkorg, "flik=oppna", cookie, 200),
            ("inbox, unread tab", inkorg, "flik=olasta", cookie, 200),
        )
        tider = {f[0]: [] for f in fall}
        cpu = {f[0]: [] for f in fall}
        for varv in range(o["varv"] + 10):  # the first ten are warm-up
            for label, path, query, kaka, status in fall:
                start, start_cpu = time.perf_counter(), time.process_time()
                svar = _wsgi_get(app, path=path, query=query, cookie=kaka)
                if varv >= 10:
                    tider[label].append(time.perf_counter() - start)
                    cpu[label].append(time.process_time() - start_cpu)
                assert svar == status, (label, svar)
        self.say(f"\nServer time in process (the WSGI application called directly), {o['varv']} requests each, "
                 f"interleaved (ms):")
        bas = _pct(tider[fall[0][0]], 0.95)
        bas_session = _pct(tider[fall[1][0]], 0.95)
        for label, *_rest in fall:
            p50, p95 = _pct(tider[label], 0.5), _pct(tider[label], 0.95)
            self.say(f"  {label:<38} p50 {p50:7.2f}  p95 {p95:7.2f}  ({p95 / bas:4.1f}× anonymous, "
                     f"{p95 / bas_session:4.1f}× with session)  Python CPU p95 {_pct(cpu[label], 0.95):6.2f}")
        self.say(f"  (load average after: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

        if o["utan_gunicorn"]:
            return
        self.say(f"\ngunicorn ({o['workers']} sync workers, DEBUG off), {o['pollare']} concurrent clients, "
                 f"{o['sekunder']:.0f} s each:")
        port = _free_port()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.dev", "DJANGO_DEBUG": "false"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "vardportalen.wsgi:application", "--bind", f"{HOST}:{port}",
             "--workers", str(o["workers"]), "--no-control-socket", "--backlog", "2048", "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self._wait_for(port)
            # Two baselines: the minimal view anonymous, and with the staff session cookie, which makes the
            # shared middleware load session, user and commission (and save the session) as on every staff page.
            runs = (
                ("minimal view /halsa/ (baseline)", "/halsa/", {}),
                ("/halsa/ with staff session cookie", "/halsa/", {"Cookie": cookie}),
                ("poll, nothing new (204)", f"{reverse('meddelanden:nytt')}?v={version}", {"Cookie": cookie}),
            )
            results: dict[str, list] = {label: [] for label, _p, _h in runs}
            for label, path, headers in runs:
                load(host=HOST, port=port, path=path, headers=headers, clients=20, seconds=1)  # warm up
            # Interleaved, twice each, so that a change in the other engineers' load hits both alike.
            for _round in range(2):
                for label, path, headers in runs:
                    results[label].append(load(host=HOST, port=port, path=path, headers=headers,
                                               clients=o["pollare"], seconds=o["sekunder"] / 2))
            results = {label: _merge(rs) for label, rs in results.items()}
            bas = results["minimal view /halsa/ (baseline)"]["per_sekund"]
            bas_session = results["/halsa/ with staff session cookie"]["per_sekund"]
            for label, r in results.items():
                self.say(f"  {label:<34} {r['per_sekund']:7.0f} req/s ({r['per_sekund'] / bas:4.2f}× anonymous, "
                         f"{r['per_sekund'] / bas_session:4.2f}× with session)  "
                         f"client-side p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  statuses {r['status']}")
            per_poller = results["poll, nothing new (204)"]["per_sekund"]
            self.say(f"  → at one poll per 2 s per open page, these workers answer about {per_poller * 2:,.0f} open pages")
        finally:
            proc.terminate()
            proc.wait(timeout=20)

    def _wait_for(self, port):
        for _ in range(100):
            try:
                with socket.create_connection((HOST, port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")
