"""Benchmark of the week-22 allocation on PostgreSQL (the issue's figures). Everything it writes is rolled
back at the end, so it can run against any database (never production).

    DATABASE_URL=… .venv/bin/python manage.py bench_forlossning [--antal 100000] [--valjare 0.6] [--upprepa 5]

Issue 17's rule for benchmarks: ``--upprepa`` repetitions (default 5), each a fresh region in its own rolled-back
transaction, the whole-region run sandwiched between two COPY baselines of as many rows (so the machine's moment
hits both); per repetition the run + its COMMIT's key checks, the baseline and their ratio, the load average; then
the median and spread over the repetitions.
"""
import datetime
import os
import random
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.fordelning import snabb
from forlossning.fordelning.korning import fordelning_kor, kliniker_aktiva, kohort_las, veckolage_las, veckor_i
from forlossning.models import Beslut, Graviditet, Kapacitet, Onskemal
from invanare.models import Invanare, Postnummer, Vardrelation
from notiser.models import SmsUtgaende
from invanare.demodata.writer import allocate_ids, write_rows
from vardportalen.models import Vardenhet

ARSPLAN = {"Södersjukhuset": 6700, "Danderyd": 5500, "Huddinge": 4200, "BB Stockholm": 4000, "Solna": 3200,
           "Södertälje": 2500, "S:t Göran": 2000}
POSITIONER = {"Danderyd": (59.3915, 18.0405), "BB Stockholm": (59.3915, 18.0405), "Solna": (59.3497, 18.0327),
              "Huddinge": (59.2221, 17.9384), "S:t Göran": (59.3357, 18.0185), "Södersjukhuset": (59.3106, 18.0529),
              "Södertälje": (59.1826, 17.6322)}


class Rollback(Exception):
    pass


