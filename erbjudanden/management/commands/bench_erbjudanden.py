"""manage.py bench_erbjudanden: a regional campaign at region scale.

1. N citizens (default 2,400,000, the region) written with one INSERT … SELECT generate_series: ages spread
   over 0–94, a share folkbokförda in Stockholm city (0180), most with a registered account, the rest with a
   mobile number, a few protected, reservnummer and locked.
2. The target group "65 years and older, folkbokförd in 0180, not booked in the regional timebook": count and
   reachability (one query), timed.
3. The send (the real service: chunks by primary key, INSERT … SELECT … ON CONFLICT DO NOTHING, SMS for the
   SMS-only, progress per chunk) against a plain INSERT … SELECT of the same rows for a second offer, in the
   same run: offers written per second and the ratio.
Everything runs in one transaction that is rolled back (unless --behall).

Repeated measurements on the same data: ``--bara-data`` writes the citizens and commits them (run it under
``nice``), ``--befintliga --varv 5`` then repeats steps 2–4 five times on them (the offers of each round are
removed, the citizens stay), and ``--stada`` removes everything the bench wrote. The citizens are spread so that
the group is about a twelfth of them (200,000 of 2,400,000, the issue's sizes).

4. With --sida: the offers pages while a send runs. The citizens are committed this time (the send runs in
   another process, as the worker would), a third offer is sent by that process, and meanwhile
   this process requests, through the whole Django stack as the regional administrator, the offers list, the
   progress partial the page polls (htmx) and the offer's whole page, interleaved with a minimal view (the
   same middleware, one SELECT 1) in the same run: p50/p95 of each and the ratio to the minimal view, with the
   load average. Its rows are deleted afterwards (unless --behall).
"""
from __future__ import annotations

