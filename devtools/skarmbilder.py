"""`make screenshots`: the main pages with the demo data, in Chromium at 1366×768, as PNGs in docs/skarmbilder/.

    make screenshots                                   # what docs/skarmbilder/README.md lists
    python -m devtools.skarmbilder [--port 8010] [--ut docs/skarmbilder] [--utan-laddning]

Uses DATABASE_URL/REDIS_URL when set (else the embedded PostgreSQL and Redis under var/, as `make demo`), loads the
demo data (`migrate`, `demo_load`; --utan-laddning skips it on a loaded database), runs gunicorn on 127.0.0.1:PORT
with DEBUG off and takes each picture as the demo card holder of the README's "what to try" table. The staff
session is made the way the card login followed by "Välj uppdrag" makes it (the card reader simulator is not
needed for pictures); the citizen web logs in through its demo login. PNGs are palette-quantized with pngquant
(Debian package pngquant, which `make screenshots` installs), so the folder stays small.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = "/usr/bin/chromium"
STORLEK = {"width": 1366, "height": 768}


@dataclass(frozen=True)
class Bild:
    fil: str
    enhet: str | None  # the commission's unit (None: the citizen web, as the citizen ``invanare``)
    roll: str | None
    sokvag: str  # may name {invanare}, {konversation}, {klinik}
    invanare: str = ""  # "Förnamn Efternamn" of a named demo citizen
    helsida: bool = False


GUB_VC, GUB_BMM = "Vårdcentral Gubbängen", "Barnmorskemottagning Gubbängen"
BILDER = [
    Bild("01-startsida.png", GUB_VC, "sjukskoterska", "/"),
    Bild("02-invanare-sok.png", GUB_VC, "sjukskoterska", "/invanare/?q=Sjöberg"),
    Bild("03-invanare-oversikt.png", GUB_VC, "sjukskoterska", "/invanare/{invanare}/", "Sara Lindqvist"),
    Bild("04-forlossning-val.png", GUB_BMM, "barnmorska", "/forlossning/invanare/{invanare}/", "Sara Lindqvist"),
    Bild("05-forlossning-kapacitet.png", GUB_BMM, "barnmorska", "/forlossning/klinik/{klinik}/"),
    Bild("06-utskriftslista.png", GUB_VC, "administrator", "/edokument/utskriftslista/"),
    Bild("07-meddelanden-inkorg.png", GUB_VC, "sjukskoterska", "/meddelanden/"),
    Bild("08-meddelanden-konversation.png", GUB_VC, "sjukskoterska", "/meddelanden/{konversation}/"),
    Bild("09-bokning-schema.png", "Alltid öppet regional vaccinationstidbok", "schemalaggare", "/bokning/schema/"),
    Bild("10-bokning-lediga-tider.png", GUB_VC, "sjukskoterska", "/bokning/invanare/{invanare}/boka/", "Bengt Sjöberg"),
    Bild("11-atkomstlogg.png", GUB_VC, "verksamhetschef", "/atkomstlogg/"),
    Bild("12-kontosparr.png", GUB_VC, "sjukskoterska", "/invanare/{invanare}/sparr/", "Bengt Sjöberg"),
    Bild("13-felsida-404.png", GUB_VC, "sjukskoterska", "/finns-inte/"),
    Bild("14-hanvisningsstod.png", GUB_VC, "sjukskoterska", "/hanvisning/"),
    Bild("15-erbjudanden.png", GUB_VC, "administrator", "/erbjudanden/"),
    Bild("16-videomoten.png", GUB_VC, "sjukskoterska", "/video/"),
    Bild("17-alltidoppet-start.png", None, None, "/alltidoppet/", "Sara Lindqvist"),
]


def _django(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _invanare(namn: str):
    from invanare.models import Invanare

    fornamn, efternamn = namn.split(" ", 1)
    return Invanare.objects.filter(fornamn=fornamn, efternamn=efternamn).order_by("pk").first()


def _sokvag(bild: Bild, uppdrag) -> str:
    from forlossning.models import Kapacitet
    from meddelanden.models import Konversation

    varden = {"invanare": _invanare(bild.invanare).pk if bild.invanare else ""}
    if "{konversation}" in bild.sokvag:
        k = Konversation.objects.filter(vardenhet=uppdrag.vardenhet, stangd__isnull=True).order_by(
            "-senaste_meddelande", "-pk").first()
        varden["konversation"] = k.pk
    if "{klinik}" in bild.sokvag:
        varden["klinik"] = Kapacitet.objects.filter(klinik__namn__icontains="Södersjukhuset").values_list(
            "klinik_id", flat=True).first()
    return bild.sokvag.format(**varden)


def _session(uppdrag) -> str:
    """The session the card login and "Välj uppdrag" leave: the staff member logged in, acting under ``uppdrag``."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from vardportalen.middleware import SESSION_LOGIN_TIME, SESSION_UPPDRAG

    user = uppdrag.medarbetare
    s = import_module(settings.SESSION_ENGINE).SessionStore()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s[SESSION_LOGIN_TIME] = time.time()
    s[SESSION_UPPDRAG] = uppdrag.pk
    s.create()
    return s.session_key


