"""One allocation run against the database: lock, read the cohort, decide, write decisions and SMS.

Exactly once: the run record (unique key per day, or per late-registered pregnancy) is written first, the
work then happens in one transaction under a Postgres advisory lock, each pregnancy has at most one
Beslut (OneToOne) and every SMS has an idempotency key. A worker killed mid-run leaves nothing of the
decisions behind (the transaction rolls back); the redelivered task takes the lock and decides the same.

The week as a whole (see docs/forlossning.md): women of one delivery week reach 22+0 on seven days. Each run reads
every known undecided woman of the weeks it decides (today's and those of later days, with their current wishes),
decides each week with ``snabb.vecka_besluta`` over that whole cohort (the week's decided women fixed where they are,
a margin held back for late registrations when the week is short, see ``marginal_andelar``) and commits only the women
whose day it is.
"""
from __future__ import annotations

import datetime
import logging
import math
import time
from collections import defaultdict

import numpy as np
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from forlossning import graviditetsvecka as gv
from forlossning import klocka
from forlossning.brev import beslutsbrev_for_korning
from forlossning.fordelning import algoritm as alg
from forlossning.fordelning import snabb
from forlossning.models import Beslut, Fordelningskorning, Graviditet, Kapacitet, Onskemal
from invanare.models import IdTyp, Invanare, Postnummer, Vardrelation
from vardportalen import pgarray
from vardportalen.models import Vardenhet

logger = logging.getLogger("forlossning")

LAS_NYCKEL = 0x466F726C  # "Forl": pg_advisory_xact_lock for every allocation run
REGIONENS_MITT = (59.3326, 18.0649)  # Sergels torg: used only when a woman has no coordinates at all
SMS_BESLUT = "forlossning:beslut:{gid}"


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


def kohort_las(*, idag: datetime.date, kliniker: list[Vardenhet], graviditet_ids=None,
               veckor: list[datetime.date] | None = None) -> snabb.Kohort:
    """Every undecided active pregnancy that has reached 22+0 by ``idag`` (or just the given ids) — marked ``idag``
    — and every other undecided active pregnancy of their delivery weeks (decided on later days), as arrays: one
    query, with her wishes in rank order, the Monday of her delivery week (as an ordinal), and her position from
    the address, else the postal code's centroid, else Sergels torg. The citizen by primary key per woman (LATERAL
    … OFFSET 0), not a join the planner may answer by hashing the region's whole citizen table."""
    g, inv, pn, o = (connection.ops.quote_name(m._meta.db_table) for m in (Graviditet, Invanare, Postnummer, Onskemal))
    b = connection.ops.quote_name(Beslut._meta.db_table)
    if veckor is not None:  # a forecast: the undecided women of these weeks, none of them decided now
        villkor, idag_villkor = "g.bf >= %(fran)s AND g.bf < %(till)s AND date_trunc('week', g.bf)::date = ANY(%(v)s)", "false"
    elif graviditet_ids is None:  # the weeks up to the one of today's women: BF before the Monday after it
        villkor, idag_villkor = "g.bf < %(veckoslut)s", "g.bf <= %(bf)s"
    else:
        villkor = (f"date_trunc('week', g.bf) IN (SELECT date_trunc('week', x.bf) FROM {g} x "
                   f"WHERE x.id = ANY(%(ids)s))")
        idag_villkor = "g.id = ANY(%(ids)s)"
    sql = f"""
        SELECT g.id, date_trunc('week', g.bf)::date - DATE '0001-01-01' + 1, g.invanare_id, g.sms_skyddad_bekraftad,
               CASE WHEN i.lat IS NOT NULL AND i.lon IS NOT NULL THEN i.lat
                    WHEN i.lat IS NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lat ELSE %(mitt_lat)s END,
               CASE WHEN i.lat IS NOT NULL AND i.lon IS NOT NULL THEN i.lon
                    WHEN i.lat IS NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lon ELSE %(mitt_lon)s END,
               val.kliniker, {idag_villkor}
        FROM {g} g
        CROSS JOIN LATERAL (SELECT i.lat, i.lon, i.postnummer FROM {inv} i WHERE i.id = g.invanare_id OFFSET 0) i
        LEFT JOIN {pn} p ON p.postnummer = i.postnummer AND i.lat IS NULL
        LEFT JOIN LATERAL (SELECT array_agg(o.klinik_id ORDER BY o.rang) AS kliniker FROM {o} o
                           WHERE o.graviditet_id = g.id AND o.klinik_id = ANY(%(kliniker)s)) val ON true
        WHERE g.avslutad IS NULL
          AND NOT EXISTS (SELECT 1 FROM {b} b WHERE b.graviditet_id = g.id)
          AND {villkor}
        ORDER BY g.id"""
    klinik_ids = [k.pk for k in kliniker]
    param = {"mitt_lat": REGIONENS_MITT[0], "mitt_lon": REGIONENS_MITT[1], "kliniker": klinik_ids,
             "bf": gv.bf_for_beslutsdag(idag), "ids": list(graviditet_ids or []),
             "veckoslut": gv.vecka_start(gv.bf_for_beslutsdag(idag)) + datetime.timedelta(days=7),
             "v": list(veckor or []), "fran": min(veckor or [], default=idag),
             "till": max(veckor or [], default=idag) + datetime.timedelta(days=7)}
    with connection.cursor() as cursor:
        cursor.execute(sql, param)
        rader = cursor.fetchall()
    n = len(rader)
    kolumn = {k: i for i, k in enumerate(klinik_ids)}
    onskemal = np.full((n, snabb.MAX_ONSKEMAL), -1, dtype=np.int64)
    for i, r in enumerate(rader):
        if r[6]:
            onskemal[i, :len(r[6])] = [kolumn[k] for k in r[6]]
    gid, vecka, invanare, bekraftad, lat, lon = (
        np.fromiter((r[j] for r in rader), dtype=typ, count=n)
        for j, typ in enumerate((np.int64, np.int64, np.int64, bool, float, float)))
    idag_mask = np.fromiter((r[7] for r in rader), dtype=bool, count=n)
    avstand = snabb.avstand_matris(lat, lon, np.array([k.lat for k in kliniker], dtype=float),
                                   np.array([k.lon for k in kliniker], dtype=float))
    return snabb.Kohort(gid=gid, vecka=vecka, onskemal=onskemal, avstand=avstand, kliniker=tuple(klinik_ids),
                        invanare=invanare, sms_bekraftad=bekraftad, idag=idag_mask)


