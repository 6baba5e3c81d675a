"""manage.py bench_hanvisning: the symptom search and the care-form choice at the issue's volume.

1. Imports a generated catalogue (2,000 symptoms, 20,000 synonyms) and publishes it; 500 units of the
   catalogue's care forms with random weekday/weekend hours around the county.
2. Search as you type: p50/p95/p99 server time of the search alone (warm index) and of the whole htmx
   request through Django (login, commission, licence check, form, template), interleaved with a minimal
   Django view (same middleware, one SELECT 1) in the same run, with the ratio, the load average and the CPU
   time spent in this process per request (what the load on a shared machine does not inflate as much). Queries: whole words, prefixes of 3–6
   letters (typing), misspellings and two-word phrases from the catalogue's vocabulary.
3. Care form and nearest open units: p50/p95/p99 of ``hanvisning_berakna`` for random symptoms, urgencies,
   ages, moments (a year of days, all hours) and postcodes, over the 500 units.

Everything it writes is removed at the end (``--behall`` keeps it). Run it on a database of its own.
"""
from __future__ import annotations

import datetime
import os
import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from hanvisning import services
from hanvisning.katalog.generator import generera
from hanvisning.models import Enhetsuppdrag, Hanvisningsregel, Innehallsversion, Oppettid, Symptom, Vardform
from hanvisning.selectors import hanvisning_berakna
from hanvisning.sok import index_for, ord_i, symptom_sok
from invanare.models import Postnummer
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet, Yrke

HSA_PREFIX = "SE2321000016-HBENCH"


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _rad(namn: str, ms: list[float]) -> str:
    return f"  {namn:<44} p50 {_pct(ms, 50):6.2f} ms   p95 {_pct(ms, 95):6.2f} ms   p99 {_pct(ms, 99):6.2f} ms   (n={len(ms)})"


