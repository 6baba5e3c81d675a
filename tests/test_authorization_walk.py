"""The authorization walk: every URL pattern (portal, app API and admin), as every kind of actor, with objects
of two units and a protected citizen.

The URL list comes from the URL resolver (tests/test_authorization.py walks it), so a new view is walked the
day it lands. Each URL's kwargs are filled with real objects of the world in tests/fixtures/varld.py: the
actor's own unit's (``egen``), the other unit's (``annan``) and the protected citizen's (``skyddad``); admin
change pages get an object of their own model. Every request is a GET and an empty POST, each run in a
savepoint that is rolled back, so no request changes what the next one sees.

A request fails the walk when
- it answers 500 (or raises);
- the page shows a citizen without a care relation to the actor's unit, or another unit's object (marker
  texts), except in the region-wide admin for an admin with permissions;
- the page shows the protected citizen's address, phone number or the distance to her decided clinic, or the
  app shows her proxy any distance from her home;
- a staff page that shows a citizen (name or identity number) wrote no allowed access-log row for her;
- a refusal (403/404) of a URL that names a citizen's data wrote no "nekad" access-log row.

CI walks a fixed seeded sample of portal and admin (every URL pattern at least twice) and the whole app API:
about 1,700 requests, about a minute. The full walk (14,652 requests, about 10 minutes on 2 cores):

    VP_AUTHZ_WALK=full .venv/bin/python -m devtools.testrun tests/test_authorization_walk.py -s  # make test-authz-full

``VP_AUTHZ_SEED=<n>`` draws another sample. ``-s`` prints how many patterns, actors and requests were walked.
"""
from __future__ import annotations

import copy
import os
import random
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from invanare.behorighet import Syfte, far_agera
from invanare.models import AppSession, Invanare
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import login_session
from tests.fixtures.varld import Aktor, Varld, bygg_varld
from tests.test_authorization import ALL, APP_API, CITIZEN_WEB, Url
from vardportalen.models import Atkomstlogg

FULL = os.environ.get("VP_AUTHZ_WALK") == "full"
SEED = int(os.environ.get("VP_AUTHZ_SEED", "13"))
SLUMPADE_PER_URL = 4

# URL kwarg -> kind of object in the world. "bilaga_id" depends on the app (see _typ_for).
KWARG_TYP = {
    "invanare_id": "invanare", "bokning_id": "bokning", "konversation_id": "konversation",
    "dokument_id": "dokument", "omgang_id": "omgang", "uppsattning_id": "uppsattning",
    "kriterium_id": "kriterium", "tidstyp_id": "tidstyp", "vardenhet_id": "vardenhet", "klinik_id": "klinik",
    "korning_id": "korning", "mall_id": "svarsmall",
    "erbjudande_id": "erbjudande", "mottagare_id": "mottagare", "tid_id": "tid",
}
ADMIN_OBJEKT = re.compile(r"^/admin/(?P<app>\w+)/(?P<model>\w+)/(?P<pk>[^/]+)/")


def _typ_for(url: Url, kwarg: str) -> str | None:
    if kwarg == "bilaga_id":
        return "dokument_bilaga" if "dokument" in url.path else "meddelanden_bilaga"
    return KWARG_TYP.get(kwarg)


def _invanare_i(obj) -> list[Invanare]:
    """The citizens an object is data of."""
    if isinstance(obj, Invanare):
        return [obj]
    hittade = []
    for f in obj._meta.concrete_fields:
        if f.is_relation and f.related_model is Invanare:
            inv = getattr(obj, f.name)
            if inv is not None:
                hittade.append(inv)
    for vag in ("dokument", "meddelande", "konversation", "bokning", "graviditet", "uppsattning"):
        if not hittade and hasattr(obj, vag) and getattr(obj, vag, None) is not None:
            hittade = _invanare_i(getattr(obj, vag))
    return hittade


@dataclass(frozen=True)
class Fyllning:
    """One way of filling a URL's kwargs: the path and the citizens whose data it names."""

    namn: str
    path: str
    invanare: tuple[int, ...] = ()


