"""One allocation run against the database: lock, read the cohort, decide, write decisions and SMS.

Exactly once: the run record (unique key per day, or per late-registered pregnancy) is written first, the
work then happens in one transaction under a Postgres advisory lock, each pregnancy has at most one
Beslut (OneToOne) and every SMS has an idempotency key. A worker killed mid-run leaves nothing of the
decisions behind (the transaction rolls back); the redelivered task takes the lock and decides the same.

Daily quota (see docs/forlossning.md): women of one delivery week reach 22+0 on seven days. For each
week W in today's cohort and each clinic c, with R = capacity − already decided in W at c, k = today's
women of W and N = all still undecided registered women of W (today's included), today's quota is
ceil(R·k/N). Unused places and rounding stay in R for the later days (leftovers roll forward); on the
last day k = N and the quota is all of R. When the quotas of all clinics together cannot hold today's
women (the week is short of places), today's women may use the whole R instead.
"""
from __future__ import annotations

import datetime
import logging
import math
import time
from collections import defaultdict
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils.translation import gettext as _

from forlossning import graviditetsvecka as gv
from forlossning import klocka
from forlossning.fordelning import algoritm as alg
from forlossning.models import Beslut, Fordelningskorning, Graviditet, Kapacitet, Onskemal
from invanare.models import Postnummer, Vardrelation
from vardportalen.models import Vardenhet

logger = logging.getLogger("forlossning")

LAS_NYCKEL = 0x466F726C  # "Forl": pg_advisory_xact_lock for every allocation run
REGIONENS_MITT = (59.3326, 18.0649)  # Sergels torg: used only when a woman has no coordinates at all
SMS_BESLUT = "forlossning:beslut:{gid}"
SMS_PAMINNELSE = "forlossning:paminnelse:{gid}"


def kliniker_aktiva() -> list[Vardenhet]:
    return list(
        Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, aktiv=True, lat__isnull=False,
                                 lon__isnull=False).order_by("pk")
    )