import datetime
import os
import subprocess
import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from bokning.models import Tidbok, Tidstyp
from erbjudanden.models import Erbjudande, Mottagare
from erbjudanden.selectors import INGEN, med_kanal, rackvidd
from erbjudanden.services import erbjudande_skicka
from vardportalen.models import Vardenhet


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Riktade erbjudanden: målgrupp ur hela regionen och massutskick, mot en ren INSERT … SELECT."

    def add_arguments(self, parser):
        parser.add_argument("--invanare", type=int, default=2_400_000)
        parser.add_argument("--chunk", type=int, default=20_000)
        parser.add_argument("--behall", action="store_true")
        parser.add_argument("--sida", action="store_true",
                            help="Mät erbjudandesidorna medan ett utskick pågår (skriver invånarna på riktigt, tas bort efteråt).")
        parser.add_argument("--bara-data", action="store_true", help="Skriv bara invånarna (kvar efteråt).")
        parser.add_argument("--befintliga", action="store_true", help="Mät på invånare från --bara-data.")
        parser.add_argument("--varv", type=int, default=1, help="Antal mätningar (med --befintliga).")
        parser.add_argument("--stada", action="store_true", help="Ta bort allt bänken skrivit.")
        parser.add_argument("--skicka", type=int, help="(internt) kör utskicket av detta erbjudande, som en worker.")

    def say(self, text):
        self.stdout.write(text)

    def handle(self, *args, invanare, chunk, behall, sida, bara_data, befintliga, varv, stada, skicka, **options):
        if skicka:
            erbjudande_skicka(erbjudande_id=skicka, chunk=chunk)
            return None
        if stada:
            return SidMatning(self).stada()
        if bara_data:
            self._data(invanare)
            return None
        if befintliga:
            return self._upprepa(chunk, varv)
        if sida:
            return self._sida(invanare, chunk, behall)
        try:
            with transaction.atomic():
                self._kor(invanare, chunk)
                if not behall:
                    raise Rollback
        except Rollback:
            self.say("Testdata borttagen (rollback).")

    def _sida(self, antal: int, chunk: int, behall: bool):
        matning = SidMatning(self)
        try:
            matning.kor(antal, chunk)
        finally:
            if not behall:
                matning.stada()

    def _upprepa(self, chunk: int, varv: int):
        """Steps 2–4 ``varv`` times on the citizens of --bara-data, with the load average at each start and end."""
        region = Vardenhet.objects.get(hsa_id=HSA_REGION)
        erbjudande = self._erbjudande_fabrik(region)
        matning = SidMatning(self)
        for i in range(1, varv + 1):
            self.say(f"--- Varv {i} av {varv}; load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())} "
                     f"({timezone.now():%Y-%m-%d %H:%M} UTC)")
            try:
                with transaction.atomic():
                    self._matgrupp_och_utskick(erbjudande, chunk)
                    raise Rollback
            except Rollback:
                pass
            try:
                matning.sidor(region, erbjudande, chunk)
            finally:
                matning.stada_erbjudanden()
            self.say(f"    load average vid slutet {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")

    def _erbjudande_fabrik(self, region):
        tidbok, _ny = Tidbok.objects.get_or_create(namn="Bench vaccination", vardenhet=region, defaults={"gemensam": True})
        typ, _ny = Tidstyp.objects.get_or_create(kod="bench-erbjudande", defaults=dict(
            namn="Bench vaccination", langd_minuter=10, vaccination=True))
        idag = timezone.localdate()

        def erbjudande(titel):
            return Erbjudande.objects.create(
                titel=titel, text="Bench", atgard="boka", tidbok=tidbok, tidstyp=typ, giltig_fran=idag,
                giltig_till=idag + datetime.timedelta(days=30), alder_min=65, kommunkoder="0180", ej_bokad=True)

        return erbjudande

    def _data(self, antal: int):
        t0 = time.perf_counter()
        with connection.cursor() as c:
            c.execute(
                """
                INSERT INTO invanare_invanare (id_typ, id_nummer, fornamn, efternamn, fodelsedatum, kon, gatuadress,
                    postnummer, ort, kommunkod, kommun, mobilnummer, skydd, kand_hotbild, konto, digital_brevlada,
                    skapad, uppdaterad)
                SELECT CASE WHEN n %% 500 = 0 THEN 'reservnummer' ELSE 'personnummer' END,
                       lpad((170000000000 + n)::text, 12, '0'), 'Bench', 'Person ' || n,
                       current_date - ((n %% 95) * 365 + n %% 365) * interval '1 day', '', '', '11520', 'Stockholm',
                       CASE WHEN n %% 1000 < 264 THEN '0180' ELSE '0182' END, '',
                       CASE WHEN n %% 10 < 7 THEN '' ELSE '070-' || n END,
                       CASE WHEN n %% 1000 = 1 THEN 'skyddad_folkbokforing' ELSE '' END, false,
                       CASE WHEN n %% 10 < 7 THEN 'registrerat' ELSE 'inget' END, '', now(), now()
                FROM generate_series(1, %s) AS g(n)
                """, [antal])
            c.execute("ANALYZE invanare_invanare")
        self.say(f"Data: {antal:,} invånare på {time.perf_counter() - t0:.1f} s.".replace(",", " "))
        region = Vardenhet.objects.create(hsa_id=HSA_REGION, namn="Bench region", typ=Vardenhet.Typ.REGIONAL)
        return region, self._erbjudande_fabrik(region)

    def _kor(self, antal: int, chunk: int):
        _region, erbjudande = self._data(antal)
        self._matgrupp_och_utskick(erbjudande, chunk)

    def _matgrupp_och_utskick(self, erbjudande, chunk: int):
        e = erbjudande("Bench tjänsten")
        t2 = time.perf_counter()
        r = rackvidd(e)
        t3 = time.perf_counter()
        self.say(f"Målgrupp 65+ i 0180, ej bokad: {r['totalt']} (app {r['app']}, bara SMS {r['sms']}, nås inte {r['ingen']}): "
                 f"räkning med nåbarhet {t3 - t2:.2f} s.")
        Erbjudande.objects.filter(pk=e.pk).update(status="skickas", antal_totalt=r["app"] + r["sms"])
        t4 = time.perf_counter()
        erbjudande_skicka(erbjudande_id=e.pk, chunk=chunk)
        t5 = time.perf_counter()
        skrivna = Mottagare.objects.filter(erbjudande=e).count()
        ren = erbjudande("Bench ren INSERT")
        sql, params = med_kanal(ren).exclude(kanal=INGEN).order_by().values_list("pk", "kanal").query.sql_with_params()
        t6 = time.perf_counter()
        with connection.cursor() as c:
            c.execute(f"INSERT INTO {Mottagare._meta.db_table} (erbjudande_id, invanare_id, kanal, status, skickat) "
                      f"SELECT %s, s.inv, s.kanal, 'skickat', now() FROM ({sql}) AS s(inv, kanal)", [ren.pk, *params])
            rena = c.rowcount
        t7 = time.perf_counter()
        tjanst, plain = skrivna / (t5 - t4), rena / (t7 - t6)
        self.say(f"Utskick (tjänsten, chunk {chunk}, inkl. SMS-köade): {skrivna} erbjudanden på {t5 - t4:.1f} s = {tjanst:,.0f}/s.")
        self.say(f"Ren INSERT … SELECT av samma rader: {rena} på {t7 - t6:.1f} s = {plain:,.0f}/s. Kvot {tjanst / plain:.2f}.")


