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
"""
from __future__ import annotations

import datetime
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

    def say(self, text):
        self.stdout.write(text)

    def handle(self, *args, invanare, chunk, behall, **options):
        try:
            with transaction.atomic():
                self._kor(invanare, chunk)
                if not behall:
                    raise Rollback
        except Rollback:
            self.say("Testdata borttagen (rollback).")

    def _kor(self, antal: int, chunk: int):
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
                       CASE WHEN n %% 7 < 3 THEN '0180' ELSE '0182' END, '',
                       CASE WHEN n %% 10 < 7 THEN '' ELSE '070-' || n END,
                       CASE WHEN n %% 1000 = 1 THEN 'skyddad_folkbokforing' ELSE '' END, false,
                       CASE WHEN n %% 10 < 7 THEN 'registrerat' ELSE 'inget' END, '', now(), now()
                FROM generate_series(1, %s) AS g(n)
                """, [antal])
            c.execute("ANALYZE invanare_invanare")
        t1 = time.perf_counter()
        self.say(f"Data: {antal:,} invånare på {t1 - t0:.1f} s.".replace(",", " "))
        region = Vardenhet.objects.create(hsa_id="SE2321000016-BENCHERB", namn="Bench region", typ=Vardenhet.Typ.REGIONAL)
        tidbok = Tidbok.objects.create(namn="Bench vaccination", vardenhet=region, gemensam=True)
        typ = Tidstyp.objects.create(kod="bench-erbjudande", namn="Bench vaccination", langd_minuter=10, vaccination=True)
        idag = timezone.localdate()

        def erbjudande(titel):
            return Erbjudande.objects.create(
                titel=titel, text="Bench", atgard="boka", tidbok=tidbok, tidstyp=typ, giltig_fran=idag,
                giltig_till=idag + datetime.timedelta(days=30), alder_min=65, kommunkoder="0180", ej_bokad=True)

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
