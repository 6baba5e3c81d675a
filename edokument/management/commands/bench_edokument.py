"""Benchmark of edokument on realistic volumes (see docs/edokument.md for the figures).

    manage.py bench_edokument [--dokument 1000000] [--forfallna 20000] [--skala 10] [--lista 5000] [--brev 200]

1. Writes N documents with their app deliveries for a bench unit (SQL generate_series), of which
   ``--forfallna`` are unread and older than 48 hours, as many more are watched but not yet due, and the
   rest are read.
2. Times the sweep (``utskriftslista_svep``) against a plain ``INSERT … SELECT`` of the same rows into the
   same table, on the same data, ``--varv`` times interleaved (median, spread, and the ratio within each run);
   prints the sweep's EXPLAIN. Between runs the same due rows are put back (DELETE + UPDATE) without a VACUUM,
   so the dead rows a real night leaves are there too.
3. Adds (skala−1)×N documents, of which the same share as at 1× are watched but not yet due, so that the
   watched rows (the sweep's partial index) grow (skala)× with the table while the due rows stay the same; times
   the sweep again the same way.
4. Print-list page: ``--lista`` entries on a second unit, p50/p95 of the page (in-process, server time) and
   the number of queries, against a list of 50 entries.
5. A ``--brev``-letter print batch rendered by ``utskriftsomgang_rendera`` in a Celery worker that the
   command starts itself.

Everything it writes belongs to two bench units and is deleted at the end (``--behall`` keeps it), except
the access-log rows of the page views, which are append-only by design.
"""
from __future__ import annotations

import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from edokument.models import Dokument, Leverans, Utskriftslistepost, Utskriftsomgang
from edokument.selectors import SIDSTORLEK
from edokument.svep import _SQL, OLAST_GRANS, utskriftslista_svep
from invanare.models import Invanare
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet

D, L, P = Dokument._meta.db_table, Leverans._meta.db_table, Utskriftslistepost._meta.db_table
BENCH_HSA = ("SE2321000016-BENCHA", "SE2321000016-BENCHB")
STAFF_HSA = "SE2321000016-BENCHP"


def _p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