def _sida_for_invanare(varld: Varld, inv: Invanare) -> str:
    nyckel = next((k for k, m in varld.medborgare.items() if m.invanare.pk == inv.pk), "A")
    return {"S": "S", "GA": "A", "GB": "B", "BARN": "B"}.get(nyckel, nyckel)


def _admin_objekt(varld: Varld, app_label: str, model_name: str) -> dict[str, object]:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return {}
    per_sida: dict[str, object] = {}
    a_enheter, b_enheter = varld.enheter_for("A"), varld.enheter_for("B")
    for obj in model._default_manager.order_by("pk")[:60]:
        citizens = _invanare_i(obj)
        if citizens:
            sida = _sida_for_invanare(varld, citizens[0])
        elif getattr(obj, "vardenhet_id", None) in b_enheter:
            sida = "B"
        elif getattr(obj, "vardenhet_id", None) in a_enheter:
            sida = "A"
        else:
            sida = "A"
        per_sida.setdefault(sida, obj)
    return per_sida


def fyllningar(varld: Varld, url: Url, hemma: str | None) -> list[Fyllning]:
    """The paths to ask for: own, other and protected objects in place of the URL's dummy kwargs."""
    sidor = {"A": {"egen": "A", "annan": "B", "skyddad": "S"},
             "B": {"egen": "B", "annan": "A", "skyddad": "S"},
             "S": {"egen": "S", "annan": "A", "annan-b": "B"}}.get(hemma, {"A": "A", "B": "B", "skyddad": "S"})
    match = ADMIN_OBJEKT.match(url.path)
    if match and "object_id" in url.kwargs:
        objekt = _admin_objekt(varld, match["app"], match["model"])
        ut = []
        for namn, sida in sidor.items():
            obj = objekt.get(sida)
            if obj is not None:
                path = url.path.replace(f"/{match['pk']}/", f"/{obj.pk}/", 1)
                ut.append(Fyllning(namn, path, tuple(i.pk for i in _invanare_i(obj))))
        return ut or [Fyllning("dummy", url.path)]
    typer = {k: _typ_for(url, k) for k in url.kwargs}
    if not any(typer.values()) and "vecka" not in url.kwargs:
        return [Fyllning("utan-objekt", url.path)]
    ut = []
    for namn, sida in sidor.items():
        varden, invanare = {}, []
        for kwarg, typ in typer.items():
            if typ is None:
                continue
            per_sida = varld.objekt.get(typ, {})
            obj = per_sida.get(sida) or per_sida.get("A" if sida == "S" else sida)
            if obj is None:
                continue
            varden[kwarg] = obj.pk
            invanare += _invanare_i(obj)
        if "vecka" in url.kwargs:
            varden["vecka"] = gv.vecka_slug(gv.vecka_start(timezone.localdate()))
        match = resolve(url.path)
        try:
            path = reverse(match.view_name, kwargs={**match.kwargs, **varden})
        except Exception:  # noqa: BLE001 - a pattern whose dummies we can't replace: walk it with the dummies
            path = url.path
        ut.append(Fyllning(namn, path, tuple(sorted({i.pk for i in invanare}))))
    return list({f.path: f for f in ut}.values())


# --- what must not be on a page ---


def _hemliga_markorer(aktor: Aktor) -> tuple[str, ...]:
    if aktor.invanare is not None:  # a citizen's token: only her own objects
        return tuple(f"MARKOR-{x}-" for x in "ABS" if x != aktor.hemma)
    if aktor.hemma == "A":
        return ("MARKOR-B-",)
    if aktor.hemma == "B":
        return ("MARKOR-A-", "MARKOR-S-")
    return ("MARKOR-A-", "MARKOR-B-", "MARKOR-S-")


