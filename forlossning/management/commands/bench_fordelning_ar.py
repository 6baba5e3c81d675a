"""Issue 16's benchmark: a synthetic year (as bench_forlossning) with delivery weeks from 20 % over to 20 % under
capacity, decided day by day. Prints per weekday the share of overfull women, ranked places lost to an earlier
lower-priority woman of the same week, first choice / top three / mean distance for the rule of issue 16, the rule
before it and the week-level optimum with full hindsight; then times the real runs (``fordelning_kor``) on
PostgreSQL for every day of the year, in one transaction that is rolled back.

    DATABASE_URL=… .venv/bin/python manage.py bench_fordelning_ar [--antal 100000] [--sena 0.03] [--utan-databas]
        [--bara-databas] [--upprepa 5]

The database part follows issue 17's rule: ``--upprepa`` repetitions of the whole year (default 5), each in its own
rolled-back transaction; every day's run is interleaved with a baseline of the same moment (COPY of as many rows as
the run writes, shaped like them, into a temporary table without indexes or keys), so the year's time is reported
as seconds, as a ratio to the baseline, with the load average before and after; then median and spread.
"""
import datetime
import os
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.fordelning import prognos, simulering, snabb
from forlossning.fordelning.korning import fordelning_kor, kliniker_aktiva
from forlossning.management.commands.bench_forlossning import ARSPLAN, Command as RegionCommand, Rollback
from forlossning.models import Beslut, Graviditet, Kapacitet, Onskemal
from invanare.models import Invanare, Postnummer, Vardrelation
from notiser.models import SmsUtgaende

VECKODAGAR = ("mån", "tis", "ons", "tor", "fre", "lör", "sön")


