"""manage.py bench_video: how many simultaneous 1:1 meetings one Janus carries on this machine, with fake media.

For each step (``--moten 1,2,4``) it opens that many 1:1 meetings at once, each with two real Chromium pages
(fake camera and microphone: the staff member's page and the citizen's page, the citizen through a join
token, the waiting room and the host's admission), and measures

- the time from "admit" (the service call) to the first decoded video frame on the citizen's page and on the
  staff member's page (getStats(): framesDecoded > 0);
- over ``--sekunder`` seconds with all meetings running: Janus' CPU (utime+stime from /proc) and memory (RSS),
  in total and per meeting, and the frame rate every page decodes. A meeting is "carried" when both sides
  decode at least ``--min-fps`` frames per second.

It starts its own Janus (free ports, our configuration) and an in-process web server, writes a bench unit,
staff and citizens into the database of DATABASE_URL and removes them at the end (access-log rows stay: the
log is append-only). Chromium runs on the same machine, so its video encoding competes with Janus for the CPU:
the figures are for this whole box, as the docs say.
"""
from __future__ import annotations

import datetime
import os
import socket
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.test import Client
from django.utils import timezone

from devtools.janus import JanusConfig, JanusProcess
from invanare.identitet import personnummer_for
from invanare.models import Invanare, Vardrelation
from vardportalen.accesslog.aktor import Aktor
from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet
from video import services
from video.models import Motestyp, Videomote