HSA_REGION = "SE2321000016-BENCHERB"
ID_BORJAN = "17000"  # lpad((170000000000 + n)::text, 12, '0'): every bench citizen's id starts so


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


class SidMatning:
    """Offers pages during a send: the send runs in another process (as the worker), this one requests."""

    def __init__(self, cmd: Command):
        self.cmd = cmd

    def klient(self, region):
        from django.test import Client

        from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
        from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll

        person = (Medarbetare.objects.filter(hsa_id=f"{HSA_REGION}P").first()
                  or Medarbetare.objects.create_user(f"{HSA_REGION}P", fornamn="Bänk", efternamn="Administratör"))
        uppdrag, _ny = Medarbetaruppdrag.objects.get_or_create(
            medarbetare=person, vardenhet=region, roll=Roll.REGIONAL_ADMINISTRATOR,
            defaults={"giltig_fran": timezone.localdate() - datetime.timedelta(days=1)})
        client = Client()
        client.force_login(person)
        session = client.session
        session[SESSION_LOGIN_TIME], session[SESSION_UPPDRAG] = time.time(), uppdrag.pk
        session.save()
        return client

    def kor(self, antal: int, chunk: int):
        region, erbjudande = self.cmd._data(antal)
        self.sidor(region, erbjudande, chunk)

    def sidor(self, region, erbjudande, chunk: int):
        from django.test import override_settings

        say = self.cmd.say
        e = erbjudande("Bench sidor under utskick")
        r = rackvidd(e)
        Erbjudande.objects.filter(pk=e.pk).update(status="skickas", antal_totalt=r["app"] + r["sms"],
                                                  antal_i_malgrupp=r["totalt"], antal_app=r["app"], antal_sms=r["sms"],
                                                  antal_ingen=r["ingen"])
        client = self.klient(region)
        matt = {"lista": [], "framsteg": [], "sida": [], "minimal": []}
        url = {"lista": "/erbjudanden/", "framsteg": f"/erbjudanden/{e.pk}/?del=framsteg", "sida": f"/erbjudanden/{e.pk}/",
               "minimal": "/bench/minimal/"}
        with override_settings(ROOT_URLCONF="portal.bench_urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for _ in range(10):  # warm-up, before the send
                client.get(url["lista"])
                client.get(url["minimal"])
            # The send in another process, as the Celery worker: a thread here would hold this process's GIL while
            # it builds a chunk's SMS, and every request would wait for it after each query.
            t0 = time.perf_counter()
            trad = subprocess.Popen([sys.executable, sys.argv[0], "bench_erbjudanden", "--skicka", str(e.pk),
                                     "--chunk", str(chunk)])
            last = []
            varv = 0
            # Measured from the first chunk written (the process has started and sends) to the end of the send.
            while trad.poll() is None and not Erbjudande.objects.filter(pk=e.pk, senaste_pk__gt=0).exists():
                time.sleep(0.05)
            t0 = time.perf_counter()
            while trad.poll() is None:
                for namn in ("lista", "framsteg", "minimal", "sida"):
                    extra = {"HTTP_HX_REQUEST": "true"} if namn == "framsteg" else {}
                    t = time.perf_counter()
                    r = client.get(url[namn], **extra)
                    matt[namn].append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (namn, r.status_code)
                varv += 1
                last.append(os.getloadavg()[0])
            trad.wait()
            t1 = time.perf_counter()
        if trad.returncode:
            raise RuntimeError(f"utskicket avslutades med {trad.returncode}")
        e.refresh_from_db()
        say(f"Utskick i egen process: {e.antal_behandlade} erbjudanden på {t1 - t0:.1f} s (status {e.status}); "
            f"{varv} varv av anrop under tiden; load average 1 min {min(last):.1f}–{max(last):.1f}.")
        bas = _pct(matt["minimal"], 95)
        namn = {"lista": "erbjudandelistan /erbjudanden/", "framsteg": "framstegsdelen (htmx, det sidan hämtar var 2 s)",
                "sida": "erbjudandets hela sida (räckvidd vid start, uppföljning)", "minimal": "minimal Django-vy (baslinje)"}
        for k in ("lista", "framsteg", "sida", "minimal"):
            if matt[k]:
                say(f"  {namn[k]:<50} p50 {_pct(matt[k], 50):7.1f} ms  p95 {_pct(matt[k], 95):7.1f} ms  "
                    f"kvot p95 mot baslinjen {_pct(matt[k], 95) / bas:5.1f}  (n={len(matt[k])})")

    def stada(self):
        self.stada_erbjudanden()
        self._invanare_bort()
        from vardportalen.models import Medarbetare, Medarbetaruppdrag

        Medarbetaruppdrag.objects.filter(medarbetare__hsa_id=f"{HSA_REGION}P").delete()
        Medarbetare.objects.filter(hsa_id=f"{HSA_REGION}P").delete()
        Tidbok.objects.filter(vardenhet__hsa_id=HSA_REGION).delete()
        Tidstyp.objects.filter(kod="bench-erbjudande").delete()
        Vardenhet.objects.filter(hsa_id=HSA_REGION).delete()
        self.cmd.say("Bänkdata borttagna.")

    def stada_erbjudanden(self):
        with connection.cursor() as c:
            c.execute("SELECT id FROM erbjudanden_erbjudande WHERE tidbok_id IN (SELECT id FROM bokning_tidbok "
                      "WHERE vardenhet_id IN (SELECT id FROM vardportalen_vardenhet WHERE hsa_id = %s))", [HSA_REGION])
            ids = [r[0] for r in c.fetchall()]
            c.execute("DELETE FROM erbjudanden_mottagare WHERE erbjudande_id = ANY(%s)", [ids])
            c.execute("DELETE FROM erbjudanden_dagsraknare WHERE erbjudande_id = ANY(%s)", [ids])
            for id_ in ids:
                c.execute("DELETE FROM vardportalen_smsutgaende WHERE idempotensnyckel LIKE %s", [f"erbjudande:{id_}:%"])
            c.execute("DELETE FROM erbjudanden_erbjudande WHERE id = ANY(%s)", [ids])

    def _invanare_bort(self):
        """Deleting 1.5 M rows that some 40 tables reference runs a foreign-key check per row and table (it ran for
        over 25 minutes here). Nothing else refers to the bench citizens (their offers and SMS are gone), so the
        checks are skipped for this one statement where the role allows it (a superuser on a bench database)."""
        with transaction.atomic(), connection.cursor() as c:
            try:
                with transaction.atomic():
                    c.execute("SET LOCAL session_replication_role = replica")
            except Exception:  # noqa: BLE001 - not a superuser: the slow, checked delete
                pass
            c.execute("DELETE FROM invanare_invanare WHERE id_nummer LIKE %s", [ID_BORJAN + "%"])