def _uppdrag(enhet: str, roll: str):
    from django.db.models import Q
    from django.utils import timezone

    from vardportalen.models import Medarbetaruppdrag

    idag = timezone.localdate()
    return (Medarbetaruppdrag.objects.select_related("medarbetare", "vardenhet")
            .filter(vardenhet__namn=enhet, roll=roll, medarbetare__is_active=True)
            .filter(Q(giltig_till__isnull=True) | Q(giltig_till__gte=idag)).order_by("pk").first())


def _komprimera(fil: Path) -> None:
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality", "60-90", "--strip",
                        "--output", str(fil), str(fil)], check=False)


def _plan(bas: str) -> list[tuple[Bild, str, str, dict]]:
    """Each picture's path, who takes it and how she is logged in (before the browser: the ORM is not async-safe)."""
    from django.conf import settings

    plan = []
    for bild in BILDER:
        if bild.enhet is None:
            plan.append((bild, bild.sokvag, f"invånaren {bild.invanare}",
                         {"personnummer": _invanare(bild.invanare).id_nummer}))
            continue
        uppdrag = _uppdrag(bild.enhet, bild.roll)
        if uppdrag is None:
            print(f"! {bild.fil}: ingen {bild.roll} vid {bild.enhet} i demodata, hoppar över")
            continue
        vem = f"{uppdrag.medarbetare.get_full_name()} ({uppdrag.get_roll_display()}, {uppdrag.vardenhet.namn})"
        kaka = {"name": settings.SESSION_COOKIE_NAME, "value": _session(uppdrag), "url": bas}
        plan.append((bild, _sokvag(bild, uppdrag), vem, {"kaka": kaka}))
    return plan


def ta_bilder(bas: str, ut: Path) -> list[tuple[Bild, str]]:
    from playwright.sync_api import sync_playwright

    ut.mkdir(parents=True, exist_ok=True)
    plan = _plan(bas)
    gjorda = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            for bild, sokvag, vem, inloggning in plan:
                context = browser.new_context(locale="sv-SE", viewport=STORLEK, timezone_id="Europe/Stockholm")
                page = context.new_page()
                if "kaka" in inloggning:
                    context.add_cookies([inloggning["kaka"]])
                else:  # the citizen web's demo login, as its login page posts it
                    page.goto(bas + "/alltidoppet/inloggning/")
                    page.request.post(bas + "/alltidoppet/inloggning/demo/", form={
                        "personnummer": inloggning["personnummer"],
                        "csrfmiddlewaretoken": next(c["value"] for c in context.cookies() if c["name"] == "csrftoken"),
                    }, headers={"Referer": bas + "/alltidoppet/inloggning/"})
                svar = page.goto(bas + sokvag, wait_until="load")
                status = svar.status if svar else 0
                if status != 200 and not bild.fil.startswith("13-"):
                    print(f"! {bild.fil}: {sokvag} svarade {status} för {vem}")
                page.screenshot(path=str(ut / bild.fil), full_page=bild.helsida)
                _komprimera(ut / bild.fil)
                print(f"{bild.fil:34} {sokvag:40} {vem} ({status})")
                gjorda.append((bild, vem))
                context.close()
        finally:
            browser.close()
    return gjorda


def _vanta_pa(url: str, timeout: float = 90) -> None:
    slut = time.monotonic() + timeout
    while time.monotonic() < slut:
        try:
            urllib.request.urlopen(url + "/inloggning/", timeout=5)
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(1)
    raise SystemExit(f"webbservern svarade inte på {url}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port", type=int, default=8010)
    p.add_argument("--ut", type=Path, default=ROT / "docs" / "skarmbilder")
    p.add_argument("--utan-laddning", action="store_true", help="the database already holds the demo data")
    args = p.parse_args()
    from devtools.embedded import embedded_services, ensure_database

    with embedded_services(ROT / "var", database="vardportalen_skarmbilder", redis_db=2) as exported:
        env = {**os.environ, **exported, "DJANGO_SETTINGS_MODULE": "vardportalen.settings.dev",
               "DJANGO_DEBUG": "false", "PYTHONUNBUFFERED": "1"}
        ensure_database(env["DATABASE_URL"])
        if not args.utan_laddning:
            for steg in (["migrate", "--noinput"], ["demo_load"]):
                subprocess.run([PY, "manage.py", *steg], env=env, cwd=ROT, check=True, stdout=subprocess.DEVNULL)
        bas = f"http://127.0.0.1:{args.port}"
        web = subprocess.Popen([PY, "-m", "gunicorn", "vardportalen.wsgi:application", "--bind",
                                f"127.0.0.1:{args.port}", "--workers", "2", "--no-control-socket"],
                               env=env, cwd=ROT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _vanta_pa(bas)
            _django(env)
            ta_bilder(bas, args.ut)
        finally:
            web.terminate()
            web.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
