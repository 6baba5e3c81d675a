"""The accessibility walk: every page of the URL map that renders HTML, as the roles that may see it, in real
Chromium: axe-core (WCAG 2.0/2.1/2.2 A and AA), Chromium's accessibility tree (every control has a name) and
unique ids (tests/fixtures/a11y.py says why all three).

The pages come from the URL resolver (tests/test_authorization.py), filled with the actor's own objects of the
seeded world of the authorization walk (tests/fixtures/varld.py); a page is walked for an actor when a plain GET
answers 200 with HTML (405, redirects, refusals, PDFs and JSON are not pages of hers). The Django admin is
Django's own and is not walked. The citizen web (alltidoppet) is walked as a citizen, as a protected citizen and
as a proxy acting for her; the two login pages as nobody.

CI walks a fixed seeded sample: every page once, as one role drawn (VP_A11Y_SEED) among those who may see it.
The whole walk, every page × every role that may see it:

    VP_A11Y_WALK=full .venv/bin/python -m devtools.testrun tests/test_a11y_walk.py -s     # make test-a11y-full

To walk again only the pages a walk reported (pattern names, or the paths of the two login pages):

    VP_A11Y_WALK=full VP_A11Y_SIDOR=bokning:boka,invanare:profil make test-a11y-full

``-s`` prints how many pages, roles and page views were walked, and how long it took; with ``VP_A11Y_DEBUG=1`` also
every GET asked while finding the pages (who got what).
"""
from __future__ import annotations

import datetime
import os
import random
import time
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from tests.fixtures.a11y import a11y_brott, dubbla_id, namnlosa_kontroller, otydliga_kontroller
from tests.fixtures.staff import login_session
from tests.fixtures.varld import Aktor, Varld, bygg_varld
from tests.test_authorization import ALL, CITIZEN_WEB, PUBLIC
from tests.test_authorization_walk import fyllningar

FULL = os.environ.get("VP_A11Y_WALK") == "full"
SEED = int(os.environ.get("VP_A11Y_SEED", "18"))
BARA = {s.strip() for s in os.environ.get("VP_A11Y_SIDOR", "").split(",") if s.strip()}
SKRIVBORD = {"width": 1366, "height": 768}
TELEFON = {"width": 390, "height": 844}

# Answers only htmx's pollers ask for (no link leads to them): HTML fragments, not pages.
BARA_FOR_HTMX = {"meddelanden:nytt", "video:panel"}
PORTAL = [u for u in ALL if not u.path.startswith("/admin/") and u.name not in PUBLIC | BARA_FOR_HTMX]
OFFENTLIGA = ["/inloggning/", "/alltidoppet/inloggning/"]
# Pages the walk must reach (a page silently dropping out of the walk fails it).
MASTE_NAS = {"bevakning", "invanare:sok", "invanare:profil", "bokning:schema", "bokning:tidbok",
             "forlossning:klinik_vecka", "forlossning:kapacitet", "meddelanden:inkorg", "meddelanden:konversation",
             "edokument:utskriftslista", "video:rum", "forlossning:korning", "atkomstlogg:loggkontroll", "alltidoppet:start", "alltidoppet:dokument",
             "alltidoppet:konversation", "alltidoppet:agera_for"}


@dataclass
class Besok:
    namn: str  # the URL pattern's name
    path: str
    aktor: str


@dataclass
class Walk:
    problem: list[str] = field(default_factory=list)
    besok: list[Besok] = field(default_factory=list)
    kandidater: int = 0


def _ar_sida(svar) -> bool:
    return svar.status_code == 200 and svar.get("Content-Type", "").startswith("text/html")


def _egen_path(varld: Varld, url, hemma: str | None, mote) -> str | None:
    """The URL filled with the actor's own objects (or side A's for an actor of no unit): the first filling is
    the actor's own (fyllningar keeps the first path, if under the last name when two sides share an object)."""
    fyllda = fyllningar(varld, url, hemma)
    if not fyllda:
        return None
    path = fyllda[0].path
    if "mote_id" in url.kwargs:  # a video meeting: the world of the authorization walk has none
        match = resolve(path)
        path = reverse(match.view_name, kwargs={**match.kwargs, "mote_id": mote.pk})
    return path


