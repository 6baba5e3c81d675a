"""Benchmark of meddelanden: the inbox of a unit with 2,000 open conversations and the "anything new?" poll,
on 200,000 citizens, 300,000 conversations and 1,000,000 messages across 50 units. Baselines measured in the
same run, interleaved with what they are compared to: a minimal Django view (``/halsa/``: @public, one SELECT 1,
no session) and a minimal view with the poll's own session handling (the session row read, never written:
portal.bench_urls), in process and under gunicorn. Every figure is the median of ``--runder`` interleaved
rounds, with the spread (min–max) over the rounds and the ratio to the baseline taken within each round.

    DATABASE_URL=… REDIS_URL=… .venv/bin/python manage.py bench_meddelanden

The data is kept between runs (recognised by its "Bench" names); ``--reset`` writes it again.
"""
from __future__ import annotations

import io
import re
import os
import socket
import subprocess
import sys
import statistics
import time
from contextlib import contextmanager
from urllib.parse import unquote, urlencode

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


def _free_port(fran: int, till: int) -> int:
    """A free port in [fran, till] (the machine is shared: each engineer has a range of her own)."""
    for port in range(fran, till + 1):
        with socket.socket() as s:
            try:
                s.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {fran}–{till}")


def _spridning(values: list[float], fmt: str = "{:.2f}") -> str:
    """Median, then min–max over the rounds."""
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


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
        parser.add_argument("--varv", type=int, default=200, help="requests per URL and round in process")
        parser.add_argument("--runder", type=int, default=5, help="interleaved rounds (median and spread)")
        parser.add_argument("--portar", default="9250-9299", help="port range for gunicorn")
        parser.add_argument("--pollare", type=int, default=200, help="concurrent pollers against gunicorn")
        parser.add_argument("--sekunder", type=float, default=4.0, help="seconds per URL and round under gunicorn")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the demo uses 2)")
        parser.add_argument("--reset", action="store_true")
        parser.add_argument("--utan-gunicorn", action="store_true")
        parser.add_argument("--utan-inkorg", action="store_true",
                            help="in process, time the poll and its baselines only (no 50 ms inbox requests between)")

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
                              (f"inbox, all open, last page ({sista_sida})", {"flik": "oppna", "sista": "1"}),
                              ("inbox, unread", {"flik": "olasta"}), ("inbox, closed", {"flik": "stangda"})):
            with CaptureQueriesContext(connection) as q:
                assert client.get(inkorg, params).status_code == 200
            self.say(f"  {label:<34} {len(q):3d} queries")
        version = inkorg_version(vardenhet_id=units[0])
        html = client.get(inkorg, {"flik": "oppna"}).content.decode()
        token = unquote(re.search(r'id="meddelanden-poll"[^>]*[?&;]p=([^&"]+)', html).group(1))
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("meddelanden:nytt"), {"v": version, "p": token}).status_code == 204
        self.say(f"  {'poll, nothing new (204)':<34} {len(q):3d} queries (session row, active commission, version)")
        with CaptureQueriesContext(connection) as q:
            assert client.get(reverse("meddelanden:nytt"), {"v": version}).status_code == 204
        self.say(f"  {'poll without its token':<34} {len(q):3d} queries (the full staff check, then version)")

        # Server time: the WSGI application called directly, as gunicorn's worker calls it (no HTTP parsing, no
        # test client); the URLs interleaved request by request, in rounds, so that a change in the machine's load
        # hits them alike, and each ratio is taken within its round.
        settings.ROOT_URLCONF = "portal.bench_urls"
        app = WSGIHandler()
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        poll_q = urlencode({"v": version, "p": token})
        fall = (
            ("A: minimal view /halsa/, no session", reverse("health"), "", "", 200),
            ("B: minimal view, poll's session handling", "/bench/minimal-session/", "", cookie, 204),
            ("poll, nothing new (204)", reverse("meddelanden:nytt"), poll_q, cookie, 204),
            ("poll without token (full staff check)", reverse("meddelanden:nytt"), f"v={version}", cookie, 204),
            (f"inbox, {oppna:,} open, page 1", inkorg, "flik=oppna", cookie, 200),
            (f"inbox, {oppna:,} open, last page {sista_sida}", inkorg, "flik=oppna&sista=1", cookie, 200),
            ("inbox, unread tab, page 1", inkorg, "flik=olasta", cookie, 200),
            ("inbox, unread tab, last page", inkorg, "flik=olasta&sista=1", cookie, 200),
        )
        if o["utan_inkorg"]:
            fall = fall[:4]
        for _ in range(10):  # warm-up
            for label, path, query, kaka, status in fall:
                assert _wsgi_get(app, path=path, query=query, cookie=kaka) == status, label
        p95 = {f[0]: [] for f in fall}
        p50 = {f[0]: [] for f in fall}
        last = []
        for runda in range(o["runder"]):
            last.append(os.getloadavg()[0])
            tider = {f[0]: [] for f in fall}
            for _varv in range(o["varv"]):
                for label, path, query, kaka, status in fall:
                    start = time.perf_counter()
                    svar = _wsgi_get(app, path=path, query=query, cookie=kaka)
                    tider[label].append(time.perf_counter() - start)
                    assert svar == status, (label, svar)
            for label in tider:
                p95[label].append(_pct(tider[label], 0.95))
                p50[label].append(_pct(tider[label], 0.5))
        last.append(os.getloadavg()[0])
        self.say(f"\nServer time in process (the WSGI application called directly), {o['runder']} rounds × {o['varv']} "
                 f"requests per URL, interleaved; median (min–max) over the rounds, ms; load average during: "
                 f"{min(last):.1f}–{max(last):.1f}")
        a, b = fall[0][0], fall[1][0]
        for label, *_rest in fall:
            mot_a = [x / y for x, y in zip(p95[label], p95[a])]
            mot_b = [x / y for x, y in zip(p95[label], p95[b])]
            self.say(f"  {label:<44} p50 {_spridning(p50[label])}  p95 {_spridning(p95[label])}  "
                     f"p95 ×A {_spridning(mot_a, '{:.1f}')}  ×B {_spridning(mot_b, '{:.1f}')}")
        poll95 = statistics.median(p95["poll, nothing new (204)"])
        self.say(f"  → poll p95 {poll95:.2f} ms (goal < 10 ms): {'met' if poll95 < 10 else 'NOT met'}; "
                 f"inbox last page / page 1 (p95): "
                 + (f"{statistics.median([x / y for x, y in zip(p95[fall[5][0]], p95[fall[4][0]])]):.2f}×"
                    if len(fall) > 5 else "not measured (--utan-inkorg)"))

        if o["utan_gunicorn"]:
            return
        self.say(f"\ngunicorn ({o['workers']} sync workers, DEBUG off), {o['pollare']} concurrent clients, "
                 f"{o['sekunder']:.0f} s per URL and round, {o['runder']} interleaved rounds:")
        fran, till = (int(x) for x in o["portar"].split("-"))
        port = _free_port(fran, till)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.dev", "DJANGO_DEBUG": "false"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.bench_wsgi:application", "--bind", f"{HOST}:{port}",
             "--workers", str(o["workers"]), "--no-control-socket", "--backlog", "2048", "--log-level", "warning"],
            env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            self._wait_for(port)
            runs = (
                ("A: minimal view /halsa/, no session", "/halsa/", {}),
                ("B: minimal view, poll's session handling", "/bench/minimal-session/", {"Cookie": cookie}),
                ("poll, nothing new (204)", f"{reverse('meddelanden:nytt')}?{poll_q}", {"Cookie": cookie}),
            )
            for label, path, headers in runs:
                load(host=HOST, port=port, path=path, headers=headers, clients=20, seconds=1)  # warm up
            results: dict[str, list] = {label: [] for label, _p, _h in runs}
            last = []
            for _runda in range(o["runder"]):
                last.append(os.getloadavg()[0])
                for label, path, headers in runs:
                    results[label].append(load(host=HOST, port=port, path=path, headers=headers,
                                               clients=o["pollare"], seconds=o["sekunder"]))
            last.append(os.getloadavg()[0])
            a, b = runs[0][0], runs[1][0]
            for label, rs in results.items():
                rps = [r["per_sekund"] for r in rs]
                mot_a = [r["per_sekund"] / x["per_sekund"] for r, x in zip(rs, results[a])]
                mot_b = [r["per_sekund"] / x["per_sekund"] for r, x in zip(rs, results[b])]
                status: dict[str, int] = {}
                for r in rs:
                    for k, v in r["status"].items():
                        status[k] = status.get(k, 0) + v
                self.say(f"  {label:<44} {_spridning(rps, '{:.0f}')} req/s  ×A {_spridning(mot_a)}  ×B {_spridning(mot_b)}"
                         f"  statuses {status}")
            kvot_b = statistics.median([r["per_sekund"] / x["per_sekund"] for r, x in zip(results[runs[2][0]], results[b])])
            kvot_a = statistics.median([r["per_sekund"] / x["per_sekund"] for r, x in zip(results[runs[2][0]], results[a])])
            self.say(f"  → poll throughput {kvot_b:.2f}× B and {kvot_a:.2f}× A (goal ≥ 0.30): "
                     f"{'met' if min(kvot_a, kvot_b) >= 0.30 else 'NOT met'}; load average during: "
                     f"{min(last):.1f}–{max(last):.1f}")
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