class Granskare:
    """Checks one response; collects problems instead of stopping at the first."""

    def __init__(self, varld: Varld):
        self.varld = varld
        self.problem: list[str] = []
        self.antal = 0
        self.hela = False
        self.url_namn: set[str] = set()
        self._synliga: dict[str, set[str]] = {}
        skyddade = [m for m in varld.medborgare.values() if m.skyddad]
        self.skyddat = [s for m in skyddade for s in m.kontaktuppgifter] + [str(varld.skyddat_avstand_m)]

    def synliga(self, aktor: Aktor) -> set[str]:
        if aktor.namn not in self._synliga:
            if aktor.invanare is not None:
                sina = {aktor.invanare.pk}
                if aktor.agerar_for is not None and far_agera(aktor=aktor.invanare, for_invanare=aktor.agerar_for,
                                                              syfte=Syfte.OVERSIKT).tillaten:
                    sina.add(aktor.agerar_for.pk)
                self._synliga[aktor.namn] = {k for k, m in self.varld.medborgare.items() if m.invanare.pk in sina}
            else:
                self._synliga[aktor.namn] = self.varld.synliga_for(aktor)
        return self._synliga[aktor.namn]

    def granska(self, *, aktor: Aktor, url: Url, fyllning: Fyllning, metod: str, svar, nya_rader: list[Atkomstlogg]):
        var = f"{metod} {fyllning.path} ({url.name}, {fyllning.namn}) som {aktor.namn}"
        status = svar.status_code
        if status >= 500:
            self.problem.append(f"{var}: svarade {status}")
            return
        html = b"".join(svar) if getattr(svar, "streaming", False) else svar.content
        html = html.decode(errors="replace")
        for hemligt in self.skyddat:
            if hemligt and hemligt in html:
                self.problem.append(f"{var}: visar skyddad uppgift {hemligt!r}")
        region_admin = aktor.regionadmin and fyllning.path.startswith("/admin/")
        synliga = self.synliga(aktor)
        if not region_admin:
            for markor in _hemliga_markorer(aktor):
                if markor in html:
                    self.problem.append(f"{var}: visar en annan enhets objekt ({markor}…)")
            for nyckel, m in self.varld.medborgare.items():
                if nyckel not in synliga and any(s in html for s in m.identiteter[:2]):
                    self.problem.append(f"{var}: visar {m.invanare.efternamn}, som enheten inte har vårdrelation med")
        ombud_for_skyddad = aktor.agerar_for is not None and aktor.agerar_for.ar_skyddad
        if ombud_for_skyddad and re.search(r'"avstand[a-z_]*":\s*[0-9]', html):
            self.problem.append(f"{var}: visar ett avstånd från den skyddades hem för ombudet")
        if aktor.invanare is not None:
            # A citizen's reads write no PDL row (PDL's log is about staff, the app API writes none either);
            # any row her request writes names only herself or whom she may act for, never anyone else.
            for r in nya_rader:
                if r.invanare_identitet and r.invanare_identitet not in {
                        m.invanare.id_nummer for k, m in self.varld.medborgare.items() if k in synliga}:
                    self.problem.append(f"{var}: skrev en rad i åtkomstloggen om en annan invånare")
            return
        if not aktor.aktiv:
            return
        lasta = {r.invanare_identitet for r in nya_rader if r.utfall == Atkomstlogg.Utfall.TILLATEN}
        if 200 <= status < 300:
            for m in self.varld.medborgare.values():
                if any(s in html for s in m.identiteter[:2]) and m.invanare.id_nummer not in lasta:
                    self.problem.append(f"{var}: visar {m.invanare.efternamn} utan rad i åtkomstloggen")
        if status in (403, 404) and fyllning.invanare:
            if not any(r.utfall == Atkomstlogg.Utfall.NEKAD for r in nya_rader):
                self.problem.append(f"{var}: nekade ({status}) utan rad med utfall nekad i åtkomstloggen")


# --- the walk ---