def _videomote(varld: Varld):
    """A planned 1:1 meeting of unit A with its citizen, hosted by A's nurse (made as the service does, without
    asking Janus for a room: no page of the walk talks to Janus)."""
    from video.models import Deltagare, Deltagarroll, Motestyp, Videomote

    vard = next(a.uppdrag.medarbetare for a in varld.aktorer if a.namn == "sjukskoterska@A")
    start = timezone.now() + datetime.timedelta(hours=2)
    mote = Videomote.objects.create(typ=Motestyp.ENSKILT, rubrik="Uppföljning", vardenhet=varld.enhet["A"], vard=vard,
                                    start=start, slut=start + datetime.timedelta(minutes=30), janus_rum=918_273)
    Deltagare.objects.create(mote=mote, roll=Deltagarroll.VARD, medarbetare=vard)
    Deltagare.objects.create(mote=mote, roll=Deltagarroll.INVANARE, invanare=varld.medborgare["A"].invanare)
    return mote


def _i_appen(varld: Varld) -> None:
    """The citizens' documents went to Alltid öppet (the citizen web shows only those)."""
    from edokument.models import Kanal, Leverans

    for sida in ("A", "S"):
        dok = varld.objekt["dokument"][sida]
        Leverans.objects.create(dokument=dok, kanal=Kanal.APP, mottagare=dok.invanare, relation="sjalv",
                                status=Leverans.Status.OLAST)


def _medborgarklient(varld: Varld, nyckel: str, agerar_for: str | None = None) -> Client:
    klient = Client(raise_request_exception=False)
    svar = klient.post("/alltidoppet/inloggning/demo/", {"personnummer": varld.medborgare[nyckel].invanare.id_nummer})
    assert svar.status_code == 302 and "inloggning" not in svar["Location"], svar
    if agerar_for:
        svar = klient.post("/alltidoppet/agera-for/", {"id": varld.medborgare[agerar_for].invanare.pk})
        assert svar.status_code == 302 and svar["Location"].endswith("/alltidoppet/"), svar
    return klient


def _personal(varld: Varld) -> dict[str, tuple[Aktor, Client]]:
    return {a.namn: (a, login_session(Client(raise_request_exception=False), a.uppdrag))
            for a in varld.aktorer if a.aktiv and a.invanare is None}


def _planera(varld: Varld) -> tuple[list[Besok], int, dict[str, Client]]:
    """The page views to make in Chromium: (visits, how many url × actor pairs were asked, clients by actor)."""
    rng = random.Random(SEED)
    _i_appen(varld)
    mote = _videomote(varld)
    personal = _personal(varld)
    medborgare = {
        "invanare@A": ("A", _medborgarklient(varld, "A")),
        "skyddad-invanare@S": ("S", _medborgarklient(varld, "S")),
        "ombud-GA-for-S": ("S", _medborgarklient(varld, "GA", agerar_for="S")),
    }
    klienter = {namn: k for namn, (_a, k) in personal.items()} | {namn: k for namn, (_h, k) in medborgare.items()}
    grupper = [(PORTAL, {namn: (a.hemma, k) for namn, (a, k) in personal.items()}),
               ([u for u in CITIZEN_WEB if "inloggning" not in u.path and "utloggning" not in u.path], medborgare)]
    besok, fragade = [], 0
    for urls, aktorer in grupper:
        for url in sorted(urls, key=lambda u: u.name):
            if BARA and url.name not in BARA:
                continue
            ordning = sorted(aktorer)
            rng.shuffle(ordning)
            for namn in ordning:
                hemma, klient = aktorer[namn]
                path = _egen_path(varld, url, hemma, mote)
                if path is None:
                    continue
                svar = klient.get(path)
                fragade += 1
                if os.environ.get("VP_A11Y_DEBUG"):
                    print("PLAN", url.name, path, namn, svar.status_code, svar.get("Content-Type"))
                if svar.status_code == 405 or (svar.status_code == 200 and not _ar_sida(svar)):
                    break  # not a page (POST only, a file, JSON), whoever asks
                if _ar_sida(svar):
                    besok.append(Besok(url.name, path, namn))
                    if not FULL:
                        break
    besok += [Besok(path, path, "anonym") for path in OFFENTLIGA if not BARA or path in BARA]
    return besok, fragade, klienter


