"""manage.py bench_bokning: a vaccination season at realistic volume.

1. 300 vaccination units, 2,000,000 slots over 12 weeks, written with one INSERT … SELECT generate_series
   (about 60 % of the slots already booked, as in a busy season); one unit fully booked.
2. Free-slot search (the app's lediga-tider), the whole request through Django (token auth, far_agera, JSON), per
   filter: unit, date, area, none, and the searches that find nothing and so cannot stop early (an area with no
   unit, the fully booked unit, a date with no slots). ``--runder`` rounds, the filters and the baseline (a minimal
   Django view through the same client) interleaved request by request; per filter the median p95 over the rounds,
   its spread and its ratio to the baseline's p95 in the same round.
3. Booking under true concurrency, over real HTTP to gunicorn (gthread workers, started by the command):
   ``--klienter`` clients, each with its connection open, released at once in every round, ten of them after each
   hot one-place slot; then the same against the minimal view (baseline). Checks: zero double bookings (no slot has
   more active bookings than places, the counter equals the active bookings) and zero lost requests (every request
   answered 201 or 400 "fullbokad", every 201 has its row).

Everything it writes is removed at the end (``--behall`` keeps it, and a later ``--behall`` run reuses it).
Run it on a database of its own.
"""
from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import random
import socket
import statistics
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F
from django.test import Client, override_settings
from django.utils import timezone

from bokning.models import Bokning, Resurs, Tid, Tidbok, Tidstyp
from invanare.app_api.auth import app_session_create
from invanare.models import AppSession, Invanare, Vardrelation
from vardportalen.models import Vardenhet

HSA_PREFIX = "SE2321000016-BENCH"
ID_PREFIX = "1850"
ORTER = ["Kista", "Solna", "Sundbyberg", "Täby", "Södertälje", "Huddinge", "Nacka", "Lidingö", "Järfälla", "Botkyrka",
         "Haninge", "Tyresö", "Värmdö", "Norrtälje", "Sollentuna", "Upplands Väsby", "Vallentuna", "Danderyd",
         "Ekerö", "Sigtuna"]
DEKLARATION = {"feber_idag": False, "allvarlig_allergisk_reaktion": False, "gravid": False, "blodfortunnande": False}