def _webbklient(aktor: Aktor) -> Client:
    """A citizen logged in to the citizen web (the demo e-ID). Acting for someone she may no longer act for (a
    blocked guardian) is the state a block leaves behind: the session still names the child."""
    klient = Client(raise_request_exception=False)
    svar = klient.post("/alltidoppet/inloggning/demo/", {"personnummer": aktor.invanare.id_nummer})
    assert svar.status_code == 302 and svar["Location"] == "/alltidoppet/", (aktor.namn, svar.status_code)
    if aktor.agerar_for is not None:
        klient.post("/alltidoppet/agera-for/", {"id": aktor.agerar_for.pk})
        session = AppSession.objects.filter(invanare=aktor.invanare).latest("pk")
        if session.agerar_for_id != aktor.agerar_for.pk:
            AppSession.objects.filter(pk=session.pk).update(agerar_for=aktor.agerar_for)
    return klient


def _klient(aktor: Aktor) -> Client | AppKlient:
    if aktor.webb:
        return _webbklient(aktor)
    if aktor.invanare is not None:
        klient = AppKlient.logga_in(aktor.invanare)
        if aktor.agerar_for is not None:
            klient.agera_for(aktor.agerar_for)
        return klient
    return login_session(Client(raise_request_exception=False), aktor.uppdrag)


def _fraga(klient, metod: str, path: str):
    """One request; the client's cookies are put back afterwards, as the database is (a POST to a logout or to
    "Välj uppdrag" must not change who asks next)."""
    bas = klient.client if isinstance(klient, AppKlient) else klient
    kakor = copy.deepcopy(bas.cookies)
    try:
        return _skicka(klient, metod, path)
    finally:
        bas.cookies = kakor


def _skicka(klient, metod: str, path: str):
    if isinstance(klient, AppKlient):
        headers = klient._headers()
        c = klient.client
        c.raise_request_exception = False
        return c.get(path, **headers) if metod == "GET" else c.post(path, data="{}", content_type="application/json",
                                                                    **headers)
    return klient.get(path) if metod == "GET" else klient.post(path)


def _kombinationer(varld: Varld, urls: list[Url], aktorer: list[Aktor], *, hela: bool = False):
    alla = [(url, aktor, f, metod) for url in urls for aktor in aktorer for f in fyllningar(varld, url, aktor.hemma)
            for metod in ("GET", "POST")]
    if FULL or hela:
        return alla
    rng = random.Random(SEED)
    per_url: dict[str, list] = {}
    for k in alla:
        per_url.setdefault(k[0].name, []).append(k)
    valda = []
    for namn in sorted(per_url):
        kandidater = per_url[namn]
        # always: another unit's object as an ordinary nurse of A, and the protected citizen's as the superuser
        fasta = [k for k in kandidater if k[3] == "GET" and (
            (k[1].namn == "sjukskoterska@A" and k[2].namn in ("annan", "utan-objekt", "dummy"))
            or (k[1].namn == "superuser@A" and k[2].namn in ("skyddad", "utan-objekt", "dummy")))]
        ovriga = [k for k in kandidater if k not in fasta]
        valda += fasta + rng.sample(ovriga, min(SLUMPADE_PER_URL, len(ovriga)))
    return valda


def _walk(varld: Varld, urls: list[Url], aktorer: list[Aktor], *, hela: bool = False) -> Granskare:
    granskare = Granskare(varld)
    granskare.hela = FULL or hela
    klienter = {a.namn: _klient(a) for a in aktorer}
    for url, aktor, fyllning, metod in _kombinationer(varld, urls, aktorer, hela=hela):
        senaste = Atkomstlogg.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with transaction.atomic():
            svar = _fraga(klienter[aktor.namn], metod, fyllning.path)
            nya = list(Atkomstlogg.objects.filter(id__gt=senaste))
            granskare.granska(aktor=aktor, url=url, fyllning=fyllning, metod=metod, svar=svar, nya_rader=nya)
            transaction.set_rollback(True)
        granskare.antal += 1
        granskare.url_namn.add(url.name)
    return granskare


def _rapport(titel: str, urls: list[Url], aktorer: list[Aktor], g: Granskare) -> None:
    print(f"\n{titel}: {len(g.url_namn)} av {len(urls)} URL-mönster, {len(aktorer)} aktörer, {g.antal} förfrågningar"
          f" ({'hela' if g.hela else f'urval, seed {SEED}'})")
    assert g.url_namn == {u.name for u in urls}, sorted({u.name for u in urls} - g.url_namn)
    assert not g.problem, f"{len(g.problem)} problem:\n" + "\n".join(sorted(set(g.problem)))