def _sida(browser, live_server, klient: Client | None, viewport):
    context = browser.new_context(locale="sv-SE", viewport=viewport)
    if klient is not None:
        cookie = klient.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_page_as_every_role_that_may_see_it(browser, live_server):
    start = time.monotonic()
    varld = bygg_varld()
    besok, fragade, klienter = _planera(varld)
    sidor: dict[str, object] = {}
    walk = Walk(besok=besok, kandidater=fragade)
    try:
        for b in besok:
            if b.aktor not in sidor:
                viewport = TELEFON if b.path.startswith("/alltidoppet/") else SKRIVBORD
                sidor[b.aktor] = _sida(browser, live_server, klienter.get(b.aktor), viewport)
            _context, page = sidor[b.aktor]
            svar = page.goto(live_server.url + b.path, wait_until="load")
            if svar is None or svar.status != 200:
                walk.problem.append(f"{b.path} ({b.namn}) som {b.aktor}: svarade {svar and svar.status} i Chromium")
                continue
            walk.problem += [f"{b.path} ({b.namn}) som {b.aktor}: {p}" for p in a11y_brott(page)]
    finally:
        for context, _page in sidor.values():
            context.close()
    namn = {b.namn for b in besok}
    print(f"\nTillgänglighetsvandringen: {len(namn)} sidor, {len({b.aktor for b in besok})} roller, {len(besok)} "
          f"sidvisningar ({'hela' if FULL else f'urval, seed {SEED}'}; {fragade} GET-förfrågningar för att hitta dem),"
          f" {time.monotonic() - start:.0f} s")
    maste = BARA or MASTE_NAS  # a named page that was not walked (a typo, or no role gets it) fails the rerun
    assert maste <= namn, sorted(maste - namn)
    assert not walk.problem, f"{len(walk.problem)} problem:\n" + "\n".join(walk.problem)


# --- the checks themselves can fail ---

SCHEMA_SOM_FORUT = """<html lang="sv"><head><title>x</title></head><body><main><h1>Schema</h1>
<form><p><label for="id_vardenhet">Enhet</label><select name="vardenhet" id="id_vardenhet"><option>A</option></select></p>
</form><form><p><label for="id_vardenhet">Enhet</label><select name="vardenhet" id="id_vardenhet"><option>A</option></select></p>
</form></main></body></html>"""

DIAGRAM_SOM_FORUT = """<html lang="sv"><head><title>x</title></head><body><main><h1>Klinik</h1>
<svg role="img" aria-labelledby="t" viewBox="0 0 100 100"><title id="t">Diagram</title>
<a href="#v1"><g><title>Vecka 1</title><rect x="1" y="1" width="5" height="5"/></g></a></svg></main></body></html>"""


@pytest.fixture
def sida(browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    yield page
    context.close()


def test_the_tree_finds_fields_that_share_an_id(sida):
    """Two forms with the same auto-ids (as /bokning/schema/ had): the second field has no name in Chromium's
    tree, and the ids are not unique."""
    sida.set_content(SCHEMA_SOM_FORUT)
    assert any(p.startswith("combobox utan tillgängligt namn") for p in namnlosa_kontroller(sida))
    assert dubbla_id(sida) == ["id 'id_vardenhet' finns 2 gånger"]


def test_the_walk_finds_links_inside_an_image(sida):
    """Links inside an SVG with role="img" (as the clinic chart had): axe or the tree reports them."""
    sida.set_content(DIAGRAM_SOM_FORUT)
    assert a11y_brott(sida)


LEDIGA_TIDER_SOM_FORUT = """<html lang="sv"><head><title>x</title></head><body><main><h1>Boka</h1><table>
<tr><td>tis 8 dec 09:00</td><td><form method="post"><input type="hidden" name="tid" value="1"><button>Boka</button></form></td></tr>
<tr><td>tis 8 dec 09:15</td><td><form method="post"><input type="hidden" name="tid" value="2"><button>Boka</button></form></td></tr>
</table><nav><a href="/invanare/1/">Ester</a></nav><p><a href="/invanare/1/">Ester</a></p></main></body></html>"""


def test_the_tree_finds_same_named_buttons_that_do_different_things(sida):
    """A "Boka" in every row of the free-slot list (as /bokning/…/boka/ had): reported. Two links with the same
    name to the same place are not."""
    sida.set_content(LEDIGA_TIDER_SOM_FORUT)
    brott = otydliga_kontroller(sida)
    assert len(brott) == 1 and brott[0].startswith("2 button heter 'Boka' men gör 2 olika saker"), brott
    sida.set_content(LEDIGA_TIDER_SOM_FORUT.replace('value="2"><button>Boka', 'value="2"><button>Boka 09:15'))
    assert otydliga_kontroller(sida) == []


def test_a_named_page_passes(sida):
    sida.set_content('<html lang="sv"><head><title>x</title></head><body><main><h1>Sida</h1>'
                     '<form><label for="a">Namn</label><input id="a"><button>Spara</button></form></main></body></html>')
    assert a11y_brott(sida) == []