def _ledig(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


async def _samtidigt(*, port: int, klienter: int, rundor: int, begaran) -> tuple[float, list[tuple[int, bytes]]]:
    """``rundor`` rounds; in each, every client opens its connection first, then all send at the same moment (an
    event), and the round ends when all have their answers. ``begaran(i, runda)`` gives (method, path, headers,
    body). Returns the total time of the rounds and (status, body) per request; a failed connection is status 0."""
    svar: list[tuple[int, bytes]] = []

    async def en(i, runda, start: asyncio.Event, redo: list):
        metod, vag, huvuden, kropp = begaran(i, runda)
        rader = [f"{metod} {vag} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
                 f"Content-Length: {len(kropp)}", *(f"{k}: {v}" for k, v in huvuden.items()), "", ""]
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError as err:
            redo.append(1)
            return 0, repr(err).encode()
        redo.append(1)
        await start.wait()
        try:
            writer.write("\r\n".join(rader).encode() + kropp)
            await writer.drain()
            data = await asyncio.wait_for(reader.read(), timeout=120)
        except (OSError, asyncio.TimeoutError) as err:
            return 0, repr(err).encode()
        finally:
            writer.close()
        status = int(data[9:12]) if data.startswith(b"HTTP/") else 0
        return status, data.partition(b"\r\n\r\n")[2]

    totalt = 0.0
    for runda in range(rundor):
        start, redo = asyncio.Event(), []
        uppgifter = [asyncio.create_task(en(i, runda, start, redo)) for i in range(klienter)]
        while len(redo) < klienter:
            await asyncio.sleep(0.005)
        t0 = time.perf_counter()
        start.set()
        svar += await asyncio.gather(*uppgifter)
        totalt += time.perf_counter() - t0
    return totalt, svar


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Command(BaseCommand):
    help = "Mäter fri-tid-sökning och bokningsgenomströmning för en vaccinationssäsong (300 enheter, 2 000 000 tider)."

    def add_arguments(self, parser):
        parser.add_argument("--enheter", type=int, default=300)
        parser.add_argument("--tider", type=int, default=2_000_000)
        parser.add_argument("--veckor", type=int, default=12)
        parser.add_argument("--sokningar", type=int, default=40, help="Sökningar per filter och runda.")
        parser.add_argument("--runder", type=int, default=5, help="Omgångar (median och spridning).")
        parser.add_argument("--klienter", type=int, default=100)
        parser.add_argument("--heta", type=int, default=300, help="Antal heta tider (en plats var).")
        parser.add_argument("--forfragningar", type=int, default=3000, help="Bokningsförsök totalt.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn-processer (gthread).")
        parser.add_argument("--threads", type=int, default=10, help="trådar per process (= databaspoolens storlek)")
        parser.add_argument("--portar", default="9250-9299", help="Portintervall för gunicorn.")
        parser.add_argument("--behall", action="store_true", help="Låt testdata ligga kvar (och återanvänd den).")
        parser.add_argument("--bara-data", action="store_true", help="Skriv bara data (behålls).")

    def handle(self, *args, **o):
        self.say = lambda text="": (self.stdout.write(text), self.stdout.flush())
        self.o = o
        logging.getLogger("django.request").setLevel(logging.ERROR)  # 400 "fullbokad" is the expected answer
        self.say(f"bench_bokning {timezone.now():%Y-%m-%d %H:%M} UTC, {os.cpu_count()} kärnor, load average "
                 f"{os.getloadavg()[0]:.1f} (delad maskin)")
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver", "127.0.0.1"]):
            befintlig = self._befintlig() if o["behall"] or o["bara_data"] else None
            try:
                if befintlig is None:
                    self._stada()
                    befintlig = self._skapa(enheter=o["enheter"], tider=o["tider"], veckor=o["veckor"])
                else:
                    self.say("Data: behållen från en tidigare körning.")
                if o["bara_data"]:
                    return
                typ, tidbok = befintlig
                self._sok(typ=typ, antal=o["sokningar"], veckor=o["veckor"])
                self._genomstromning(typ=typ, tidbok=tidbok)
            finally:
                if not (o["behall"] or o["bara_data"]):
                    self._stada()

    def _befintlig(self):
        tidbok = Tidbok.objects.filter(vardenhet__hsa_id=f"{HSA_PREFIX}REG").first()
        if tidbok is None or not Tid.objects.filter(tidbok=tidbok).exists():
            return None
        return Tidstyp.objects.get(kod="vaccination-covid-19"), tidbok

    # --- data ---

    def _skapa(self, *, enheter: int, tider: int, veckor: int):
        t0 = time.perf_counter()
        typ = Tidstyp.objects.get(kod="vaccination-covid-19")
        region = Vardenhet.objects.create(hsa_id=f"{HSA_PREFIX}REG", namn="Bench regional tidbok", typ=Vardenhet.Typ.REGIONAL)
        tidbok = Tidbok.objects.create(namn="Bench gemensam vaccinationstidbok", vardenhet=region, gemensam=True)
        units = Vardenhet.objects.bulk_create([
            Vardenhet(hsa_id=f"{HSA_PREFIX}{i:05d}", namn=f"{ORTER[i % len(ORTER)]} {i} - vaccination covid - Bench AB",
                      typ=Vardenhet.Typ.VACCINATIONSMOTTAGNING, ort=ORTER[i % len(ORTER)], gatuadress=f"Benchgatan {i}",
                      postnummer="11520")
            for i in range(enheter)
        ])
        tidbok.deltagande_enheter.add(*units)
        dagar = veckor * 7
        per_resurs_och_dag = 40
        resurser_per_enhet = max(1, -(-tider // (enheter * dagar * per_resurs_och_dag)))
        Resurs.objects.bulk_create([Resurs(vardenhet=u, namn=f"Bås {r + 1}", typ=Resurs.Typ.RUM)
                                    for u in units for r in range(resurser_per_enhet)])
        t1 = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO bokning_tid (tidbok_id, vardenhet_id, tidstyp_id, resurs_id, start, slut, kapacitet, bokade, skapad)
                SELECT %(tidbok)s, r.vardenhet_id, %(typ)s, r.id, s.start, s.start + interval '10 minutes', 1,
                       CASE WHEN random() < 0.6 THEN 1 ELSE 0 END, now()
                FROM bokning_resurs r
                JOIN vardportalen_vardenhet v ON v.id = r.vardenhet_id AND v.hsa_id LIKE %(prefix)s
                CROSS JOIN generate_series(1, %(dagar)s) AS d(dag)
                CROSS JOIN generate_series(0, %(per)s - 1) AS n(nr)
                CROSS JOIN LATERAL (
                    SELECT ((current_date + d.dag)::timestamp + interval '8 hours' + n.nr * interval '10 minutes')
                           AT TIME ZONE 'Europe/Stockholm' AS start
                ) s
                ORDER BY d.dag, n.nr, r.id
                LIMIT %(tider)s
                """,
                {"tidbok": tidbok.pk, "typ": typ.pk, "prefix": f"{HSA_PREFIX}%", "dagar": dagar,
                 "per": per_resurs_och_dag, "tider": tider},
            )
            skapade = cursor.rowcount
            cursor.execute("ANALYZE bokning_tid")
        t2 = time.perf_counter()
        antal_text = f"{skapade:,}".replace(",", " ")
        self.say(f"Data: {enheter} enheter, {antal_text} tider över {veckor} veckor ({resurser_per_enhet} resurser/enhet). "
                 f"Enheter {t1 - t0:.1f} s, tider (INSERT … SELECT generate_series, inkl. index och uteslutningsvillkor) "
                 f"{t2 - t1:.1f} s.")
        return typ, tidbok

    def _invanare(self, antal: int, *, fran: int = 0) -> list[tuple[Invanare, str]]:
        personer = Invanare.objects.bulk_create([
            Invanare(id_typ="personnummer", id_nummer=f"{ID_PREFIX}{i:08d}", fornamn="Bench", efternamn=f"Person {i}")
            for i in range(fran, fran + antal)
        ])
        return [(p, app_session_create(invanare=p, eid_metod="test")[1]) for p in personer]

    # --- search ---

    def _sok(self, *, typ: Tidstyp, antal: int, veckor: int):
        enheter = list(Vardenhet.objects.filter(hsa_id__startswith=HSA_PREFIX, typ=Vardenhet.Typ.VACCINATIONSMOTTAGNING)
                       .order_by("hsa_id").values_list("pk", flat=True))
        fullbokad = enheter[0]  # booked out over the whole season: searches for it find nothing
        Tid.objects.filter(vardenhet_id=fullbokad).update(bokade=F("kapacitet"))
        self._personer_bort(Invanare.objects.filter(id_nummer__startswith=ID_PREFIX, fornamn="Bench"))
        (person, token), = self._invanare(1)
        rnd = random.Random(7)
        idag = timezone.localdate()
        filter_ = {
            "enhet": lambda: {"enhet": rnd.choice(enheter[1:])},
            "datum": lambda: {"datum": (idag + datetime.timedelta(days=rnd.randrange(1, veckor * 7))).isoformat()},
            "ort": lambda: {"ort": rnd.choice(ORTER)},
            "inget filter": lambda: {},
            "ort utan enhet (0 träffar)": lambda: {"ort": "Kiruna"},
            "fullbokad enhet (0 träffar)": lambda: {"enhet": fullbokad},
            "datum utan tider (0 träffar)": lambda: {"datum": (idag + datetime.timedelta(days=veckor * 7 + 3)).isoformat()},
        }
        client = Client()
        url, auth = "/api/app/v1/bokning/lediga-tider/", {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        bas = "baslinje: minimal Django-vy"
        p95 = {namn: [] for namn in [bas, *filter_]}
        traffar = {namn: [] for namn in filter_}
        last = []
        with override_settings(ROOT_URLCONF="portal.bench_urls"):
            for _ in range(3):  # warm-up
                client.get("/bench/minimal/")
                for namn, f in filter_.items():
                    client.get(url, {"tidstyp": typ.pk, **f()}, **auth)
            for _runda in range(self.o["runder"]):
                last.append(os.getloadavg()[0])
                ms = {namn: [] for namn in p95}
                for _ in range(antal):
                    t0 = time.perf_counter()
                    assert client.get("/bench/minimal/").status_code == 200
                    ms[bas].append((time.perf_counter() - t0) * 1000)
                    for namn, f in filter_.items():
                        t0 = time.perf_counter()
                        svar = client.get(url, {"tidstyp": typ.pk, **f()}, **auth)
                        ms[namn].append((time.perf_counter() - t0) * 1000)
                        assert svar.status_code == 200, svar.content[:300]
                        traffar[namn].append(len(svar.json()["tider"]))
                for namn in p95:
                    p95[namn].append(_pct(ms[namn], 95))
        last.append(os.getloadavg()[0])
        self.say(f"Fri-tid-sökning, hela anropet via Django (testklient, in-process): {self.o['runder']} omgångar × {antal} "
                 f"sökningar per filter, filtren och baslinjen varvade; p95 per omgång: median (min–max), ms; "
                 f"load average {min(last):.1f}–{max(last):.1f}:")
        varst = 0.0
        for namn in p95:
            kvot = [x / y for x, y in zip(p95[namn], p95[bas])]
            tr = f"  i snitt {statistics.mean(traffar[namn]):.0f} träffar" if namn in traffar else ""
            self.say(f"  {namn:<30} p95 {statistics.median(p95[namn]):6.1f} ({min(p95[namn]):.1f}–{max(p95[namn]):.1f})"
                     f"  × baslinjen {statistics.median(kvot):4.1f} ({min(kvot):.1f}–{max(kvot):.1f}){tr}")
            if namn != bas:
                varst = max(varst, statistics.median(p95[namn]))
        self.say(f"  → högsta p95 (median över omgångarna) {varst:.1f} ms (mål < 50 ms för varje filter): "
                 f"{'uppfyllt' if varst < 50 else 'EJ uppfyllt'}")

    # --- throughput, over HTTP to gunicorn ---

    def _genomstromning(self, *, typ: Tidstyp, tidbok: Tidbok):
        klienter, rundor = self.o["klienter"], max(1, self.o["forfragningar"] // self.o["klienter"])
        per_runda = max(1, self.o["heta"] // rundor)
        imorgon = timezone.localdate() + datetime.timedelta(days=1)
        heta_ids = list(Tid.objects.filter(tidbok=tidbok, start__date__gte=imorgon).exclude(vardenhet__hsa_id=f"{HSA_PREFIX}00000")
                        .order_by("start", "pk").values_list("pk", flat=True)[:per_runda * rundor])
        Bokning.objects.filter(tid_id__in=heta_ids).delete()
        Tid.objects.filter(pk__in=heta_ids).update(bokade=0)
        self._personer_bort(Invanare.objects.filter(id_nummer__startswith=ID_PREFIX, fornamn="Bench")
                            .exclude(efternamn="Person 0"))
        personer = self._invanare(klienter, fran=1)
        port = self._gunicorn_start()
        try:
            def minimal(i, runda):
                return "GET", "/bench/minimal/", {}, b""

            def boka(i, runda):
                tid = heta_ids[runda * per_runda + i % per_runda]
                kropp = json.dumps({"tid": tid, "halsodeklaration": DEKLARATION}).encode()
                return "POST", "/api/app/v1/bokning/", {"Authorization": f"Bearer {personer[i][1]}",
                                                         "Content-Type": "application/json"}, kropp

            last = [os.getloadavg()[0]]
            bas_tid, bas = asyncio.run(_samtidigt(port=port, klienter=klienter, rundor=rundor, begaran=minimal))
            bok_tid, bok = asyncio.run(_samtidigt(port=port, klienter=klienter, rundor=rundor, begaran=boka))
            last.append(os.getloadavg()[0])
        finally:
            self._gunicorn.terminate()
            self._gunicorn.wait(timeout=30)
        antal = rundor * klienter
        lyckade = sum(1 for st, kropp in bok if st == 201)
        fullbokade = sum(1 for st, kropp in bok if st == 400 and b'"fullbokad"' in kropp)
        forlorade = antal - lyckade - fullbokade
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT count(*) FILTER (WHERE t.bokade > t.kapacitet OR t.bokade <> coalesce(b.n, 0) OR coalesce(b.n, 0) > t.kapacitet),
                       coalesce(sum(b.n), 0)
                FROM bokning_tid t
                LEFT JOIN (SELECT tid_id, count(*) n FROM bokning_bokning WHERE status = 'bokad' GROUP BY tid_id) b ON b.tid_id = t.id
                WHERE t.id = ANY(%s)
                """,
                [heta_ids],
            )
            dubbel, rader = cursor.fetchone()
        self.say(f"Bokning över HTTP till gunicorn ({self.o['workers']} gthread-processer × {self.o['threads']} trådar, "
                 f"databaspool {self.o['threads']} per process): {klienter} klienter med öppna anslutningar släpps "
                 f"samtidigt i varje omgång, {rundor} omgångar, {klienter // per_runda} klienter per het tid och omgång, "
                 f"{antal} förfrågningar mot {len(heta_ids)} heta tider; load average {min(last):.1f}–{max(last):.1f}:")
        self.say(f"  minimal Django-vy (baslinje) {antal / bas_tid:8.0f} förfrågningar/s "
                 f"({sum(1 for st, _k in bas if st == 200)} av {antal} svar 200)")
        self.say(f"  boknings-API                 {antal / bok_tid:8.0f} förfrågningar/s, {lyckade / bok_tid:6.0f} bokningar/s "
                 f"({bok_tid / bas_tid:.1f} × baslinjens tid)")
        self.say(f"  {lyckade} bokade (201), {fullbokade} fullbokade (400), förlorade/övriga svar: {forlorade}")
        self.say(f"  dubbelbokningar: {dubbel}; bokningsrader på de heta tiderna: {rader} (ska vara {lyckade})")
        ovriga = [(st, kropp[:120]) for st, kropp in bok if st != 201 and not (st == 400 and b'"fullbokad"' in kropp)]
        if ovriga:
            self.say(f"  exempel på övriga svar: {ovriga[:3]}")

    def _personer_bort(self, personer):
        Bokning.objects.filter(invanare__in=personer).delete()
        Vardrelation.objects.filter(invanare__in=personer).delete()
        AppSession.objects.filter(invanare__in=personer).delete()
        personer.delete()

    def _gunicorn_start(self) -> int:
        fran, till = (int(x) for x in self.o["portar"].split("-"))
        port = next(p for p in range(fran, till + 1) if _ledig(p))
        # The database this command runs on, also when it is the embedded server's Unix socket (`make test`).
        from devtools.embedded import database_url_from_settings

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.dev", "DJANGO_DEBUG": "false",
               "DATABASE_URL": database_url_from_settings(connection.settings_dict),
               "DATABASE_POOL": "true", "DATABASE_POOL_MAX": str(self.o["threads"]), "DATABASE_POOL_MIN": "1"}
        self._gunicorn = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "portal.bench_wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--worker-class", "gthread", "--workers", str(self.o["workers"]), "--threads", str(self.o["threads"]),
             "--backlog", "2048", "--no-control-socket", "--log-level", "warning", "--timeout", "120"],
            env=env, cwd=settings.BASE_DIR, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return port
            except OSError:
                time.sleep(0.1)
        self._gunicorn.terminate()
        raise RuntimeError("gunicorn startade inte")

    # --- cleanup ---

    def _stada(self):
        with transaction.atomic():
            bench_tidbocker = Tidbok.objects.filter(vardenhet__hsa_id__startswith=HSA_PREFIX)
            Bokning.objects.filter(tid__tidbok__in=bench_tidbocker).delete()
            personer = Invanare.objects.filter(id_nummer__startswith=ID_PREFIX, fornamn="Bench")
            Vardrelation.objects.filter(invanare__in=personer).delete()
            AppSession.objects.filter(invanare__in=personer).delete()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM bokning_tid WHERE tidbok_id IN (SELECT id FROM bokning_tidbok WHERE vardenhet_id IN "
                               "(SELECT id FROM vardportalen_vardenhet WHERE hsa_id LIKE %s))", [f"{HSA_PREFIX}%"])
            Resurs.objects.filter(vardenhet__hsa_id__startswith=HSA_PREFIX).delete()
            bench_tidbocker.delete()
            personer.delete()
            Vardenhet.objects.filter(hsa_id__startswith=HSA_PREFIX).delete()