class Command(BaseCommand):
    help = "Benchmark the 48-hour sweep, the print-list page and the print PDF (see docs/edokument.md)."

    def add_arguments(self, parser):
        parser.add_argument("--dokument", type=int, default=1_000_000)
        parser.add_argument("--forfallna", type=int, default=20_000)
        parser.add_argument("--skala", type=int, default=10)
        parser.add_argument("--lista", type=int, default=5_000)
        parser.add_argument("--brev", type=int, default=200)
        parser.add_argument("--varv", type=int, default=5, help="interleaved runs of each sweep measurement (median)")
        parser.add_argument("--utan-lista-pdf", action="store_true", help="only the sweep")
        parser.add_argument("--behall", action="store_true", help="keep the bench data")

    def handle(self, *args, **o):
        self.o = o
        self.out(f"bench_edokument {timezone.now():%Y-%m-%d %H:%M} – {os.cpu_count()} cores, "
                 f"load average {os.getloadavg()[0]:.2f} (shared machine: other engineers' jobs run alongside)")
        self._stada()
        self.enhet_a, self.enhet_b, self.uppdrag_b = self._enheter()
        self.invanare_ids = self._invanare(2000)
        try:
            steg = max(2, o["dokument"] // o["forfallna"])
            self._data(n=o["dokument"], steg=steg, start=0, tillvaxt=False)
            svep1, bas1, kvot1 = self._mat_svep("1×")
            self._explain()
            self._data(n=o["dokument"] * (o["skala"] - 1), steg=steg, start=o["dokument"], tillvaxt=True)
            svep10, bas10, kvot10 = self._mat_svep(f"{o['skala']}×")
            self.out(f"\nSWEEP SUMMARY (load average now {os.getloadavg()[0]:.1f}): 1× sweep median {svep1:.3f} s "
                     f"({o['forfallna'] / svep1:,.0f} rows/s), plain INSERT…SELECT {bas1:.3f} s → sweep throughput "
                     f"{1 / kvot1:.0%} of plain (median of the per-run ratios; target ≥ 50 %)")
            self.out(f"               {o['skala']}× table, {o['skala']}× watched rows: sweep median {svep10:.3f} s = "
                     f"{svep10 / svep1:.2f}× the 1× time (target ≤ 1.2×); plain {bas10:.3f} s = {bas10 / bas1:.2f}×; "
                     f"sweep/plain {kvot1:.2f} at 1×, {kvot10:.2f} at {o['skala']}× → load-corrected growth "
                     f"{kvot10 / kvot1:.2f}×")
            if not o["utan_lista_pdf"]:
                self._lista()
                self._pdf()
        finally:
            if not o["behall"]:
                self._stada()

    def out(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    # --- data ---

    def _enheter(self):
        a, _ = Vardenhet.objects.get_or_create(hsa_id=BENCH_HSA[0], defaults={
            "namn": "Bench vårdcentral A", "typ": "vardcentral", "gatuadress": "Benchgatan 1", "postnummer": "11520",
            "ort": "Stockholm"})
        b, _ = Vardenhet.objects.get_or_create(hsa_id=BENCH_HSA[1], defaults={
            "namn": "Bench vårdcentral B", "typ": "vardcentral", "gatuadress": "Benchgatan 2", "postnummer": "11520",
            "ort": "Stockholm"})
        person = Medarbetare.objects.filter(hsa_id=STAFF_HSA).first() or Medarbetare.objects.create_user(
            STAFF_HSA, fornamn="Bench", efternamn="Skrivare")
        uppdrag, _ = Medarbetaruppdrag.objects.get_or_create(
            medarbetare=person, vardenhet=b, roll=Roll.ADMINISTRATOR,
            defaults={"giltig_fran": timezone.localdate() - datetime.timedelta(days=1)})
        return a, b, uppdrag

    def _invanare(self, n):
        befintliga = list(Invanare.objects.filter(id_nummer__startswith="18").values_list("pk", flat=True)[:n])
        if len(befintliga) >= n:
            return befintliga
        Invanare.objects.bulk_create([
            Invanare(id_typ="personnummer", id_nummer=f"18{i:010d}", fornamn="Bench", efternamn=f"Person {i}",
                     fodelsedatum=datetime.date(1960, 1, 1), gatuadress=f"Benchvägen {i}", postnummer="11520",
                     ort="Stockholm", konto="registrerat")
            for i in range(n)
        ], ignore_conflicts=True)
        return list(Invanare.objects.filter(id_nummer__startswith="18").values_list("pk", flat=True)[:n])

    def _data(self, *, n, steg, start, tillvaxt):
        """n documents and app deliveries in one SQL statement each. Row g is due when g % steg == 0, watched but
        not yet due when g % steg == 1, otherwise read; in the growth step (``tillvaxt``) rows g % steg == 0 are
        watched-not-due too, so that the watched rows grow with the table and the due ones do not."""
        t0 = time.perf_counter()
        nu = timezone.now()
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE IF NOT EXISTS bench_ids (ids bigint[])")
            cur.execute("DELETE FROM bench_ids")
            cur.execute("INSERT INTO bench_ids VALUES (%s)", [self.invanare_ids])
            for fran in range(start, start + n, 1_000_000):
                till = min(start + n, fran + 1_000_000)
                with transaction.atomic():
                    cur.execute(f"""
                        WITH d AS (
                            INSERT INTO {D} (invanare_id, vardenhet_id, typ, status, rubrik, text, plats, ar_avbokning,
                                bokning_ref, skyddad_bekraftad, skickas_som_ebrev, skapad, skickat, skapad_av_hsa_id,
                                skapad_av_namn)
                            SELECT ids[1 + g %% array_length(ids, 1)], %(enhet)s, 'ekallelse', 'skickat',
                                'Kallelse ' || g, 'Välkommen till mottagningen.', '', false, '', false, false,
                                s.t, s.t, %(hsa)s, 'Bench'
                            FROM bench_ids, generate_series(%(fran)s, %(till)s - 1) g,
                            LATERAL (SELECT CASE
                                WHEN NOT %(tillvaxt)s AND g %% %(steg)s = 0
                                    THEN %(nu)s - interval '49 hours' - (g %% 1000) * interval '1 minute'
                                WHEN g %% %(steg)s IN (0, 1)
                                    THEN %(nu)s - (g %% 2800) * interval '1 minute'
                                ELSE %(nu)s - interval '3 days' - (g %% 525600) * interval '1 minute' END AS t) s
                            RETURNING id, invanare_id, skickat
                        )
                        INSERT INTO {L} (dokument_id, kanal, mottagare_id, relation, brevlada, status, orsak, skickad,
                            last, bevakas)
                        SELECT d.id, 'app', d.invanare_id, 'sjalv', '',
                            CASE WHEN d.skickat >= %(nu)s - interval '49 hours' - interval '1000 minutes'
                                 THEN 'olast' ELSE 'last' END, '', d.skickat,
                            CASE WHEN d.skickat >= %(nu)s - interval '49 hours' - interval '1000 minutes'
                                 THEN NULL ELSE d.skickat + interval '2 hours' END,
                            d.skickat >= %(nu)s - interval '49 hours' - interval '1000 minutes'
                        FROM d
                    """, {"enhet": self.enhet_a.pk, "hsa": STAFF_HSA, "fran": fran, "till": till,
                          "steg": steg, "nu": nu, "tillvaxt": tillvaxt})
            # Statistics for the planner, as autovacuum's analyze would give them; no VACUUM (a favour the real
            # tables do not get right before the night's sweep).
            cur.execute(f"ANALYZE {D}")
            cur.execute(f"ANALYZE {L}")
            cur.execute(f"SELECT count(*) FROM {D} WHERE vardenhet_id = %s", [self.enhet_a.pk])
            totalt = cur.fetchone()[0]
            cur.execute(f"SELECT count(*) FILTER (WHERE skickad <= %s), count(*) FROM {L} WHERE bevakas",
                        [nu - OLAST_GRANS])
            due, watched = cur.fetchone()
        self.out(f"data: +{n:,} documents in {time.perf_counter() - t0:.1f} s → {totalt:,} on the unit; "
                 f"watched {watched:,}, due {due:,}")

    # --- sweep ---

    def _aterstall(self, cur, due_ids):
        """The same due rows watched again and the print list emptied; no VACUUM in between (see _data)."""
        cur.execute(f"DELETE FROM {P} WHERE vardenhet_id = %s", [self.enhet_a.pk])
        cur.execute(f"UPDATE {L} SET bevakas = true WHERE id = ANY(%s)", [due_ids])

    def _mat_svep(self, etikett):
        nu = timezone.now()
        grans = nu - OLAST_GRANS
        with connection.cursor() as cur:
            cur.execute(f"SELECT array_agg(id) FROM {L} WHERE bevakas AND skickad <= %s", [grans])
            due_ids = cur.fetchone()[0] or []
            plain, svep = [], []
            for _ in range(self.o["varv"]):
                self._aterstall(cur, due_ids)
                t0 = time.perf_counter()
                with transaction.atomic():
                    cur.execute(f"""
                        INSERT INTO {P} (dokument_id, vardenhet_id, dokumenttyp, orsak, skapad, utskriven_av_hsa_id,
                            utskriven_av_namn)
                        SELECT d.id, d.vardenhet_id, d.typ, 'olast_48h', %s, '', ''
                        FROM {L} l JOIN {D} d ON d.id = l.dokument_id WHERE l.bevakas AND l.skickad <= %s
                    """, [nu, grans])
                    plain_rader = cur.rowcount
                plain.append(time.perf_counter() - t0)
                self._aterstall(cur, due_ids)
                resultat = utskriftslista_svep(nu=nu)
                svep.append(resultat.sekunder)
                assert resultat.nya_poster == len(due_ids) == plain_rader, (resultat, len(due_ids), plain_rader)
            self._aterstall(cur, due_ids)
        s, b = statistics.median(svep), statistics.median(plain)
        kvot = statistics.median([x / y for x, y in zip(svep, plain)])
        cur = connection.cursor()
        cur.execute(f"SELECT count(*) FROM {L} WHERE bevakas")
        bevakade = cur.fetchone()[0]
        self.out(f"sweep {etikett}: {len(due_ids):,} due rows of {bevakade:,} watched; {len(svep)} runs interleaved with "
                 f"the baseline (load average {os.getloadavg()[0]:.1f}): sweep median {s:.3f} s "
                 f"({min(svep):.3f}–{max(svep):.3f}; {len(due_ids) / s:,.0f} rows/s, {resultat.batcher} batches); plain "
                 f"INSERT…SELECT median {b:.3f} s ({min(plain):.3f}–{max(plain):.3f}); sweep/plain per run median "
                 f"{kvot:.2f}; runs sweep {[round(x, 3) for x in svep]} plain {[round(x, 3) for x in plain]}")
        return s, b, kvot

    def _explain(self):
        with connection.cursor() as cur, transaction.atomic():
            cur.execute("EXPLAIN " + _SQL, {"grans": timezone.now() - OLAST_GRANS, "batch": 5000, "orsak": "olast_48h",
                                            "nu": timezone.now()})
            plan = [r[0] for r in cur.fetchall()]
            transaction.set_rollback(True)
        self.out("EXPLAIN of one sweep batch:")
        for rad in plan:
            self.out("    " + rad)
        self.out(f"partial index leverans_bevakning_idx used: {any('leverans_bevakning_idx' in r for r in plan)}")

    # --- print-list page ---

    def _lista(self):
        from django.conf import settings as s

        n = self.o["lista"]
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {P} WHERE vardenhet_id = %s", [self.enhet_b.pk])
            cur.execute(f"""
                WITH d AS (
                    INSERT INTO {D} (invanare_id, vardenhet_id, typ, status, rubrik, text, plats, ar_avbokning,
                        bokning_ref, skyddad_bekraftad, skickas_som_ebrev, skapad, skickat, skapad_av_hsa_id,
                        skapad_av_namn)
                    SELECT (SELECT ids FROM bench_ids)[1 + g %% %(m)s], %(enhet)s, 'ekallelse', 'skickat', 'Brev ' || g,
                        'Text', '', false, '', false, false, now() - g * interval '1 minute',
                        now() - g * interval '1 minute', %(hsa)s, 'Bench'
                    FROM generate_series(1, %(n)s) g RETURNING id, skickat
                )
                INSERT INTO {P} (dokument_id, vardenhet_id, dokumenttyp, orsak, skapad, utskriven_av_hsa_id,
                    utskriven_av_namn)
                SELECT id, %(enhet)s, 'ekallelse', 'ingen_kanal', skickat, '', '' FROM d
            """, {"m": len(self.invanare_ids), "enhet": self.enhet_b.pk, "hsa": STAFF_HSA, "n": n})
            cur.execute(f"ANALYZE {P}")
        s.ALLOWED_HOSTS = [*s.ALLOWED_HOSTS, "testserver"]
        client = Client()
        client.force_login(self.uppdrag_b.medarbetare)
        session = client.session
        session[SESSION_LOGIN_TIME] = time.time()
        session[SESSION_UPPDRAG] = self.uppdrag_b.pk
        session.save()
        url = "/edokument/utskriftslista/"
        assert client.get(url).status_code == 200
        # The first and the last page (keyset: read from the end), interleaved with the baseline (a minimal Django
        # view, /halsa/: one SELECT 1) through the same client, in five rounds.
        p95 = {"baseline": [], "page 1": [], "last page": []}
        for _runda in range(5):
            tider = {k: [] for k in p95}
            for _ in range(20):
                for namn, adress, fraga in (("baseline", "/halsa/", {}), ("page 1", url, {}),
                                            ("last page", url, {"sista": "1"})):
                    t0 = time.perf_counter()
                    svar = client.get(adress, fraga)
                    tider[namn].append((time.perf_counter() - t0) * 1000)
                    assert svar.status_code == 200
            for namn in p95:
                p95[namn].append(_p(tider[namn], 0.95))
        kvot = [x / y for x, y in zip(p95["last page"], p95["page 1"])]
        for namn in ("page 1", "last page"):
            bas = [x / y for x, y in zip(p95[namn], p95["baseline"])]
            self.out(f"  {namn}: p95 {statistics.median(p95[namn]):.1f} ms ({min(p95[namn]):.1f}–{max(p95[namn]):.1f}), "
                     f"× the minimal view's p95 in the same round {statistics.median(bas):.1f} "
                     f"({min(bas):.1f}–{max(bas):.1f}); baseline p95 {statistics.median(p95['baseline']):.1f} ms")
        self.out(f"print-list page, {n:,} entries ({SIDSTORLEK} per page), test client, 5 rounds × 20 interleaved "
                 f"(load average {os.getloadavg()[0]:.1f}): p95 page 1 {statistics.median(p95['page 1']):.1f} ms "
                 f"({min(p95['page 1']):.1f}–{max(p95['page 1']):.1f}), last page "
                 f"{statistics.median(p95['last page']):.1f} ms ({min(p95['last page']):.1f}–{max(p95['last page']):.1f}); "
                 f"last/first {statistics.median(kvot):.2f}× (target p95 < 100 ms, last page ≈ first)")
        tider = tider["page 1"]
        with CaptureQueriesContext(connection) as stor:
            client.get(url)
        with connection.cursor() as cur:  # a short list for the query-count comparison
            cur.execute(f"UPDATE {P} SET utskriven = now() WHERE vardenhet_id = %s AND id NOT IN "
                        f"(SELECT id FROM {P} WHERE vardenhet_id = %s ORDER BY id LIMIT 50)",
                        [self.enhet_b.pk, self.enhet_b.pk])
        with CaptureQueriesContext(connection) as liten:
            client.get(url)
        self.out(f"print-list page, {n:,} entries ({SIDSTORLEK} shown per page): p50 {statistics.median(tider):.1f} ms, "
                 f"p95 {_p(tider, 0.95):.1f} ms, max {max(tider):.1f} ms (target p95 < 100 ms); queries: "
                 f"{len(stor)} with {n:,} entries, {len(liten)} with 50 entries")

    # --- PDF in a Celery worker ---

    def _pdf(self):
        from edokument.tasks import utskriftsomgang_rendera

        n = self.o["brev"]
        poster = list(Utskriftslistepost.objects.filter(vardenhet=self.enhet_b).order_by("pk")[:n])
        Utskriftslistepost.objects.filter(pk__in=[p.pk for p in poster]).update(utskriven=None)
        omgang = Utskriftsomgang.objects.create(vardenhet=self.enhet_b, skapad_av_hsa_id=STAFF_HSA,
                                                skapad_av_namn="Bench", antal=n)
        Utskriftslistepost.objects.filter(pk__in=[p.pk for p in poster]).update(omgang=omgang, utskriven=timezone.now())
        queue = f"bench-edokument-{os.getpid()}"
        log = Path(settings.BASE_DIR) / "var" / "bench_edokument_worker.log"
        log.parent.mkdir(exist_ok=True)
        env = dict(os.environ, DATABASE_POOL="false")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "vardportalen", "worker", "--pool=solo", "-Q", queue,
             "--without-gossip", "--without-mingle", "-n", f"{queue}@%h", "-l", "WARNING"],
            cwd=settings.BASE_DIR, env=env, stdout=open(log, "wb"), stderr=subprocess.STDOUT, start_new_session=True)
        try:
            t0 = time.perf_counter()
            utskriftsomgang_rendera.apply_async(args=[omgang.pk], queue=queue)
            while True:
                omgang.refresh_from_db(fields=["status", "renderingstid_ms", "sidor"])
                if omgang.status != Utskriftsomgang.Status.VANTAR or time.perf_counter() - t0 > 600:
                    break
                time.sleep(0.25)
            vagg = time.perf_counter() - t0
        finally:
            worker.terminate()
            worker.wait(30)
        self.out(f"PDF: {n} letters rendered in a Celery worker: status {omgang.status}, {omgang.sidor} pages, "
                 f"render {omgang.renderingstid_ms / 1000:.1f} s inside the task, {vagg:.1f} s from enqueue to done "
                 f"(incl. worker start-up)")

    # --- cleanup ---

    def _stada(self):
        enheter = list(Vardenhet.objects.filter(hsa_id__in=BENCH_HSA).values_list("pk", flat=True))
        if not enheter:
            return
        t0 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {P} WHERE vardenhet_id = ANY(%s)", [enheter])
            cur.execute("DELETE FROM edokument_utskriftsomgang WHERE vardenhet_id = ANY(%s)", [enheter])
            cur.execute(f"DELETE FROM {L} WHERE dokument_id IN (SELECT id FROM {D} WHERE vardenhet_id = ANY(%s))",
                        [enheter])
            cur.execute(f"DELETE FROM {D} WHERE vardenhet_id = ANY(%s)", [enheter])
        self.out(f"cleanup of earlier bench data: {time.perf_counter() - t0:.1f} s")