PORTAL = [u for u in ALL if not u.path.startswith("/admin/")]
ADMIN = [u for u in ALL if u.path.startswith("/admin/")]


@pytest.fixture
def varld() -> Varld:
    return bygg_varld()


def test_walk_portal(varld):
    _rapport("Portalen", PORTAL, varld.aktorer, _walk(varld, PORTAL, varld.aktorer))


def test_walk_admin(varld):
    _rapport("Admin", ADMIN, varld.aktorer, _walk(varld, ADMIN, varld.aktorer))


def test_walk_app_api(varld):
    """Each citizen's token asks for her own objects and for the other citizens' (a token for another citizen)."""
    aktorer = [Aktor(f"app:{k}", hemma=k, invanare=varld.medborgare[k].invanare) for k in ("A", "B", "S")]
    # Greta is Sara's proxy: acting for her, she sees Sara's objects, and still not Sara's address or phone
    aktorer.append(Aktor("app:GA-ombud-for-S", hemma="S", invanare=varld.medborgare["GA"].invanare,
                         agerar_for=varld.medborgare["S"].invanare))
    _rapport("Appens API", APP_API, aktorer, _walk(varld, APP_API, aktorer, hela=True))  # small: always whole


def test_every_actor_kind_is_walked(varld):
    namn = {a.namn for a in varld.aktorer}
    assert {"sjukskoterska@B", "utganget-uppdrag@A", "superuser@A", "admin-utan-behorighet@A"} <= namn
    assert {f"{r}@A" for r in ("barnmorska", "sjukskoterska", "lakare", "administrator", "verksamhetschef",
                                "systemforvaltare", "schemalaggare", "regional_planerare",
                                "regional_administrator")} <= namn


def webbaktorer(varld: Varld) -> list[Aktor]:
    """The citizen web's actors: each side's citizen, Greta as the protected Sara's proxy, and Bodil, whose
    proxy rights for her child Bruno are blocked while her session still names him."""
    m = varld.medborgare
    aktorer = [Aktor(f"webb:{k}", hemma=k, invanare=m[k].invanare, webb=True) for k in ("A", "B", "S")]
    aktorer.append(Aktor("webb:GA-ombud-for-S", hemma="S", invanare=m["GA"].invanare, agerar_for=m["S"].invanare,
                         webb=True))
    aktorer.append(Aktor("webb:B-blockerad-for-BARN", hemma="B", invanare=m["B"].invanare,
                         agerar_for=m["BARN"].invanare, webb=True))
    return aktorer


def test_walk_citizen_web(varld):
    """Every alltidoppet URL, GET and empty POST, as every citizen-web actor with her own, another's and the
    protected citizen's objects: nothing of anyone else, no protected address or phone, no 500; the blocked
    guardian is refused at every request (she never sees Bruno)."""
    aktorer = webbaktorer(varld)
    # the walk reaches the pages: each actor's start page answers (no terms or login in the way)
    for aktor in aktorer[:3]:
        svar = _webbklient(aktor).get("/alltidoppet/")
        assert svar.status_code == 200 and aktor.invanare.fornamn in svar.content.decode(), aktor.namn
    ombud = _webbklient(aktorer[3]).get("/alltidoppet/").content.decode()
    assert f"Du agerar för <strong>{varld.medborgare['S'].invanare.namn}</strong>" in ombud
    blockerad = _webbklient(aktorer[4])
    svar = blockerad.get("/alltidoppet/dokument/")
    assert svar.status_code == 302 and svar["Location"] == "/alltidoppet/"
    assert varld.medborgare["BARN"].invanare.efternamn not in blockerad.get("/alltidoppet/").content.decode()
    _rapport("Invånarwebben", CITIZEN_WEB, aktorer, _walk(varld, CITIZEN_WEB, aktorer, hela=True))
