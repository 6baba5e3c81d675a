"""Benchmark of proxies, blocks and locks on the demo population (200,000 citizens by default).

    DATABASE_URL=… REDIS_URL=… .venv/bin/python manage.py bench_invanare [--invanare 200000] [--varv 500]

Loads the demo population first when the database has fewer citizens (the other domains' demo steps are
not run). Everything the benchmark writes (a few proxies, blocks and locks, the daily job's history, the
re-import) is rolled back at the end. Baselines measured in the same run, on the same connection:
- per call: ``Invanare.objects.get(pk=…)`` (one indexed round trip);
- per app request: GET /halsa/ in process (a minimal @public view: one SELECT 1);
- daily job: ``SELECT count(*)`` over all citizens (one sequential scan);
- CSV import: reading the same guardianships with ``values_list`` and writing them as CSV.
"""
from __future__ import annotations

import csv
import io
import random
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test import Client
from django.utils import timezone

from invanare.aldersgranser import ombud_alder_avsluta
from invanare.app_api.auth import app_session_create
from invanare.behorighet import Syfte, far_agera, huvudman_for, ombud_for, senaste_fodelsedag
from invanare.models import AppSession, Invanare, Kontosparr, OmbudBlockering, Vardnadshavarskap
from invanare.ombud_selectors import ombudsoversikt
from invanare.vardnadsimport import vardnadshavare_import


class _Rollback(Exception):
    pass


def _tider(funktion, argument) -> list[float]:
    tider = []
    for a in argument:
        start = time.perf_counter()
        funktion(a)
        tider.append(time.perf_counter() - start)
    return tider