def _last() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class Command(BaseCommand):
    help = "Mät fördelningen vid 22+0: en dags kohort, hela regionen i en körning, DA mot optimum och girig."

    def add_arguments(self, parser):
        parser.add_argument("--antal", type=int, default=100_000)
        parser.add_argument("--valjare", type=float, default=0.6)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--upprepa", type=int, default=5, help="upprepningar (varje med ny region och baslinje)")
        parser.add_argument("--invanare", type=int, default=0,
                            help="fyll på med invånare utan graviditet (sparas mellan körningar) till minst så här "
                                 "många i databasen, t.ex. 2400000 för regionens storlek")

    def handle(self, *args, antal, valjare, seed, invanare, upprepa, **options):
        if invanare:
            self._fyll_pa_invanare(invanare)
        w = self.stdout.write
        self.matningar = []
        for nr in range(1, upprepa + 1):
            w(f"\n===== upprepning {nr} av {upprepa}; belastning före (load average 1/5/15 min): {_last()}")
            # Earlier runs rolled back 100,000s of rows: vacuum them away first, as autovacuum would have in a
            # database in use, so that neither bloat nor stale statistics from them are measured.
            with connection.cursor() as cursor:
                for model in (Invanare, Graviditet, Onskemal, Beslut, Vardrelation, SmsUtgaende):
                    cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(model._meta.db_table)}")
            try:
                with transaction.atomic():
                    self._kor(antal=antal, andel_valjare=valjare, seed=seed, kontroller=nr == 1)
                    raise Rollback
            except Rollback:
                w("(allt som benchmarken skrev är återställt)")
        self._sammanfatta()

    def _sammanfatta(self):
        w = self.stdout.write
        m = self.matningar
        if not m:
            return
        w(f"\n===== Sammanfattning, {len(m)} upprepningar (median, spridning min–max)")
        for namn, nyckel, enhet in (
                ("hela regionen: körning + nyckelkontroll vid COMMIT", "region", "s"),
                ("  varav körningen (läs + besluta + skriv)", "korning", "s"),
                ("  varav nyckelkontrollen vid COMMIT", "fk", "s"),
                ("baslinje: COPY av lika många rader (medel före/efter)", "baslinje", "s"),
                ("kvot region / baslinje", "kvot", "×"),
                ("en dags kohort: körning + nyckelkontroll", "dag", "s"),
                ("belastning 1 min före → efter", None, "")):
            if nyckel is None:
                w(f"  {namn:<58} " + ", ".join(f"{x['last_fore']:.1f}→{x['last_efter']:.1f}" for x in m))
                continue
            v = [x[nyckel] for x in m]
            w(f"  {namn:<58} median {statistics.median(v):7.3f} {enhet}  ({min(v):.3f}–{max(v):.3f})   "
              f"[{', '.join(f'{x:.3f}' for x in v)}]")
        w("  mål (issue 17): hela regionen < 7 s med COMMIT vid belastning 3, en dags kohort < 0,5 s")

    def _t(self, namn, start):
        s = time.perf_counter() - start
        cpu = time.process_time() - self._cpu
        self.stdout.write(f"  {namn:<52} {s:8.3f} s   (CPU i den här processen {cpu:.3f} s)")
        return s

    def _start(self):
        self._cpu = time.process_time()
        return time.perf_counter()

    def _kor(self, *, antal, andel_valjare, seed, kontroller=True):
        rng = random.Random(seed)
        w = self.stdout.write
        w(f"Syntetisk region: {antal} graviditeter över ett år, {andel_valjare:.0%} med önskemål, seed {seed}")
        start = self._start()
        idag = timezone.localdate()
        forsta_dag = idag + datetime.timedelta(days=7 - idag.weekday())  # next Monday: 22+0 of week 1
        self._kliniker(antal)  # the seven clinics (created when missing)
        kliniker_aktiva_nu = kliniker_aktiva()
        postnummer = list(Postnummer.objects.values_list("postnummer", "lat", "lon"))
        self._ladda(antal=antal, andel_valjare=andel_valjare, forsta_dag=forsta_dag, kliniker=kliniker_aktiva_nu,
                    postnummer=postnummer, rng=rng)
        self._fk_kontroll()  # the region's own rows: checked now, so that only the runs' checks are timed below
        self._t("skapa regionen (COPY, ingår inte i målen)", start)

        import scipy.optimize  # noqa: F401 - a worker imports it once; not part of a run's time

        w("\nEn dags kohort (daglig körning, läs + besluta + skriv + optimum + girig):")
        nu1 = timezone.make_aware(datetime.datetime.combine(forsta_dag, datetime.time(1, 30)))
        start = self._start()
        k1 = fordelning_kor(nu=nu1)
        t1 = self._t(f"dag 1: {k1.antal} kvinnor", start)
        start = self._start()
        self._fk_kontroll()
        fk1 = self._t("  + främmande nycklar kontrolleras (sker annars vid COMMIT)", start)
        w(f"    körning + kontroll vid COMMIT: {t1 + fk1:.3f} s")
        w(f"    faser: {k1.resultat['sekunder']}")
        matning = {"dag": t1 + fk1, "last_fore": os.getloadavg()[0]}

        sista = forsta_dag + datetime.timedelta(days=7 * 53)
        if kontroller:
            self._i_minnet(sista=sista, kliniker_aktiva_nu=kliniker_aktiva_nu, rng=rng)
        self._hela_regionen(sista=sista, matning=matning)

    def _i_minnet(self, *, sista, kliniker_aktiva_nu, rng):
        w = self.stdout.write
        w("\nDeferred acceptance i minnet på hela kohorten: tio omkörningar och blandad indata")
        import numpy as np

        start = self._start()
        kohort = kohort_las(idag=sista, kliniker=kliniker_aktiva_nu)
        per_vecka = veckor_i(kohort)
        lagen, _andel = veckolage_las(veckor=sorted(per_vecka), kliniker=kliniker_aktiva_nu,
                                      okanda={v: len(i) for v, i in per_vecka.items()}, sena_nu={})
        kap = {v: [max(p - b, 0) for p, b in zip(lage.platser, lage.inom, strict=True)] for v, lage in lagen.items()}
        self._t(f"läs kohorten, {len(kohort)} kvinnor (en fråga, avstånd i numpy)", start)

        def da_alla(kohort_i):
            f = snabb.forbered(kohort_i, "bench")
            res = {}
            for v, index in veckor_i(kohort_i).items():
                (pl, kl), _utan = snabb.uppskjuten_acceptans(f, index, kap[v])
                res.update(zip(kohort_i.gid[pl].tolist(), kl.tolist(), strict=True))
            return res

        start = self._start()
        referens = da_alla(kohort)
        t_da = self._t(f"DA (förberedelse + alla veckor), {len(kohort)} kvinnor", start)
        start = self._start()
        f = snabb.forbered(kohort, "bench")
        for v, index in per_vecka.items():
            snabb.girig(f, index, kap[v])
        t_girig = self._t("girig (baslinje, samma indata, förberedelse inräknad)", start)
        w(f"    DA / girig: {t_da / t_girig:.1f}x")
        lika = 0
        for i in range(10):
            blandad = kohort.delmangd(np.array(rng.sample(range(len(kohort)), len(kohort)))) if i % 2 else kohort
            lika += da_alla(blandad) == referens
        w(f"    identiska beslut: {lika} av 10 (varannan med blandad ordning)")

    def _hela_regionen(self, *, sista, matning):
        # One run per transaction: a second run in it would write over the first one's dead rows (its rollback
        # leaves them in the tables and indexes until a VACUUM) and measure that instead.
        w = self.stdout.write
        w("\nHela regionen i en körning (läs + besluta + skriv i PostgreSQL; optimum och girig efter COMMIT):")
        antal = Graviditet.objects.filter(avslutad__isnull=True, beslut__isnull=True).count()
        start = self._start()
        self._baslinje_copy(antal)
        fore = self._t(f"baslinje före: COPY av {antal} rader till en tabell utan index eller nycklar", start)
        nu2 = timezone.make_aware(datetime.datetime.combine(sista, datetime.time(1, 30)))
        start = self._start()
        k2 = fordelning_kor(nu=nu2)
        self._t(f"{k2.antal} kvinnor, allt (körningen och jämförelsen efter den)", start)
        sek = k2.resultat["sekunder"]
        w(f"    körningen (läs + besluta + skriv, i transaktionen):        {k2.sekunder:8.3f} s")
        start = self._start()
        self._fk_kontroll()
        fk = self._t("  + främmande nycklar kontrolleras (sker annars vid COMMIT)", start)
        start = self._start()
        self._baslinje_copy(antal)
        efter = self._t("baslinje efter: samma COPY igen", start)
        baslinje = (fore + efter) / 2
        w(f"    körning + kontroll vid COMMIT: {k2.sekunder + fk:.3f} s  ({(k2.sekunder + fk) / baslinje:.1f}× baslinjen, "
          f"medel av före och efter {baslinje:.3f} s)")
        matning.update(region=k2.sekunder + fk, korning=k2.sekunder, fk=fk, baslinje=baslinje,
                       kvot=(k2.sekunder + fk) / baslinje, last_efter=os.getloadavg()[0])
        self.matningar.append(matning)
        w(f"    jämförelsen efter COMMIT: optimum {sek.get('optimum', 0):.3f} s + girig {sek.get('girig', 0):.3f} s")
        w(f"    faser: {sek}")
        w(f"    belastning (load average 1/5/15 min): {_last()}")
        w(f"    beslut i databasen från körningen: {Beslut.objects.filter(korning=k2).count()}")
        resultat, gap = k2.resultat, k2.gap

        w("\nJämförelse (hela körningen):")
        w(f"  {'metod':<22}{'förstahand':>12}{'topp tre':>10}{'medelavst.':>12}{'utan plats':>12}  målfunktion")
        for namn, nyckel in (("uppskjuten acceptans", "da"), ("exakt optimum", "optimum"), ("girig", "girig")):
            r = resultat[nyckel]
            w(f"  {namn:<22}{r['forsta'] / r['valde']:>11.1%}{r['topp3'] / r['valde']:>10.1%}"
              f"{r['summa_avstand_m'] / r['antal'] / 1000:>10.2f}km{r['overfulla']:>12}  {r['objektiv']}")
        w(f"  gap DA − optimum (exakt, heltal): {gap}  ({gap / resultat['optimum']['objektiv']:.4%} av optimum)")

    def _fyll_pa_invanare(self, totalt: int) -> None:
        """Citizens without a pregnancy, so the cohort's and the SMS statement's joins meet a region-sized citizen
        table. Committed and kept (efternamn "Utfyllnad"); only what is missing is written."""
        start = self._start()
        finns = Invanare.objects.count()
        saknas = totalt - finns - 100_000  # the region's own women are written (and rolled back) by every run
        if saknas > 0:
            postnummer = list(Postnummer.objects.values_list("postnummer", "lat", "lon"))
            rng = random.Random(0)
            forsta = Invanare.objects.filter(efternamn="Utfyllnad").count()
            ids = allocate_ids(Invanare, saknas)
            nu = timezone.now()
            with transaction.atomic():
                write_rows(Invanare, ["id", "id_typ", "id_nummer", "fornamn", "efternamn", "kon", "postnummer", "lat",
                                      "lon", "mobilnummer", "skapad", "uppdaterad"],
                           ((ids[i], "reservnummer", f"97{forsta + i:010d}", "Bench", "Utfyllnad", "K",
                             *rng.choice(postnummer), f"070-{i % 1000:03d} {i % 100:02d} 01", nu, nu)
                            for i in range(saknas)))
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM (ANALYZE) {connection.ops.quote_name(Invanare._meta.db_table)}")
        self._t(f"invånare i databasen före regionen: {Invanare.objects.count():,}", start)

    def _baslinje_copy(self, antal: int) -> int:
        """The machine's write speed at this moment: ``antal`` rows shaped like a decision COPYed into a temporary
        table without indexes or keys (the ratio against it is steadier than seconds on a shared machine)."""
        with connection.cursor() as cursor:
            cursor.execute("CREATE TEMP TABLE bench_baslinje (a bigint, b bigint, c date, d bigint, e int, f bool, "
                           "g int, h bool, i timestamptz) ON COMMIT DROP")
            nu = timezone.now()
            dag = nu.date()
            with cursor.copy("COPY bench_baslinje FROM STDIN") as copy:
                for i in range(antal):
                    copy.write_row((i, i % 7, dag, 1, i % 8, True, i * 3, False, nu))
            cursor.execute("DROP TABLE bench_baslinje")
        return antal

    def _fk_kontroll(self):
        """Run the deferred foreign-key checks now (Django's foreign keys are checked at COMMIT, and this
        benchmark never commits): what a real run's COMMIT would add."""
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _kliniker(self, antal):
        kliniker = {k.namn: k for k in Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, aktiv=True)}
        resultat = {}
        for kort, (lat, lon) in POSITIONER.items():
            enhet = next((k for n, k in kliniker.items() if kort in n), None)
            if enhet is None:
                enhet = Vardenhet.objects.create(hsa_id=f"SE2321000016-B{len(resultat):03d}", namn=f"Bench {kort}",
                                                 typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, lat=lat, lon=lon)
            resultat[kort] = enhet
        return resultat

    def _ladda(self, *, antal, andel_valjare, forsta_dag, kliniker, postnummer, rng):
        forsta_bf = gv.bf_for_beslutsdag(forsta_dag)
        veckor = [gv.vecka_start(forsta_bf) + datetime.timedelta(weeks=i) for i in range(54)]
        namn_per_id = {k.pk: k.namn for k in kliniker}
        summa = sum(ARSPLAN.values())
        Kapacitet.objects.filter(vecka__in=veckor).delete()
        rader = []
        for k in kliniker:
            kort = next(n for n in ARSPLAN if n in namn_per_id[k.pk]) if any(n in namn_per_id[k.pk] for n in ARSPLAN) else None
            andel = ARSPLAN[kort] / summa if kort else 1 / len(kliniker)
            rader += [Kapacitet(klinik=k, vecka=v, platser=round(antal / 52 * andel * 1.025)) for v in veckor]
        Kapacitet.objects.bulk_create(rader)
        inv_ids = allocate_ids(Invanare, antal)
        g_ids = allocate_ids(Graviditet, antal)
        invanare, gravida, onskemal = [], [], []
        bmm = kliniker[0]
        nu = timezone.now()
        for i in range(antal):
            pn, lat, lon = rng.choice(postnummer)
            invanare.append((inv_ids[i], "reservnummer", f"98{inv_ids[i]:010d}"[-12:], "Bench", f"Gravid{i}", "K",
                             pn, lat, lon, f"070-{i % 1000:03d} {i % 100:02d} 00", nu, nu))
            bf = forsta_bf + datetime.timedelta(days=i * 365 // antal)
            gravida.append((g_ids[i], inv_ids[i], bf - datetime.timedelta(days=200), bf, nu, bmm.pk, "SE2321000016-BENCH",
                            "Bench"))
            if rng.random() < andel_valjare:
                vikter = [1 / (1 + ((k.lat - lat) ** 2 + ((k.lon - lon) * 0.5) ** 2) ** 0.5 * 50) for k in kliniker]
                val = []
                for _ in range(rng.randint(1, 7)):
                    kand = [k for k in kliniker if k.pk not in val]
                    val.append(rng.choices(kand, weights=[vikter[kliniker.index(k)] for k in kand])[0].pk)
                onskemal += [(g_ids[i], kid, r) for r, kid in enumerate(val, 1)]
        write_rows(Invanare, ["id", "id_typ", "id_nummer", "fornamn", "efternamn", "kon", "postnummer", "lat", "lon",
                              "mobilnummer", "skapad", "uppdaterad"], invanare)
        write_rows(Graviditet, ["id", "invanare_id", "mhv1_datum", "bf", "registrerad", "registrerad_vid_id",
                                "registrerad_av_hsa_id", "registrerad_av_namn"], gravida)
        write_rows(Onskemal, ["graviditet_id", "klinik_id", "rang"], onskemal)
        from invanare.demodata.writer import analyze

        analyze(Invanare, Graviditet, Onskemal, Beslut)