HSA_ENHET = "SE2321000016-VBENCH"
MEDIA_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream",
              "--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Command(BaseCommand):
    help = "Mäter hur många samtidiga 1:1-videomöten en Janus klarar med falsk kamera, och tiden från insläpp till första bild."

    def add_arguments(self, parser):
        parser.add_argument("--moten", default="1,2,4", help="Antal samtidiga möten per steg, kommaseparerat.")
        parser.add_argument("--sekunder", type=float, default=8.0, help="Mätfönster per steg.")
        parser.add_argument("--min-fps", type=float, default=10.0)

    def handle(self, *args, **opts):
        from django.test.testcases import LiveServerThread, _StaticFilesHandler
        from playwright.sync_api import sync_playwright

        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        steg = [int(x) for x in opts["moten"].split(",") if x.strip()]
        with tempfile.TemporaryDirectory(prefix="janus-bench-") as folder:
            config = JanusConfig(http_port=_free_port(), admin_port=_free_port(), directory=Path(folder), debug_level=2)
            with JanusProcess(config) as janus:
                for key, value in config.environment().items():
                    setattr(settings, key, value)
                server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
                server.daemon = True
                server.start()
                server.is_ready.wait()
                if server.error:
                    raise server.error
                url = f"http://127.0.0.1:{server.port}"
                enhet, uppdrag = self._data(max(steg))
                try:
                    with sync_playwright() as playwright:
                        browser = playwright.chromium.launch(
                            executable_path=os.environ.get("CHROMIUM_EXECUTABLE", "/usr/bin/chromium"), args=MEDIA_ARGS)
                        self._rubrik(opts)
                        for n in steg:  # each row as soon as it is measured; stop at the first step not carried
                            rad = self._steg(browser, url, janus, uppdrag, n, opts)
                            self._rad(rad)
                            if rad["burna"] < n:
                                break
                        browser.close()
                finally:
                    server.terminate()
                    self._stada(enhet)

    # --- data ---

    def _data(self, antal: int):
        self._stada(Vardenhet.objects.filter(hsa_id=HSA_ENHET).first())
        enhet = Vardenhet.objects.create(hsa_id=HSA_ENHET, namn="Bänktest video", typ=Vardenhet.Typ.VARDCENTRAL,
                                         postnummer="11520", ort="Stockholm")
        medarbetare = Medarbetare.objects.create_user(hsa_id="SE2321000016-VB0001", fornamn="Bänk", efternamn="Läkare")
        uppdrag = Medarbetaruppdrag.objects.create(medarbetare=medarbetare, vardenhet=enhet, roll=Roll.LAKARE,
                                                   giltig_fran=timezone.localdate() - datetime.timedelta(days=1))
        for i in range(antal):
            inv = Invanare.objects.create(
                id_typ="personnummer", id_nummer=personnummer_for(datetime.date(1950, 1, 1) + datetime.timedelta(days=i),
                                                                  900 + i % 99),
                fodelsedatum=datetime.date(1950, 1, 1) + datetime.timedelta(days=i), fornamn=f"Bänk{i}",
                efternamn="Testsson", konto=Invanare.Konto.REGISTRERAT, gatuadress="Gatan 1", postnummer="11520",
                ort="Stockholm")
            Vardrelation.objects.create(invanare=inv, vardenhet=enhet, fran=timezone.now() - datetime.timedelta(days=1),
                                        anledning="Bänktest", skapad_av_hsa_id=medarbetare.hsa_id)
        return enhet, uppdrag

    def _stada(self, enhet):
        if enhet is None:
            return
        Videomote.objects.filter(vardenhet=enhet).delete()
        personer = list(Vardrelation.objects.filter(vardenhet=enhet).values_list("invanare_id", flat=True))
        Vardrelation.objects.filter(vardenhet=enhet).delete()
        Invanare.objects.filter(pk__in=personer, efternamn="Testsson").delete()
        anstallda = list(Medarbetaruppdrag.objects.filter(vardenhet=enhet).values_list("medarbetare_id", flat=True))
        Medarbetaruppdrag.objects.filter(vardenhet=enhet).delete()
        Medarbetare.objects.filter(pk__in=anstallda).delete()
        enhet.delete()

    # --- one step ---

    def _staff_context(self, browser, url, uppdrag):
        client = Client()
        client.force_login(uppdrag.medarbetare)
        session = client.session
        session[SESSION_LOGIN_TIME], session[SESSION_UPPDRAG] = time.time(), uppdrag.pk
        session.save()
        context = browser.new_context(permissions=["camera", "microphone"])
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}])
        return context

    def _steg(self, browser, url, janus, uppdrag, n: int, opts) -> dict:
        aktor = Aktor.from_uppdrag(uppdrag)
        personer = list(Invanare.objects.filter(vardrelationer__vardenhet=uppdrag.vardenhet).order_by("pk")[:n])
        contexts, par = [], []
        nu = timezone.now()
        for person in personer:
            mote = services.mote_create(aktor=aktor, typ=Motestyp.ENSKILT, rubrik="Bänk", start=nu,
                                        slut=nu + datetime.timedelta(hours=1), invanare=[person])
            vard_ctx = self._staff_context(browser, url, uppdrag)
            inv_ctx = browser.new_context(permissions=["camera", "microphone"])
            contexts += [vard_ctx, inv_ctx]
            vard, inv = vard_ctx.new_page(), inv_ctx.new_page()
            vard.goto(f"{url}/video/{mote.pk}/")
            vard.click("#videomote-anslut")
            vard.wait_for_selector("#videomote[data-ansluten=true]", timeout=30_000)
            _rad, token = services.anslutningstoken_create(aktor=person, invanare=person, mote_id=mote.pk)
            inv.goto(f"{url}/video/delta/{mote.pk}/#token={token}")
            inv.wait_for_selector("#videomote[data-status=vantar]", timeout=30_000)
            par.append((mote, person, vard, inv))
        forsta_bild = []
        for mote, person, vard, inv in par:
            deltagare = mote.deltagare.get(invanare=person)
            t0 = time.monotonic()
            services.deltagare_slapp_in(aktor=aktor, mote_id=mote.pk, deltagare_id=deltagare.pk)
            klara = {}
            while len(klara) < 2 and time.monotonic() - t0 < 60:
                for namn, sida in (("invanare", inv), ("vard", vard)):
                    if namn not in klara and (sida.evaluate("window.videomote.stats()")["frames"] > 0):
                        klara[namn] = time.monotonic() - t0
                time.sleep(0.05)
            forsta_bild.append(klara)
        sidor = [s for _m, _p, v, i in par for s in (v, i)]
        fore = [s.evaluate("window.videomote.stats()")["frames"] for s in sidor]
        cpu0, t0 = _cpu_seconds(janus.process.pid), time.monotonic()
        time.sleep(opts["sekunder"])
        cpu1, t1 = _cpu_seconds(janus.process.pid), time.monotonic()
        efter = [s.evaluate("window.videomote.stats()")["frames"] for s in sidor]
        rss = _rss_mb(janus.process.pid)
        fps = [(b - a) / (t1 - t0) for a, b in zip(fore, efter)]
        burna = sum(1 for i in range(0, len(fps), 2) if min(fps[i], fps[i + 1]) >= opts["min_fps"])
        for mote, *_rest in par:
            services.mote_avsluta(aktor=aktor, mote_id=mote.pk)
        for context in contexts:
            context.close()
        tider = [v for d in forsta_bild for v in d.values()]
        return {"moten": n, "burna": burna, "cpu_procent": 100 * (cpu1 - cpu0) / (t1 - t0), "rss_mb": rss,
                "fps_min": min(fps) if fps else 0, "fps_median": statistics.median(fps) if fps else 0,
                "forsta_bild_median": statistics.median(tider) if tider else float("nan"),
                "forsta_bild_max": max(tider) if tider else float("nan"),
                "saknar_bild": sum(2 - len(d) for d in forsta_bild)}

    def _rubrik(self, opts) -> None:
        self.stdout.write(f"Janus: samtidiga 1:1-möten med falsk kamera ({opts['sekunder']:.0f} s per steg, burna = båda "
                          f"sidor avkodar minst {opts['min_fps']:.0f} bilder/s)")
        self.stdout.write("möten  burna  Janus CPU %  CPU %/möte  RSS MB  fps min/median  insläpp→första bild median/max s")
        self.stdout.flush()

    def _rad(self, r: dict) -> None:
        self.stdout.write(
                f"{r['moten']:>5}  {r['burna']:>5}  {r['cpu_procent']:>11.1f}  {r['cpu_procent'] / r['moten']:>10.1f}  "
                f"{r['rss_mb']:>6.1f}  {r['fps_min']:>6.1f}/{r['fps_median']:<6.1f}  "
                f"{r['forsta_bild_median']:.2f}/{r['forsta_bild_max']:.2f}"
            + (f"  ({r['saknar_bild']} sidor fick ingen bild)" if r["saknar_bild"] else ""))
        self.stdout.flush()