class Command(BaseCommand):
    help = "Benchmark far_agera, the proxy overview, the app API, the daily age job and the guardian import."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--invanare", type=int, default=200_000)
        parser.add_argument("--varv", type=int, default=500, help="calls per per-call measurement")
        parser.add_argument("--seed", type=int, default=1)

    def say(self, text=""):
        self.stdout.write(text)
        self.stdout.flush()

    def rad(self, namn, tider, bas_ms=None):
        med = statistics.median(tider) * 1000
        p95 = sorted(tider)[int(0.95 * (len(tider) - 1))] * 1000
        kvot = f"  = {med / bas_ms:6.1f} × baslinjen" if bas_ms else ""
        self.say(f"  {namn:<60} median {med:9.3f} ms  p95 {p95:9.3f} ms{kvot}")
        return med

    def handle(self, *args, invanare: int, varv: int, seed: int, **options):
        settings.DEBUG = False  # as in production: no query log kept in memory
        antal = Invanare.objects.count()
        if antal < invanare:
            from invanare.demodata import loader

            self.say(f"Databasen har {antal} invånare; laddar demobefolkningen ({invanare}) utan andra domäners steg …")
            loader.DEMO_STEPS = []
            loader.demo_load(invanare=invanare, seed=seed, reset=True, report=self.say)
            antal = Invanare.objects.count()
        rng = random.Random(seed)
        idag = timezone.localdate()
        self.say(f"{antal} invånare, {Vardnadshavarskap.objects.count()} vårdnadshavarskap; {varv} anrop per mätning.")
        try:
            with transaction.atomic():
                self._mat(rng, idag, varv)
                raise _Rollback
        except _Rollback:
            self.say("Allt som skrevs under mätningen är återställt.")

    def _mat(self, rng, idag, varv):
        grans13 = senaste_fodelsedag(idag, 13)
        par = list(
            Vardnadshavarskap.objects.filter(barn__fodelsedatum__gt=grans13, till__isnull=True)
            .select_related("barn", "vardnadshavare")
            .order_by("?")[:varv]
        )
        if not par:
            self.say("Inga barn under 13 år med vårdnadshavare: kör demo_load först.")
            return
        # Some blocks and locks so that the checks meet them as in production.
        for v in par[: len(par) // 20]:
            OmbudBlockering.objects.create(
                huvudman=v.barn, ombud=v.vardnadshavare, blankett="BLA-46557", anledning="bench", beslutsdatum=idag,
                beslutsfattare_hsa_id="bench", beslutsfattare_namn="bench", registrerad_av_hsa_id="bench",
                vardenhet_hsa_id="bench",
            )
        for v in par[len(par) // 20 : len(par) // 10]:
            Kontosparr.objects.get_or_create(invanare=v.barn, havd__isnull=True, defaults={"orsak": "lvu"})
        pks = list(Invanare.objects.values_list("pk", flat=True).order_by("?")[:varv])

        self.say("\nPer anrop (i processen, samma anslutning):")
        bas_ms = self.rad("baslinje: Invanare.objects.get(pk)", _tider(lambda pk: Invanare.objects.get(pk=pk), pks))
        self.rad("far_agera vårdnadshavare → barn (DOKUMENT)", _tider(
            lambda v: far_agera(aktor=v.vardnadshavare, for_invanare=v.barn, syfte=Syfte.DOKUMENT), par), bas_ms)
        self.rad("far_agera sig själv", _tider(
            lambda v: far_agera(aktor=v.vardnadshavare, for_invanare=v.vardnadshavare, syfte=Syfte.DOKUMENT), par), bas_ms)
        self.rad("huvudman_for (appens \"byt person\"-lista)", _tider(
            lambda v: huvudman_for(aktor=v.vardnadshavare), par), bas_ms)
        self.rad("ombud_for (e-dokumentens mottagare)", _tider(
            lambda v: ombud_for(invanare=v.barn, syfte=Syfte.DOKUMENT), par), bas_ms)
        self.rad("ombudsoversikt (översiktens sektion)", _tider(
            lambda v: ombudsoversikt(invanare=v.barn, vardenhet_id=0), par), bas_ms)

        self.say("\nAppens API i processen (Django test Client):")
        client = Client(HTTP_HOST="127.0.0.1")
        halsa = self.rad("baslinje: GET /halsa/", _tider(lambda _: client.get("/halsa/"), par))
        tokens = []
        for v in par[len(par) // 10 :]:  # the blocked and locked ones would answer 403
            session, token = app_session_create(invanare=v.vardnadshavare, eid_metod="bench")
            AppSession.objects.filter(pk=session.pk).update(agerar_for=v.barn)
            tokens.append(token)
        status = {}

        def person(t):
            svar = client.get("/api/app/v1/person/", HTTP_AUTHORIZATION=f"Bearer {t}")
            status[svar.status_code] = status.get(svar.status_code, 0) + 1

        self.rad("GET /api/app/v1/person/ som ombud för barnet", _tider(person, tokens), halsa)
        self.say(f"  svarskoder: {status}")

        self.say("\nDagliga jobbet ombud_13_ar_avsluta (hela befolkningen):")
        with connection.cursor() as cur:
            scan = _tider(lambda _: cur.execute("SELECT count(*) FROM invanare_invanare") or cur.fetchone(), range(5))
        scan_ms = self.rad("baslinje: SELECT count(*) FROM invanare_invanare", scan)
        start = time.perf_counter()
        res = ombud_alder_avsluta(dag=idag)
        forsta = time.perf_counter() - start
        self.rad(f"första körningen ({res.upphorda_vardnadshavare} upphörda, {res.bytta_sessioner} sessioner)",
                 [forsta], scan_ms)
        self.rad("andra körningen (idempotent, inget nytt)", _tider(lambda _: ombud_alder_avsluta(dag=idag), range(3)), scan_ms)

        self.say("\nImport av vårdnadshavarskap från CSV (alla befintliga rader, upsert utan ändring):")
        rader = list(
            Vardnadshavarskap.objects.filter(Q(till__isnull=True))
            .values_list("barn__id_nummer", "vardnadshavare__id_nummer", "fran")
        )

        def till_csv(_):
            buf = io.StringIO()
            w = csv.writer(buf)
            w.writerow(["barn", "vardnadshavare", "fran"])
            for b, v, f in Vardnadshavarskap.objects.filter(till__isnull=True).values_list(
                "barn__id_nummer", "vardnadshavare__id_nummer", "fran"
            ):
                w.writerow([b, v, f.isoformat()])
            return buf.getvalue()

        las_ms = self.rad(f"baslinje: läsa {len(rader)} rader och skriva CSV", _tider(till_csv, range(1)))
        text = till_csv(None)
        start = time.perf_counter()
        res = vardnadshavare_import(text=text)
        tid = time.perf_counter() - start
        self.rad(f"import_vardnadshavare ({res.sparade} rader, {len(res.fel)} fel)", [tid], las_ms)
        self.say(f"  {len(rader) / tid:,.0f} rader per sekund".replace(",", " "))