HISTORIK_VECKOR = 8  # delivery weeks of run history behind the late-registration margin


def marginal_andelar(dagar: set[datetime.date], per_vecka=None) -> dict[datetime.date, float]:
    """Per day: the share of women registered late (decided by an ``omedelbar`` run: registered, or BF corrected,
    after 22+0) among all decided women of the HISTORIK_VECKOR most recent delivery weeks that had ended by that
    day (their Sunday before it: no more late registrations will come for them). 0 without history.
    ``per_vecka``: {week: [decided, of them late]} as ``veckolage_las`` reads it (else one query)."""
    if not dagar:
        return {}
    slut = {d: gv.vecka_start(d) for d in dagar}
    if per_vecka is None:
        per_vecka = defaultdict(lambda: [0, 0])
        fran = min(slut.values()) - datetime.timedelta(weeks=HISTORIK_VECKOR)
        rader = (Beslut.objects.filter(vecka__gte=fran, vecka__lt=max(slut.values())).values("vecka", "korning__typ")
                 .annotate(n=Count("pk")))
        for r in rader:
            per_vecka[r["vecka"]][0] += r["n"]
            if r["korning__typ"] == Fordelningskorning.Typ.OMEDELBAR:
                per_vecka[r["vecka"]][1] += r["n"]
    resultat = {}
    for d, s in slut.items():
        veckor = [per_vecka[s - datetime.timedelta(weeks=i)] for i in range(1, HISTORIK_VECKOR + 1)
                  if s - datetime.timedelta(weeks=i) in per_vecka]
        alla = sum(v[0] for v in veckor)
        resultat[d] = sum(v[1] for v in veckor) / alla if alla else 0.0
    return resultat