class Command(BaseCommand):
    help = "Ett syntetiskt år beslutat dag för dag: ny regel mot gammal och mot optimum i efterhand; tider i databasen."

    def add_arguments(self, parser):
        parser.add_argument("--antal", type=int, default=100_000)
        parser.add_argument("--valjare", type=float, default=0.6)
        parser.add_argument("--sena", type=float, default=0.03, help="andel som registreras efter 22+0")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--utan-databas", action="store_true", help="bara simuleringen i minnet")
        parser.add_argument("--bara-databas", action="store_true", help="bara körningarna i databasen")
        parser.add_argument("--upprepa", type=int, default=5, help="upprepningar av året i databasen")

    def handle(self, *args, antal, valjare, sena, seed, utan_databas, bara_databas, upprepa, **options):
        w = self.stdout.write
        w(f"belastning före (load average 1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        region = RegionCommand(stdout=self.stdout)
        kliniker = region._kliniker(antal)
        kliniker_lista = sorted(kliniker.items(), key=lambda kv: kv[1].pk)
        idag = timezone.localdate()
        forsta_dag = idag + datetime.timedelta(days=7 - idag.weekday())
        positioner = [(lat, lon) for lat, lon in Postnummer.objects.values_list("lat", "lon") if lat and lon]
        start = time.perf_counter()
        ar = simulering.syntetiskt_ar(antal=antal, andel_valjare=valjare, andel_sena=sena, seed=seed,
                                      forsta_dag=forsta_dag, positioner=positioner,
                                      kliniker=[(k.pk, k.lat, k.lon, ARSPLAN[kort]) for kort, k in kliniker_lista])
        if bara_databas:
            self._databas(antal=antal, valjare=valjare, seed=seed, forsta_dag=forsta_dag, ar=ar, upprepa=upprepa)
            w(f"\nbelastning efter (load average 1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            return
        f = snabb.forbered(ar.kohort, simulering.SEED)
        w(f"Syntetiskt år: {antal} kvinnor, {len(ar.platser)} veckor, {valjare:.0%} med önskemål, "
          f"{int(ar.sen.sum())} registrerade efter 22+0; veckornas kvinnor/platser "
          f"{min(ar.faktor.values()):.2f}–{max(ar.faktor.values()):.2f} ({time.perf_counter() - start:.1f} s)")
        resultat = {}
        for regel, namn in (("ny", "regeln i issue 16 (veckan som helhet)"), ("gammal", "dagens regel (dagskvot)")):
            start = time.perf_counter()
            b = simulering.simulera(ar, f, regel=regel)
            tid = time.perf_counter() - start
            resultat[regel] = simulering.figurer(ar, f, b)
            w(f"\n{namn}: hela året dag för dag i minnet {tid:.2f} s, längsta dag {max(b.sekunder_per_dag):.3f} s")
            self._skriv(resultat[regel])
        start = time.perf_counter()
        opt = simulering.optimum_i_efterhand(ar, f)
        w(f"\noptimum per vecka i efterhand ({time.perf_counter() - start:.1f} s): överfulla {opt['overfulla']}")
        w(f"\n  {'':<34}{'förstahand':>11}{'topp tre':>10}{'medelavst.':>12}{'överfulla':>11}")
        for namn, r in (("regeln i issue 16", resultat["ny"]), ("dagens regel", resultat["gammal"]),
                        ("optimum i efterhand", opt)):
            w(f"  {namn:<34}{r['forsta']:>10.2%}{r['topp3']:>10.2%}{r['medelavstand_km']:>10.2f}km{r['overfulla']:>11}")
        if not utan_databas:
            self._databas(antal=antal, valjare=valjare, seed=seed, forsta_dag=forsta_dag, ar=ar, upprepa=upprepa)
        w(f"\nbelastning efter (load average 1/5/15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    def _skriv(self, r):
        w = self.stdout.write
        rad = "  ".join(f"{d} {o}/{a} = {o / a:.1%}" if a else f"{d} –" for d, (a, o) in zip(VECKODAGAR, r["per_veckodag"],
                                                                                         strict=True))
        w(f"  överfulla per veckodag (BF:s veckodag = dagen för 22+0): {rad}")
        w(f"  chi² veckodag × överfull: {r['chi2']:.1f} (6 frihetsgrader; 12,6 vid 5 %)")
        w(f"  överfulla {r['overfulla']}, varav med önskemål {r['overfulla_valde']}, registrerade sent "
          f"{r['overfulla_sena']}")
        w(f"  rankad plats förlorad till en tidigare beslutad kvinna med lägre prioritet: {r['forlorade_i_tid']} "
          f"registrerade i tid, {r['forlorade_efter_sen']} i tid men efter en sen registrering i veckan, "
          f"{r['forlorade_sena']} registrerade sent")

    def _databas(self, *, antal, valjare, seed, forsta_dag, ar, upprepa):
        w = self.stdout.write
        matningar = []
        for nr in range(1, upprepa + 1):
            w(f"\n===== år {nr} av {upprepa}")
            matningar.append(self._ett_ar(antal=antal, valjare=valjare, seed=seed, forsta_dag=forsta_dag, ar=ar,
                                          prognos_ocksa=nr == 1))
        w(f"\n===== Sammanfattning, {len(matningar)} år i databasen (median, spridning min–max)")
        for namn, nyckel in (("hela året, 365 dagliga körningar (s)", "ar"), ("  dagarnas median (s)", "median"),
                             ("  dagarnas p95 (s)", "p95"), ("  längsta dag (s)", "langsta"),
                             ("baslinje: COPY av samma antal rader, hela året (s)", "baslinje"),
                             ("kvot år / baslinje", "kvot")):
            v = [m[nyckel] for m in matningar]
            w(f"  {namn:<52} median {statistics.median(v):8.3f}  ({min(v):.3f}–{max(v):.3f})  "
              f"[{', '.join(f'{x:.3f}' for x in v)}]")
        w("  belastning 1 min före → efter: " + ", ".join(f"{m['last_fore']:.1f}→{m['last_efter']:.1f}" for m in matningar))
        w("  mål (issue 16): en dags körning < 1 s, hela året dag för dag < 60 s")

    def _ett_ar(self, *, antal, valjare, seed, forsta_dag, ar, prognos_ocksa):
        """Every day of the year through ``fordelning_kor`` (read, decide, write, SMS, optimum and greedy, the COMMIT's
        key checks), the same region and week capacities written with COPY; all women registered in time (the late
        ones' runs are timed by bench_forlossning's one-day figures). Each day's run is interleaved with the
        baseline (before the run on even days, after it on odd ones)."""
        w = self.stdout.write
        with connection.cursor() as cursor:
            for model in (Invanare, Graviditet, Onskemal, Beslut, Vardrelation, SmsUtgaende):
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
        region = RegionCommand(stdout=self.stdout)
        import random

        try:
            with transaction.atomic():
                kliniker = kliniker_aktiva()
                region._ladda(antal=antal, andel_valjare=valjare, forsta_dag=forsta_dag, kliniker=kliniker,
                              postnummer=list(Postnummer.objects.values_list("postnummer", "lat", "lon")),
                              rng=random.Random(seed))
                kolumn = {k: i for i, k in enumerate(ar.kohort.kliniker)}
                for kap in Kapacitet.objects.filter(vecka__gte=gv.vecka_start(gv.bf_for_beslutsdag(forsta_dag))):
                    v = kap.vecka.toordinal()
                    if v in ar.platser and kap.klinik_id in kolumn:
                        Kapacitet.objects.filter(pk=kap.pk).update(platser=ar.platser[v][kolumn[kap.klinik_id]])
                region._fk_kontroll()
                if prognos_ocksa:
                    start = time.perf_counter()
                    veckor = prognos.prognos(idag=forsta_dag)
                    w(f"\nPlanerarens prognos (efter den dagliga körningen): {len(veckor)} veckor framåt, "
                      f"{sum(p.kanda for p in veckor)} kända kvinnor, {sum(1 for p in veckor if p.antal_overfulla)} "
                      f"med brist: {time.perf_counter() - start:.3f} s")
                with connection.cursor() as cursor:
                    cursor.execute("CREATE TEMP TABLE bench_ar_baslinje (a bigint, b bigint, c date, d bigint, "
                                   "e int, f bool, g int, h bool, i timestamptz) ON COMMIT DROP")
                last_fore = os.getloadavg()[0]
                per_dag = round(antal / 365)  # the women a day's run decides (274 of 100,000)
                tider, baslinje, start_ar = [], 0.0, time.perf_counter()
                for d in range(365):
                    dag = forsta_dag + datetime.timedelta(days=d)
                    if d % 2 == 0:
                        baslinje += self._baslinje(3 * per_dag)
                    start = time.perf_counter()
                    fordelning_kor(nu=timezone.make_aware(datetime.datetime.combine(dag, datetime.time(1, 30))))
                    region._fk_kontroll()
                    tider.append(time.perf_counter() - start)
                    if d % 2 == 1:
                        baslinje += self._baslinje(3 * per_dag)
                totalt = sum(tider)
                last_efter = os.getloadavg()[0]
                sorterade = sorted(tider)
                w(f"\nDatabasen, {antal} graviditeter, 365 dagliga körningar (körning + optimum + girig + "
                  f"främmande nycklar), belastning {last_fore:.2f} → {last_efter:.2f}:")
                w(f"  hela året {totalt:.1f} s (väggklocka med baslinjerna {time.perf_counter() - start_ar:.1f} s); "
                  f"per dag median {sorterade[182]:.3f} s, p95 {sorterade[346]:.3f} s, längsta {sorterade[-1]:.3f} s")
                w(f"  baslinje (COPY av 3 × {per_dag} rader per dag, inflätad): {baslinje:.2f} s; "
                  f"kvot {totalt / baslinje:.1f}×")
                w(f"  beslut: {Beslut.objects.filter(vecka__gte=gv.vecka_start(gv.bf_for_beslutsdag(forsta_dag))).count()}")
                raise Rollback
        except Rollback:
            w("  (allt som skrevs är återställt)")
        return {"ar": totalt, "median": sorterade[182], "p95": sorterade[346], "langsta": sorterade[-1],
                "baslinje": baslinje, "kvot": totalt / baslinje, "last_fore": last_fore, "last_efter": last_efter}

    def _baslinje(self, antal: int) -> float:
        """As many rows as the day's run writes (decision, care relation and SMS per woman), COPYed into a temporary
        table without indexes or keys: the machine's write speed and one round trip at this moment."""
        nu = timezone.now()
        dag = nu.date()
        start = time.perf_counter()
        with connection.cursor() as cursor:
            with cursor.copy("COPY bench_ar_baslinje FROM STDIN") as copy:
                for i in range(antal):
                    copy.write_row((i, i % 7, dag, 1, i % 8, True, i * 3, False, nu))
        return time.perf_counter() - start