def avstand_m(lat1, lon1, lat2, lon2) -> int:
    """Great-circle distance in whole metres (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * 6_371_000 * math.asin(math.sqrt(a)))


def _avstand_tabell(positioner: list[tuple[float, float]], kliniker: list[Vardenhet]) -> list[dict[int, int]]:
    import numpy as np

    if not positioner:
        return []
    lat = np.radians(np.array([p[0] for p in positioner]))[:, None]
    lon = np.radians(np.array([p[1] for p in positioner]))[:, None]
    klat = np.radians(np.array([k.lat for k in kliniker]))[None, :]
    klon = np.radians(np.array([k.lon for k in kliniker]))[None, :]
    a = np.sin((klat - lat) / 2) ** 2 + np.cos(lat) * np.cos(klat) * np.sin((klon - lon) / 2) ** 2
    meter = np.rint(2 * 6_371_000 * np.arcsin(np.sqrt(a))).astype(np.int64).tolist()
    ids = [k.pk for k in kliniker]
    return [dict(zip(ids, rad, strict=True)) for rad in meter]


def kohort_las(*, idag: datetime.date, kliniker: list[Vardenhet], graviditet_ids=None) -> list[alg.Kvinna]:
    """Every undecided active pregnancy that has reached 22+0 by ``idag`` (or just the given ids)."""
    urval = Graviditet.objects.obeslutade().filter(bf__lte=gv.bf_for_beslutsdag(idag))
    if graviditet_ids is not None:
        urval = urval.filter(pk__in=graviditet_ids)
    rader = list(urval.order_by("pk").values_list(
        "pk", "bf", "invanare__lat", "invanare__lon", "invanare__postnummer"))
    if not rader:
        return []
    klinik_ids = {k.pk for k in kliniker}
    onskemal: dict[int, list[int]] = defaultdict(list)
    onskemal_urval = Onskemal.objects.filter(graviditet__in=urval) if graviditet_ids is not None else \
        Onskemal.objects.filter(graviditet__avslutad__isnull=True, graviditet__beslut__isnull=True,
                                graviditet__bf__lte=gv.bf_for_beslutsdag(idag))
    for gid, klinik_id in onskemal_urval.order_by("graviditet_id", "rang").values_list("graviditet_id", "klinik_id"):
        if klinik_id in klinik_ids:
            onskemal[gid].append(klinik_id)
    saknar = {pn for _g, _bf, lat, _lon, pn in rader if lat is None and pn}
    postnummer = {p.pk: (p.lat, p.lon) for p in Postnummer.objects.filter(pk__in=saknar)} if saknar else {}
    positioner = [(lat, lon) if lat is not None and lon is not None else postnummer.get(pn, REGIONENS_MITT)
                  for _g, _bf, lat, lon, pn in rader]
    avstand = _avstand_tabell(positioner, kliniker)
    return [
        alg.Kvinna(id=gid, vecka=gv.vecka_start(bf), onskemal=tuple(onskemal.get(gid, ())), avstand=avstand[i],
                   ordning=gid)
        for i, (gid, bf, _lat, _lon, _pn) in enumerate(rader)
    ]


def kvoter_berakna(*, kohort: list[alg.Kvinna], kliniker: list[Vardenhet]):
    """Per week: (today's capacity per clinic, the week's places, decided so far) — see the module docstring."""
    veckor = sorted({k.vecka for k in kohort})
    idag_per_vecka = defaultdict(int)
    for k in kohort:
        idag_per_vecka[k.vecka] += 1
    platser = defaultdict(dict)
    for klinik_id, vecka, antal in Kapacitet.objects.filter(vecka__in=veckor).values_list("klinik_id", "vecka", "platser"):
        platser[vecka][klinik_id] = antal
    beslutade = defaultdict(dict)
    for row in Beslut.objects.filter(vecka__in=veckor).values("klinik_id", "vecka").annotate(n=Count("pk")):
        beslutade[row["vecka"]][row["klinik_id"]] = row["n"]
    obeslutade = {
        row["v"]: row["n"]
        for row in Graviditet.objects.obeslutade()
        .filter(bf__gte=veckor[0], bf__lt=veckor[-1] + datetime.timedelta(days=7))
        .annotate(v=TruncWeek("bf")).values("v").annotate(n=Count("pk"))
    } if veckor else {}
    resultat = {}
    for vecka in veckor:
        k = idag_per_vecka[vecka]
        n = max(obeslutade.get(vecka, 0), k)
        rest = {c.pk: max(platser[vecka].get(c.pk, 0) - beslutade[vecka].get(c.pk, 0), 0) for c in kliniker}
        kvot = {c: -(-r * k // n) for c, r in rest.items()}  # ceil(R·k/N)
        anvand = kvot if sum(kvot.values()) >= k else rest
        resultat[vecka] = (anvand, platser[vecka], dict(beslutade[vecka]))
    return resultat


def _sms_texter(klinik: Vardenhet, vecka: datetime.date) -> tuple[str, str]:
    beslut = _(
        "Alltid öppet: Du har fått plats för din förlossning på %(klinik)s (beräknad förlossning %(vecka)s). "
        "Mer information finns i appen Alltid öppet."
    ) % {"klinik": klinik.namn, "vecka": gv.vecka_text(vecka)}
    paminnelse = _(
        "Påminnelse från Alltid öppet: du har fått plats för din förlossning på %(klinik)s. "
        "Läs mer i appen Alltid öppet."
    ) % {"klinik": klinik.namn}
    return beslut, paminnelse


def _korning_start(*, nyckel: str, typ: str, idag: datetime.date, nu) -> Fordelningskorning | None:
    """The run record, committed before the work so that an attempt that dies is still on record."""
    with transaction.atomic():
        korning, _skapad = Fordelningskorning.objects.select_for_update().get_or_create(
            idempotensnyckel=nyckel, defaults={"typ": typ, "datum": idag, "seed": f"forlossning-{idag.isoformat()}"})
        if korning.status == Fordelningskorning.Status.KLAR:
            return None
        korning.forsok += 1
        korning.startad = nu
        korning.save(update_fields=["forsok", "startad"])
        return korning


def fordelning_kor(*, nu: datetime.datetime | None = None, typ: str = Fordelningskorning.Typ.DAGLIG,
                   graviditet_ids: list[int] | None = None, berakna_jamforelse: bool = True) -> Fordelningskorning:
    """Decide every undecided pregnancy that has reached 22+0 (daily), or the given late-registered ones."""
    nu = nu or klocka.nu()
    idag = klocka.idag(nu)
    if typ == Fordelningskorning.Typ.DAGLIG:
        nyckel = f"daglig:{idag.isoformat()}"
    else:
        nyckel = f"omedelbar:{idag.isoformat()}:{','.join(map(str, sorted(graviditet_ids or [])))}"[:100]
    if _korning_start(nyckel=nyckel, typ=typ, idag=idag, nu=nu) is None:
        return Fordelningskorning.objects.get(idempotensnyckel=nyckel)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LAS_NYCKEL])
        korning = Fordelningskorning.objects.select_for_update().get(idempotensnyckel=nyckel)
        if korning.status == Fordelningskorning.Status.KLAR:
            return korning  # another worker finished it while we waited for the lock
        start = time.perf_counter()
        _kor(korning=korning, nu=nu, idag=idag, graviditet_ids=graviditet_ids, berakna_jamforelse=berakna_jamforelse)
        korning.sekunder = time.perf_counter() - start
        korning.status, korning.klar = Fordelningskorning.Status.KLAR, nu
        korning.save()
    return korning


class _Tider(dict):
    """Seconds per phase of a run, kept in the run record (the benchmark reads them)."""

    def __call__(self, fas):
        tider = self

        class _M:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                tider[fas] = tider.get(fas, 0.0) + time.perf_counter() - self.t

        return _M()


def _kor(*, korning, nu, idag, graviditet_ids, berakna_jamforelse) -> None:
    tider = _Tider()
    with tider("las"):
        kliniker = kliniker_aktiva()
        if not kliniker:
            raise RuntimeError("Det finns inga aktiva förlossningskliniker med position.")
        klinik_ids = tuple(k.pk for k in kliniker)
        kohort = kohort_las(idag=idag, kliniker=kliniker, graviditet_ids=graviditet_ids)
        per_vecka = defaultdict(list)
        for k in kohort:
            per_vecka[k.vecka].append(k)
        kvoter = kvoter_berakna(kohort=kohort, kliniker=kliniker) if kohort else {}
    seed = korning.seed
    beslut: list[tuple[alg.Kvinna, int, bool]] = []
    da, opt, gir = alg.Matt(), alg.Matt(), alg.Matt()
    for vecka, kvinnor in sorted(per_vecka.items()):
        kapacitet, platser, beslutade = kvoter[vecka]
        with tider("besluta"):
            utfall = alg.uppskjuten_acceptans(kvinnor, kapacitet, klinik_ids, seed)
            anvanda = dict(beslutade)
            for klinik in utfall.placering.values():
                anvanda[klinik] = anvanda.get(klinik, 0) + 1
            overfulla = alg.overbelagg(kvinnor, utfall.utan_plats, platser=platser, anvanda=anvanda,
                                       kliniker=klinik_ids, seed=seed)
            efter_id = {k.id: k for k in kvinnor}
            beslut += [(efter_id[kid], klinik, False) for kid, klinik in utfall.placering.items()]
            beslut += [(efter_id[kid], klinik, True) for kid, klinik in overfulla.items()]
        da = da.plus(alg.matt(kvinnor, utfall))
        if berakna_jamforelse:
            with tider("optimum"):
                opt = opt.plus(alg.optimum(kvinnor, kapacitet, klinik_ids))
            with tider("girig"):
                gir = gir.plus(alg.matt(kvinnor, alg.girig(kvinnor, kapacitet, klinik_ids, seed)))
    with tider("skriv"):
        beslut_skriv(korning=korning, beslut=beslut, kliniker=kliniker, nu=nu)
    korning.antal = len(beslut)
    korning.antal_valde = sum(1 for k, _c, _o in beslut if k.valde)
    korning.antal_overfulla = sum(1 for _k, _c, o in beslut if o)
    korning.kvoter = {gv.vecka_slug(v): {str(c): n for c, n in kvoter[v][0].items()} for v in sorted(kvoter)}
    korning.resultat = {"da": da.som_dict(), "sekunder": {k: round(v, 4) for k, v in tider.items()}}
    if berakna_jamforelse:
        korning.resultat |= {"optimum": opt.som_dict(), "girig": gir.som_dict()}
        korning.gap = da.objektiv - opt.objektiv
    logger.info("Fördelning %s: %s beslut, %s överfulla", korning.idempotensnyckel, korning.antal,
                korning.antal_overfulla)


class _Kontakt(NamedTuple):
    """What the outbox needs of a citizen, read as plain columns (no model instances for 100,000 rows)."""

    pk: int
    skydd: str
    mobilnummer: str

    @property
    def ar_skyddad(self) -> bool:
        return bool(self.skydd)


def beslut_skriv(*, korning, beslut, kliniker, nu) -> None:
    """Decisions, the clinic's care relation, the decision SMS and the next day's reminder: one transaction."""
    from vardportalen.demo.writer import write_rows
    from vardportalen.sms.bulk import copy_insert_ignore
    from vardportalen.sms.services import SmsNytt, sms_enqueue_flera

    if not beslut:
        return
    efter_id = {k.pk: k for k in kliniker}
    rader = [
        (k.id, klinik, k.vecka, korning.pk, k.rang(klinik), k.valde, k.avstand[klinik], overfull, nu)
        for k, klinik, overfull in beslut
    ]
    namn = ["graviditet_id", "klinik_id", "vecka", "korning_id", "rang", "valde", "avstand_m", "overfull", "beslutad"]
    if len(rader) > 500:
        write_rows(Beslut, namn, rader)
    else:
        Beslut.objects.bulk_create([Beslut(**dict(zip(namn, r, strict=True))) for r in rader])
    gravida = {
        gid: (_Kontakt(inv, skydd, mobil), bekraftad)
        for gid, inv, skydd, mobil, bekraftad in Graviditet.objects.filter(beslut__korning=korning).values_list(
            "pk", "invanare_id", "invanare__skydd", "invanare__mobilnummer", "sms_skyddad_bekraftad")
    }
    anledning = _("Tilldelad plats för förlossning")
    copy_insert_ignore(Vardrelation, ["invanare_id", "vardenhet_id", "fran", "anledning", "skapad_av_hsa_id"],
                       ((gravida[k.id][0].pk, klinik, nu, anledning, "") for k, klinik, _o in beslut))
    texter = {}
    sms = []
    imorgon = nu + datetime.timedelta(days=1)
    for k, klinik, _o in beslut:
        kontakt, bekraftad = gravida[k.id]
        if (klinik, k.vecka) not in texter:
            texter[(klinik, k.vecka)] = _sms_texter(efter_id[klinik], k.vecka)
        text_beslut, text_paminnelse = texter[(klinik, k.vecka)]
        sms.append(SmsNytt(kontakt, text_beslut, SMS_BESLUT.format(gid=k.id), "forlossning_beslut", nu, bekraftad))
        sms.append(SmsNytt(kontakt, text_paminnelse, SMS_PAMINNELSE.format(gid=k.id), "forlossning_paminnelse",
                           imorgon, bekraftad))
    sms_enqueue_flera(meddelanden=sms, nu=nu)