def veckolage_las(*, veckor: list[datetime.date], kliniker: list[Vardenhet],
                  okanda: dict[datetime.date, int], sena_nu: dict[datetime.date, int]) -> dict:
    """Per week: its capacity, decided within capacity / overfull per clinic column and the margin.
    ``okanda``: the week's undecided women in this run (known, not yet decided); ``sena_nu``: late registrations
    decided in this run (an ``omedelbar`` run's women: they are the late ones the margin was kept for).
    One query (capacity, the weeks' decisions, the margin's history: one round trip, each part by index)."""
    kolumn = {k.pk: i for i, k in enumerate(kliniker)}
    c = len(kliniker)
    platser = defaultdict(lambda: [0] * c)
    inom, over = defaultdict(lambda: [0] * c), defaultdict(lambda: [0] * c)
    sena = defaultdict(int)
    historik = defaultdict(lambda: [0, 0])
    dagar = {gv.beslutsdag(v) for v in veckor}
    slut = [gv.vecka_start(d) for d in dagar]
    quote = connection.ops.quote_name
    kap, b, r = (quote(m._meta.db_table) for m in (Kapacitet, Beslut, Fordelningskorning))
    sen = f"coalesce(r.typ = '{Fordelningskorning.Typ.OMEDELBAR.value}', false)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT 0, k.klinik_id, k.vecka, false, false, k.platser FROM {kap} k WHERE k.vecka = ANY(%(veckor)s)
                UNION ALL
                SELECT 1, b.klinik_id, b.vecka, b.overfull, {sen}, count(*)
                FROM {b} b LEFT JOIN {r} r ON r.id = b.korning_id
                WHERE b.vecka = ANY(%(veckor)s) GROUP BY 2, 3, 4, 5
                UNION ALL
                SELECT 2, NULL, b.vecka, false, {sen}, count(*)
                FROM {b} b LEFT JOIN {r} r ON r.id = b.korning_id
                WHERE b.vecka >= %(fran)s AND b.vecka < %(till)s GROUP BY 3, 5""",
            {"veckor": list(veckor), "fran": min(slut, default=datetime.date.min) - datetime.timedelta(
                weeks=HISTORIK_VECKOR) if slut else datetime.date.min, "till": max(slut, default=datetime.date.min)})
        for slag, klinik_id, vecka, overfull, omedelbar, antal in cursor.fetchall():
            if slag == 0:
                if klinik_id in kolumn:
                    platser[vecka][kolumn[klinik_id]] = antal
            elif slag == 1:
                if omedelbar:
                    sena[vecka] += antal
                if klinik_id in kolumn:
                    (over if overfull else inom)[vecka][kolumn[klinik_id]] += antal
            else:
                historik[vecka][0] += antal
                historik[vecka][1] += antal if omedelbar else 0
    # the history as it stood on the week's first decision day: the margin does not move while the week is decided
    andelar = marginal_andelar(dagar, historik)
    resultat = {}
    for v in veckor:
        andel = andelar[gv.beslutsdag(v)]
        kommit = sena[v] + sena_nu.get(v, 0)
        kanda = sum(inom[v]) + sum(over[v]) + okanda.get(v, 0) - kommit
        vantade = alg.marginal_for(andel=andel, kanda=kanda, sena=0)
        resultat[v] = snabb.Veckolage(platser=platser[v], inom=inom[v], overfulla=over[v],
                                      marginal=max(vantade - kommit, 0), kort=kanda + vantade > sum(platser[v]))
    return resultat, max(andelar.values(), default=0.0)


def veckor_i(kohort: snabb.Kohort) -> dict[datetime.date, np.ndarray]:
    """Row indices per delivery week, in row order."""
    if not len(kohort):
        return {}
    ordning = np.argsort(kohort.vecka, kind="stable")
    dagar, start = np.unique(kohort.vecka[ordning], return_index=True)
    return {datetime.date.fromordinal(int(d)): idx for d, idx in zip(dagar, np.split(ordning, start[1:]), strict=True)}


def _sms_text_beslut(klinik: Vardenhet, vecka: datetime.date, *, kan_anvanda_appen: bool = True) -> str:
    """Seed 000: the app »hanterar inte reservnummer«: her text names the clinic and does not send her to the app
    (issue 15 item 3)."""
    if not kan_anvanda_appen:
        return _(
            "Region Stockholm: Du har fått plats för din förlossning på %(klinik)s (beräknad förlossning %(vecka)s). "
            "Frågor? Kontakta din barnmorskemottagning."
        ) % {"klinik": klinik.namn, "vecka": gv.vecka_text(vecka)}
    return _(
        "Alltid öppet: Du har fått plats för din förlossning på %(klinik)s (beräknad förlossning %(vecka)s). "
        "Mer information finns i appen Alltid öppet."
    ) % {"klinik": klinik.namn, "vecka": gv.vecka_text(vecka)}


def _korning_start(*, nyckel: str, typ: str, idag: datetime.date, nu) -> bool:
    """The run record, committed before the work so that an attempt that dies is still on record: created, or its
    attempt counted, in one statement (one round trip). False when the run is already done."""
    falt = [fl for fl in Fordelningskorning._meta.concrete_fields if not fl.primary_key]
    varden = {"idempotensnyckel": nyckel, "typ": typ, "datum": idag, "seed": f"forlossning-{idag.isoformat()}",
              "forsok": 1, "startad": nu}
    quote = connection.ops.quote_name
    tabell = quote(Fordelningskorning._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {tabell} ({", ".join(quote(fl.column) for fl in falt)})
                VALUES ({", ".join(["%s"] * len(falt))})
                ON CONFLICT (idempotensnyckel) DO UPDATE SET forsok = {tabell}.forsok + 1, startad = EXCLUDED.startad
                WHERE {tabell}.status <> %s
                RETURNING id""",
            [fl.get_db_prep_save(varden[fl.attname] if fl.attname in varden else fl.get_default(), connection)
             for fl in falt] + [Fordelningskorning.Status.KLAR.value])
        return cursor.fetchone() is not None