class Command(BaseCommand):
    help = "Mäter symtomsökning och val av vårdform/närmaste öppna mottagning (2 000 symtom, 20 000 synonymer, 500 enheter)."

    def add_arguments(self, parser):
        parser.add_argument("--symtom", type=int, default=2000)
        parser.add_argument("--synonymer", type=int, default=20000)
        parser.add_argument("--enheter", type=int, default=500)
        parser.add_argument("--sokningar", type=int, default=600)
        parser.add_argument("--berakningar", type=int, default=400)
        parser.add_argument("--seed", type=int, default=19)
        parser.add_argument("--behall", action="store_true")

    def say(self, text=""):
        self.stdout.write(text)
        self.stdout.flush()

    def handle(self, *args, symtom, synonymer, enheter, sokningar, berakningar, seed, behall, **options):
        rnd = random.Random(seed)
        t0 = time.perf_counter()
        version = services.innehall_importera(data=generera(antal_symptom=symtom, antal_synonymer=synonymer, seed=seed),
                                              importerad_av="bench_hanvisning")
        version = services.version_granska(version=version, granskare_hsa_id="bench", godkand=True)
        version = services.version_publicera(version=version, hsa_id="bench")
        self.say(f"Katalog: {version.symptom.count()} symtom, "
                 f"{Symptom.objects.filter(version=version).values('synonymer').count()} synonymer "
                 f"({time.perf_counter() - t0:.1f} s)")
        try:
            self._enheter(rnd, enheter)
            self._sok(rnd, version, sokningar)
            self._berakna(rnd, version, berakningar)
        finally:
            if not behall:
                self._stada(version)

    def _enheter(self, rnd, antal):
        t0 = time.perf_counter()
        former = list(Vardform.objects.filter(ar_radgivning=False))
        pn = list(Postnummer.objects.values_list("postnummer", "ort", "lat", "lon"))
        with transaction.atomic():
            ve = Vardenhet.objects.bulk_create([
                Vardenhet(hsa_id=f"{HSA_PREFIX}{i:05d}", namn=f"Bänkenhet {i}", typ=Vardenhet.Typ.SPECIALISTMOTTAGNING,
                          postnummer=p[0], ort=p[1], lat=p[2], lon=p[3], telefon="08-465 004 99")
                for i, p in enumerate(rnd.choices(pn, k=antal))])
            eu = Enhetsuppdrag.objects.bulk_create([Enhetsuppdrag(vardenhet=v) for v in ve])
            through = Enhetsuppdrag.vardformer.through
            through.objects.bulk_create([through(enhetsuppdrag_id=e.pk, vardform_id=former[i % len(former)].pk)
                                         for i, e in enumerate(eu)])
            tider = []
            for e in eu:
                typ = rnd.random()
                for d in range(7):
                    if typ < 0.2:
                        tider.append(Oppettid(enhet=e, veckodag=d, fran_minut=0, till_minut=1440))
                    elif typ < 0.6 and d < 5:
                        tider.append(Oppettid(enhet=e, veckodag=d, fran_minut=rnd.choice([420, 480]), till_minut=rnd.choice([960, 1020])))
                    elif typ >= 0.6:
                        tider.append(Oppettid(enhet=e, veckodag=d, fran_minut=480, till_minut=rnd.choice([1260, 1320])))
            Oppettid.objects.bulk_create(tider)
        self.say(f"Enheter: {antal} med {len(tider)} öppettider ({time.perf_counter() - t0:.1f} s)")

    def _fragor(self, rnd, version, antal) -> list[str]:
        index = index_for(version)
        ord_ = sorted({o for t in index.texter for o in ord_i(t[1]) if len(o) > 3 and not o.isdigit()})
        fragor = []
        for i in range(antal):
            o = rnd.choice(ord_)
            typ = i % 4
            if typ == 0:
                fragor.append(o)
            elif typ == 1:
                fragor.append(o[: rnd.randint(3, min(6, len(o)))])
            elif typ == 2:
                j = rnd.randrange(1, len(o) - 1)
                fragor.append(o[:j] + o[j + 1] + o[j] + o[j + 2:])
            else:
                fragor.append(f"{o} {rnd.choice(ord_)}")
        return fragor

    def _klient(self) -> Client:
        person = Medarbetare.objects.create_user(f"{HSA_PREFIX}P", fornamn="Bänk", efternamn="Sjuksköterska",
                                                 yrke=Yrke.SJUKSKOTERSKA)
        enhet = Vardenhet.objects.filter(hsa_id__startswith=HSA_PREFIX).first()
        uppdrag = Medarbetaruppdrag.objects.create(medarbetare=person, vardenhet=enhet, roll=Roll.SJUKSKOTERSKA,
                                                   giltig_fran=timezone.localdate() - datetime.timedelta(days=1))
        client = Client()
        client.force_login(person)
        session = client.session
        session[SESSION_LOGIN_TIME], session[SESSION_UPPDRAG] = time.time(), uppdrag.pk
        session.save()
        return client

    def _sok(self, rnd, version, antal):
        t0 = time.perf_counter()
        index_for(version)
        self.say(f"Sökindex byggt på {(time.perf_counter() - t0) * 1000:.0f} ms (en gång per process och version)")
        fragor = self._fragor(rnd, version, antal)
        selektor, vy, bas, traffar = [], [], [], 0
        vy_cpu, bas_cpu = [], []
        client = self._klient()
        with override_settings(ROOT_URLCONF="portal.bench_urls", DEBUG=False, ALLOWED_HOSTS=["testserver"]):
            for _ in range(20):  # warm-up
                client.get("/hanvisning/", {"alder": 40, "q": "värk"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="traffar")
                client.get("/bench/minimal/")
            for q in fragor:
                t = time.perf_counter()
                traffar += bool(symptom_sok(version=version, fraga=q))
                selektor.append((time.perf_counter() - t) * 1000)
                t, c = time.perf_counter(), time.process_time()
                r = client.get("/hanvisning/", {"alder": 40, "q": q}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="traffar")
                vy.append((time.perf_counter() - t) * 1000)
                vy_cpu.append((time.process_time() - c) * 1000)
                assert r.status_code == 200, r.status_code
                t, c = time.perf_counter(), time.process_time()
                client.get("/bench/minimal/")
                bas.append((time.perf_counter() - t) * 1000)
                bas_cpu.append((time.process_time() - c) * 1000)
        self.say(f"Sökning ({antal} frågor: hela ord, början av ord, felstavningar, två ord; {traffar} gav träffar):")
        self.say(_rad("sökningen (selektorn, varmt index)", selektor))
        self.say(_rad("hela htmx-anropet genom Django", vy))
        self.say(_rad("minimal Django-vy (baslinje)", bas))
        self.say(f"  kvot hela anropet / baslinjen: p50 {_pct(vy, 50) / _pct(bas, 50):.2f}, p95 {_pct(vy, 95) / _pct(bas, 95):.2f}; "
                 f"load average {os.getloadavg()[0]:.1f}")
        self.say("  CPU-tid i Django-processen (oberoende av väntan på databasen och av andra processer på maskinen):")
        self.say(_rad("  hela htmx-anropet", vy_cpu))
        self.say(_rad("  minimal Django-vy", bas_cpu))

    def _berakna(self, rnd, version, antal):
        symptom = list(Symptom.objects.filter(version=version).prefetch_related("nivaer"))
        pn = list(Postnummer.objects.values_list("lat", "lon"))
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        ms, med_enheter = [], []
        for _ in range(antal):
            s = rnd.choice(symptom)
            niva = rnd.choice(list(s.nivaer.all()))
            lat, lon = rnd.choice(pn)
            nar = start + datetime.timedelta(minutes=rnd.randrange(365 * 24 * 60))
            t = time.perf_counter()
            res = hanvisning_berakna(symptom=s, bradskegrad=niva.bradskegrad, alder=rnd.randint(0, 95), tid=nar,
                                     lat=lat, lon=lon)
            ms.append((time.perf_counter() - t) * 1000)
            if res and res.forst and not res.forst.vardform.ar_radgivning:
                med_enheter.append(ms[-1])
        self.say(f"Vårdform och närmaste öppna mottagningar bland {Enhetsuppdrag.objects.count()} enheter "
                 f"({len(med_enheter)} av {antal} hänvisade till en vårdform med mottagningar, resten till 1177/112):")
        self.say(_rad("hanvisning_berakna, alla", ms))
        if med_enheter:
            self.say(_rad("hanvisning_berakna, med mottagningar", med_enheter))

    def _stada(self, version):
        with transaction.atomic():
            Medarbetaruppdrag.objects.filter(medarbetare__hsa_id__startswith=HSA_PREFIX).delete()
            Medarbetare.objects.filter(hsa_id__startswith=HSA_PREFIX).delete()
            Enhetsuppdrag.objects.filter(vardenhet__hsa_id__startswith=HSA_PREFIX).delete()
            Vardenhet.objects.filter(hsa_id__startswith=HSA_PREFIX).delete()
            Symptom.objects.filter(version=version).delete()
            Hanvisningsregel.objects.filter(version=version).delete()
            Innehallsversion.objects.filter(pk=version.pk).delete()
        self.say("Bänkdata borttagna.")
