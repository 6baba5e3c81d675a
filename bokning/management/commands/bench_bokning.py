"""manage.py bench_bokning: a vaccination season at realistic volume.

1. 300 vaccination units, 2,000,000 slots over 12 weeks, written with one INSERT … SELECT generate_series
   (about 60 % of the slots already booked, as in a busy season).
2. Free-slot search (the app's lediga-tider): p50/p95/p99 server time of the selector alone and of the whole
   request through Django (token auth, far_agera, JSON), with random filters (unit, date, area or none).
3. Booking throughput: 100 concurrent clients against 1,000 hot slots, through the real app API view, against
   a minimal Django view (same middleware, one SELECT 1) in the same run. Clients are threads, each with its
   own Django test Client (in-process WSGI, no network) and its own database connection from the pool. The
   run then checks: zero double bookings (no slot has more active bookings than places, the counter equals
   the active bookings) and zero lost requests (every request answered 201 or 400 "fullbokad", every 201 has
   its row).

Everything it writes is removed at the end (``--behall`` keeps it). Run it on a database of its own.
"""
from __future__ import annotations

import datetime
import json
import logging
import random
import statistics
import threading
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client, override_settings
from django.utils import timezone

from bokning import selectors
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


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class Command(BaseCommand):
    help = "Mäter fri-tid-sökning och bokningsgenomströmning för en vaccinationssäsong (300 enheter, 2 000 000 tider)."

    def add_arguments(self, parser):
        parser.add_argument("--enheter", type=int, default=300)
        parser.add_argument("--tider", type=int, default=2_000_000)
        parser.add_argument("--veckor", type=int, default=12)
        parser.add_argument("--sokningar", type=int, default=400)
        parser.add_argument("--klienter", type=int, default=100)
        parser.add_argument("--heta", type=int, default=1000, help="Antal heta tider (en plats var).")
        parser.add_argument("--forfragningar", type=int, default=3000, help="Bokningsförsök totalt.")
        parser.add_argument("--behall", action="store_true", help="Låt testdata ligga kvar (och återanvänd den).")
        parser.add_argument("--bara-data", action="store_true", help="Skriv bara data (behålls).")

    def handle(self, *args, enheter, tider, veckor, sokningar, klienter, heta, forfragningar, behall, **options):
        if options.get("bara_data"):
            self.say = self.stdout.write
            self._stada()
            self._skapa(enheter=enheter, tider=tider, veckor=veckor)
            return
        self.say = self.stdout.write
        logging.getLogger("django.request").setLevel(logging.ERROR)  # 400 "fullbokad" is the expected answer
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            self._kor(enheter=enheter, tider=tider, veckor=veckor, sokningar=sokningar, klienter=klienter, heta=heta,
                      forfragningar=forfragningar, behall=behall)

    def _kor(self, *, enheter, tider, veckor, sokningar, klienter, heta, forfragningar, behall):
        self._stada()
        try:
            typ, tidbok = self._skapa(enheter=enheter, tider=tider, veckor=veckor)
            self._sok(typ=typ, antal=sokningar, veckor=veckor)
            self._genomstromning(typ=typ, tidbok=tidbok, klienter=klienter, heta=heta, forfragningar=forfragningar)
        finally:
            if not behall:
                self._stada()

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
        enhet_ids = list(Vardenhet.objects.filter(hsa_id__startswith=HSA_PREFIX, typ=Vardenhet.Typ.VACCINATIONSMOTTAGNING)
                         .values_list("pk", flat=True))
        (person, token), = self._invanare(1)
        rnd = random.Random(7)
        idag = timezone.localdate()

        def filter_():
            val = rnd.randrange(4)
            if val == 0:
                return {"vardenhet_id": rnd.choice(enhet_ids)}
            if val == 1:
                return {"datum": idag + datetime.timedelta(days=rnd.randrange(1, veckor * 7))}
            if val == 2:
                return {"ort": rnd.choice(ORTER)}
            return {}

        selector_ms, traffar = [], []
        for _ in range(antal):
            f = filter_()
            t0 = time.perf_counter()
            resultat = selectors.lediga_tider_sok(invanare=person, tidstyp_id=typ.pk, **f)
            selector_ms.append((time.perf_counter() - t0) * 1000)
            traffar.append(len(resultat))
        client, request_ms = Client(), []
        for _ in range(antal):
            f = filter_()
            params = {"tidstyp": typ.pk}
            if "vardenhet_id" in f:
                params["enhet"] = f["vardenhet_id"]
            if "datum" in f:
                params["datum"] = f["datum"].isoformat()
            if "ort" in f:
                params["ort"] = f["ort"]
            t0 = time.perf_counter()
            svar = client.get("/api/app/v1/bokning/lediga-tider/", params, HTTP_AUTHORIZATION=f"Bearer {token}")
            request_ms.append((time.perf_counter() - t0) * 1000)
            assert svar.status_code == 200, svar.content[:300]
        self.say(f"Fri-tid-sökning ({antal} sökningar var, slumpade filter: enhet/datum/ort/inget; "
                 f"i snitt {statistics.mean(traffar):.0f} träffar):")
        for namn, ms in (("selektor (SQL + objekt)", selector_ms), ("hela anropet via Django", request_ms)):
            self.say(f"  {namn:<26} p50 {_pct(ms, 50):6.1f} ms  p95 {_pct(ms, 95):6.1f} ms  p99 {_pct(ms, 99):6.1f} ms")

    # --- throughput ---

    def _genomstromning(self, *, typ: Tidstyp, tidbok: Tidbok, klienter: int, heta: int, forfragningar: int):
        imorgon = timezone.localdate() + datetime.timedelta(days=1)
        heta_ids = list(Tid.objects.filter(tidbok=tidbok, start__date__gte=imorgon).order_by("start", "pk")
                        .values_list("pk", flat=True)[:heta])
        Tid.objects.filter(pk__in=heta_ids).update(bokade=0)
        personer = self._invanare(klienter, fran=1)
        per_klient = forfragningar // klienter

        # The server side: as many request threads as database connections in the pool (as gunicorn's threads
        # would be); the 100 clients queue for them, and their waiting counts in the measured time.
        server_tradar = connection.settings_dict.get("OPTIONS", {}).get("pool", {}).get("max_size") or 20
        server = threading.BoundedSemaphore(server_tradar)

        def kor(gor) -> tuple[float, list]:
            start, resultat = threading.Barrier(klienter + 1), [[] for _ in range(klienter)]

            def trad(i):
                # raise_request_exception=False: the test client's exception signal is global, so with threads
                # one request's exception would otherwise be re-raised in another thread's client.
                client, ordning = Client(raise_request_exception=False), list(heta_ids)
                random.Random(i).shuffle(ordning)
                ordning = iter(ordning)  # each client tries each hot slot at most once
                start.wait()
                for _ in range(per_klient):
                    try:
                        with server:
                            resultat[i].append(gor(client, i, ordning))
                    except Exception as err:  # a lost request: counted, never raised
                        resultat[i].append(("undantag", repr(err)[:200]))
                connection.close()

            tradar = [threading.Thread(target=trad, args=(i,)) for i in range(klienter)]
            for t in tradar:
                t.start()
            start.wait()
            t0 = time.perf_counter()
            for t in tradar:
                t.join()
            return time.perf_counter() - t0, [r for rr in resultat for r in rr]

        def minimal(client, i, ordning):
            return client.post("/bench/minimal/").status_code

        def boka(client, i, ordning):
            person, token = personer[i]
            svar = client.post("/api/app/v1/bokning/", data=json.dumps({"tid": next(ordning), "halsodeklaration": DEKLARATION}),
                               content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
            if svar.status_code >= 500:
                return svar.status_code, "serverfel"
            return svar.status_code, (svar.json().get("fel") or {}).get("kod")

        with override_settings(ROOT_URLCONF="bokning.bench_urls"):
            bas_tid, bas = kor(minimal)
            bok_tid, bok = kor(boka)
        antal = per_klient * klienter
        lyckade = bok.count((201, None))
        fullbokade = bok.count((400, "fullbokad"))
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
        self.say(f"Bokning: {klienter} samtidiga klienter (trådar, var sin Django-testklient, in-process WSGI) mot "
                 f"{server_tradar} serverplatser (= databaspoolens storlek), {antal} förfrågningar mot {len(heta_ids)} heta tider:")
        self.say(f"  minimal Django-vy (baslinje) {antal / bas_tid:8.0f} förfrågningar/s ({bas.count(200)} av {antal} svar 200)")
        self.say(f"  boknings-API                 {antal / bok_tid:8.0f} förfrågningar/s, {lyckade / bok_tid:6.0f} bokningar/s "
                 f"({bok_tid / bas_tid:.1f} × baslinjens tid)")
        self.say(f"  {lyckade} bokade (201), {fullbokade} fullbokade (400), förlorade/övriga svar: {forlorade}")
        self.say(f"  dubbelbokningar: {dubbel}; bokningsrader på de heta tiderna: {rader} (ska vara {lyckade})")
        ovriga = [r for r in bok if r not in ((201, None), (400, "fullbokad"))]
        if ovriga:
            self.say(f"  exempel på övriga svar: {ovriga[:3]}")

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