def fordelning_kor(*, nu: datetime.datetime | None = None, typ: str = Fordelningskorning.Typ.DAGLIG,
                   graviditet_ids: list[int] | None = None, berakna_jamforelse: bool = True) -> Fordelningskorning:
    """Decide every undecided pregnancy that has reached 22+0 (daily), or the given late-registered ones."""
    nu = nu or klocka.nu()
    idag = klocka.idag(nu)
    if typ == Fordelningskorning.Typ.DAGLIG:
        nyckel = f"daglig:{idag.isoformat()}"
    else:
        nyckel = f"omedelbar:{idag.isoformat()}:{','.join(map(str, sorted(graviditet_ids or [])))}"[:100]
    if not _korning_start(nyckel=nyckel, typ=typ, idag=idag, nu=nu):
        return Fordelningskorning.objects.get(idempotensnyckel=nyckel)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # a whole region in one run sorts and joins 100,000s of rows: in memory, not in temporary files (this
            # transaction only; a daily cohort of ~300 uses a fraction of it). No JIT: the cohort read's estimate
            # triggers it, and compiling costs ~0.4 s while the query itself runs in ~0.6 s. One statement: every
            # round trip costs a daily run milliseconds on a busy machine.
            cursor.execute("SELECT pg_advisory_xact_lock(%s), set_config('work_mem', '64MB', true), "
                           "set_config('jit', 'off', true)", [LAS_NYCKEL])
        korning = Fordelningskorning.objects.select_for_update().get(idempotensnyckel=nyckel)
        if korning.status == Fordelningskorning.Status.KLAR:
            return korning  # another worker finished it while we waited for the lock
        start = time.perf_counter()
        underlag = _kor(korning=korning, nu=nu, idag=idag, graviditet_ids=graviditet_ids)
        korning.sekunder = time.perf_counter() - start
        korning.status, korning.klar = Fordelningskorning.Status.KLAR, nu
        korning.save()
    if berakna_jamforelse:
        try:
            _jamforelse_spara(korning, *underlag)
        except Exception:  # the decisions stand without their comparison; the run page shows "–"
            logger.exception("Jämförelsen för fördelningskörningen %s kunde inte räknas", korning.idempotensnyckel)
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


def _kor(*, korning, nu, idag, graviditet_ids):
    tider = _Tider()
    with tider("las"):
        kliniker = kliniker_aktiva()
        if not kliniker:
            raise RuntimeError("Det finns inga aktiva förlossningskliniker med position.")
        kohort = kohort_las(idag=idag, kliniker=kliniker, graviditet_ids=graviditet_ids)
        per_vecka = {v: i for v, i in veckor_i(kohort).items() if kohort.idag[i].any()}
        sena_nu = {v: int(kohort.idag[i].sum()) for v, i in per_vecka.items()} if graviditet_ids is not None else {}
        lagen, andel = veckolage_las(veckor=sorted(per_vecka), kliniker=kliniker,
                                     okanda={v: len(i) for v, i in per_vecka.items()}, sena_nu=sena_nu)
    seed = korning.seed
    with tider("besluta"):
        f = snabb.forbered(kohort, seed)
    veckor = []  # (today's women, the places they could use per clinic column)
    beslut, detaljer = [], {}
    da = alg.Matt()
    for vecka, index in sorted(per_vecka.items()):
        with tider("besluta"):
            vb = snabb.vecka_besluta(f, index, kohort.idag[index], lagen[vecka], seed)
            placerade = ~vb.overfull
            da = da.plus(snabb.matt(f, vb.rader[placerade], vb.kolumner[placerade], int(vb.overfull.sum())))
        beslut.append(vb)
        veckor.append((vb.rader, vb.kvot))
        detaljer[gv.vecka_slug(vecka)] = veckodetalj(lagen[vecka], vb, kliniker)
    rad = np.concatenate([vb.rader for vb in beslut]) if beslut else np.zeros(0, dtype=np.int64)
    kol = np.concatenate([vb.kolumner for vb in beslut]) if beslut else np.zeros(0, dtype=np.int64)
    over = np.concatenate([vb.overfull for vb in beslut]) if beslut else np.zeros(0, dtype=bool)
    with tider("skriv"):
        tider.update(beslut_skriv(korning=korning, f=f, rader=rad, kolumner=kol, overfull=over,
                                  kliniker=kliniker, nu=nu))
    korning.antal = len(rad)
    korning.antal_valde = int(f.valde[rad].sum())
    korning.antal_overfulla = int(over.sum())
    korning.kvoter = {gv.vecka_slug(v): {str(k.pk): n for k, n in zip(kliniker, vb.kvot, strict=True)}
                      for v, vb in zip(sorted(per_vecka), beslut, strict=True)}
    korning.resultat = {"da": da.som_dict(), "sekunder": {k: round(v, 4) for k, v in tider.items()},
                        "veckor": detaljer, "marginal_andel": round(andel, 6)}
    logger.info("Fördelning %s: %s beslut, %s överfulla", korning.idempotensnyckel, korning.antal,
                korning.antal_overfulla)
    return f, veckor, da


def veckodetalj(lage: snabb.Veckolage, vb: snabb.Veckobeslut, kliniker: list[Vardenhet]) -> dict:
    """What the run page shows per week: the whole-week projection behind today's decisions."""
    def per_klinik(varden):
        return {str(k.pk): int(n) for k, n in zip(kliniker, varden, strict=True)}

    return {"platser": per_klinik(lage.platser), "beslutade_inom": per_klinik(lage.inom),
            "kanda_obeslutade": vb.antal_kanda, "marginal": lage.marginal, "hallna": per_klinik(vb.marginal),
            "prognos_overfulla": per_klinik(vb.prognos_overfulla), "idag": len(vb.rader),
            "idag_overfulla": int(vb.overfull.sum())}


def _jamforelse_spara(korning: Fordelningskorning, f: snabb.Forberedd, veckor, da: alg.Matt) -> None:
    """The exact optimum and the greedy baseline, computed after the decisions are committed and saved to the run
    record. Not in the run's transaction: the decisions do not depend on them, the lock is not held for them, and
    computed alongside the write they slowed PostgreSQL's write by ~45 % on two cores (CPU and the GIL). A worker
    that dies in between leaves a finished run without a comparison (the run page shows "–")."""
    tider = _Tider()
    opt, gir = _jamfor(f, veckor, tider)
    korning.resultat = {**korning.resultat, "optimum": opt.som_dict(), "girig": gir.som_dict(),
                        "sekunder": {**korning.resultat.get("sekunder", {}), **{k: round(v, 4) for k, v in tider.items()}}}
    korning.gap = da.objektiv - opt.objektiv
    korning.save(update_fields=["resultat", "gap"])


def _jamfor(f: snabb.Forberedd, veckor, tider: _Tider) -> tuple[alg.Matt, alg.Matt]:
    """The exact optimum and the greedy baseline over the same women and quotas, week by week."""
    opt, gir = alg.Matt(), alg.Matt()
    for index, kapacitet in veckor:
        with tider("optimum"):
            opt = opt.plus(snabb.optimum(f, index, kapacitet))
        with tider("girig"):
            (g_pl, g_kl), g_utan = snabb.girig(f, index, kapacitet)
            gir = gir.plus(snabb.matt(f, g_pl, g_kl, len(g_utan)))
    return opt, gir


FA_RADER = 5_000  # up to this many women a run writes with ON CONFLICT at once (see infoga_utan_dubbletter)


def beslut_skriv(*, korning, f: snabb.Forberedd, rader, kolumner, overfull, kliniker, nu) -> dict[str, float]:
    """Set-based in SQL from the run's arrays (``unnest``, the arrays passed as one literal each): the decisions,
    the clinic's care relation and the decision SMS (refusals for locked accounts and protected identities done by
    the outbox's SQL; the reminder a day later is queued by ``forlossning.paminnelser``). Up to FA_RADER women in ONE
    statement (the decisions and care relations as data-modifying WITH parts of the SMS insert: one round trip; a
    daily run pays milliseconds per round trip on a busy machine), more (a whole region) in three. No Python object
    per row, but for the rare decision letter on paper (``forlossning.brev``). One transaction with the caller;
    existing care relations and SMS keys are left alone, a second decision for a pregnancy is an error."""
    from notiser.sms.bulk import KONFLIKT, infoga_utan_dubbletter, sms_enqueue_sql

    tider = {}
    if not len(rader):
        return tider
    k = f.kohort
    klinik_for = np.array(k.kliniker, dtype=np.int64)[kolumner]
    rang = f.rang[rader, kolumner]
    invanare = pgarray.heltal(k.invanare[rader])
    quote = connection.ops.quote_name
    vr = quote(Vardrelation._meta.db_table)
    namngivna = ["invanare_id", "vardenhet_id", "fran", "anledning", "skapad_av_hsa_id"]
    ovriga = [fl for fl in Vardrelation._meta.concrete_fields if fl.attname not in namngivna and not fl.primary_key]
    falt = {fl.attname: fl for fl in Vardrelation._meta.concrete_fields}
    kol = ", ".join(quote(c) for c in [*(falt[n].column for n in namngivna), *(fl.column for fl in ovriga)])
    standard = "".join(f", %(vr_d{i})s" for i in range(len(ovriga)))
    # The care relation she already has at the clinic: left out by NOT EXISTS (the planner's choice: a per-row probe
    # forced by OFFSET 0 became a sequential scan per row under stale statistics in the whole-region benchmark)
    beslut_sql = f"""
            INSERT INTO {quote(Beslut._meta.db_table)}
                (graviditet_id, klinik_id, vecka, korning_id, rang, valde, avstand_m, overfull, beslutad)
            SELECT u.g, u.k, DATE '0001-01-01' + (u.v - 1), %(korning)s, nullif(u.r, 0), u.val, u.a, u.o, %(nu)s
            FROM unnest(%(g)s::bigint[], %(k)s::bigint[], %(v)s::int[], %(r)s::int[], %(val)s::bool[],
                        %(a)s::int[], %(o)s::bool[]) AS u(g, k, v, r, val, a, o)"""
    vardrelation_sql = f"""
            INSERT INTO {vr} ({kol})
            SELECT u.invanare_id, u.klinik_id, %(fran)s, %(anledning)s, ''{standard}
            FROM unnest(%(invanare)s::bigint[], %(k)s::bigint[]) AS u(invanare_id, klinik_id)
            WHERE NOT EXISTS (SELECT 1 FROM {vr} v WHERE v.invanare_id = u.invanare_id
                                                     AND v.vardenhet_id = u.klinik_id AND v.till IS NULL)"""
    # one text per clinic and delivery week, numbered from 1 (WITH ORDINALITY) and joined by number, not indexed
    # into an array: a subscript into an array of variable-length texts walks it from the start on every row
    par, text_nr = np.unique(np.stack([klinik_for, k.vecka[rader]], axis=1), axis=0, return_inverse=True)
    efter_id = {kl.pk: kl for kl in kliniker}
    # two texts per pair, numbered 2n-1 (app) and 2n (reservnummer: the app can't be used, issue 15 item 3)
    texter = [text for kl, v in par.tolist()
              for text in (_sms_text_beslut(efter_id[kl], datetime.date.fromordinal(v)),
                           _sms_text_beslut(efter_id[kl], datetime.date.fromordinal(v), kan_anvanda_appen=False))]
    kalla = f"""
        SELECT u.invanare_id, t.text, %(nyckel)s || u.gid AS idempotensnyckel, 'forlossning_beslut' AS syfte,
               %(nu)s::timestamptz AS skicka_efter, u.bekraftad AS skyddad_bekraftad
        FROM unnest(%(invanare)s::bigint[], %(g)s::bigint[], %(t)s::int[], %(bekraftad)s::bool[])
             AS u(invanare_id, gid, t, bekraftad)
        CROSS JOIN LATERAL (SELECT i.id_typ FROM {quote(Invanare._meta.db_table)} i WHERE i.id = u.invanare_id OFFSET 0) i
        JOIN unnest(%(texter)s::text[]) WITH ORDINALITY AS t(text, nr)
          ON t.nr = u.t * 2 - CASE WHEN i.id_typ = %(reserv)s THEN 0 ELSE 1 END"""
    params = {
        "korning": korning.pk, "nu": nu, "g": pgarray.heltal(k.gid[rader]), "k": pgarray.heltal(klinik_for),
        "v": pgarray.heltal(k.vecka[rader]), "r": pgarray.heltal(rang), "val": pgarray.sanningar(f.valde[rader]),
        "a": pgarray.heltal(k.avstand[rader, kolumner]), "o": pgarray.sanningar(overfull),
        # opened when it is written: a test that moves the run's clock ahead still sees the clinic's page
        # with the real one (in production the two are the same)
        "fran": timezone.now(), "anledning": _("Tilldelad plats för förlossning"), "invanare": invanare,
        **{f"vr_d{i}": fl.get_db_prep_save(fl.get_default(), connection) for i, fl in enumerate(ovriga)},
        "reserv": IdTyp.RESERVNUMMER.value, "nyckel": SMS_BESLUT.format(gid=""),
        "bekraftad": pgarray.sanningar(k.sms_bekraftad[rader]), "t": pgarray.heltal(text_nr.ravel() + 1),
        "texter": texter}
    start = time.perf_counter()
    if len(rader) <= FA_RADER:
        # a daily run: one statement (the decisions and care relations as WITH parts of the SMS insert)
        sms_enqueue_sql(kalla=kalla, nu=nu, params=params, fa_rader=True,
                        fore=f"WITH nya_beslut AS ({beslut_sql}), nya_vardrelationer AS ({vardrelation_sql} {KONFLIKT})")
        tider["skriv_beslut_vardrelation_sms"] = time.perf_counter() - start
    else:
        # a whole region: three statements, each without ON CONFLICT (savepoint fallback); as one statement
        # PostgreSQL planned the SMS part of 100,000 rows differently and ran for minutes
        with connection.cursor() as cursor:
            cursor.execute(beslut_sql, params)
        tider["skriv_beslut"] = time.perf_counter() - start
        infoga_utan_dubbletter(vardrelation_sql, params)
        tider["skriv_vardrelation"] = time.perf_counter() - start - tider["skriv_beslut"]
        sms_enqueue_sql(kalla=kalla, nu=nu, params=params)
        tider["skriv_sms"] = time.perf_counter() - start - tider["skriv_beslut"] - tider["skriv_vardrelation"]
    brev_start = time.perf_counter()
    # the decision on paper for a reservnummer woman where her unit uses letters (forlossning.brev, issue 15 item 3)
    beslutsbrev_for_korning(graviditet_ids=k.gid[rader].tolist())
    tider["skriv_brev"] = time.perf_counter() - brev_start
    return tider
