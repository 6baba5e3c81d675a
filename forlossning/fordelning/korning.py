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

import numpy as np
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from forlossning import graviditetsvecka as gv
from forlossning import klocka
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


def kohort_las(*, idag: datetime.date, kliniker: list[Vardenhet], graviditet_ids=None) -> snabb.Kohort:
    """Every undecided active pregnancy that has reached 22+0 by ``idag`` (or just the given ids), as arrays:
    one query, with her wishes in rank order, the Monday of her delivery week (as an ordinal), and her position from
    the address, else the postal code's centroid, else Sergels torg. The citizen by primary key per woman (LATERAL
    … OFFSET 0), not a join the planner may answer by hashing the region's whole citizen table."""
    g, inv, pn, o = (connection.ops.quote_name(m._meta.db_table) for m in (Graviditet, Invanare, Postnummer, Onskemal))
    b = connection.ops.quote_name(Beslut._meta.db_table)
    sql = f"""
        SELECT g.id, date_trunc('week', g.bf)::date - DATE '0001-01-01' + 1, g.invanare_id, g.sms_skyddad_bekraftad,
               CASE WHEN i.lat IS NOT NULL AND i.lon IS NOT NULL THEN i.lat
                    WHEN i.lat IS NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lat ELSE %(mitt_lat)s END,
               CASE WHEN i.lat IS NOT NULL AND i.lon IS NOT NULL THEN i.lon
                    WHEN i.lat IS NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL THEN p.lon ELSE %(mitt_lon)s END,
               val.kliniker
        FROM {g} g
        CROSS JOIN LATERAL (SELECT i.lat, i.lon, i.postnummer FROM {inv} i WHERE i.id = g.invanare_id OFFSET 0) i
        LEFT JOIN {pn} p ON p.postnummer = i.postnummer AND i.lat IS NULL
        LEFT JOIN LATERAL (SELECT array_agg(o.klinik_id ORDER BY o.rang) AS kliniker FROM {o} o
                           WHERE o.graviditet_id = g.id AND o.klinik_id = ANY(%(kliniker)s)) val ON true
        WHERE g.avslutad IS NULL AND g.bf <= %(bf)s
          AND NOT EXISTS (SELECT 1 FROM {b} b WHERE b.graviditet_id = g.id)
          {"AND g.id = ANY(%(ids)s)" if graviditet_ids is not None else ""}
        ORDER BY g.id"""
    klinik_ids = [k.pk for k in kliniker]
    param = {"mitt_lat": REGIONENS_MITT[0], "mitt_lon": REGIONENS_MITT[1], "kliniker": klinik_ids,
             "bf": gv.bf_for_beslutsdag(idag), "ids": list(graviditet_ids or [])}
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
    avstand = snabb.avstand_matris(lat, lon, np.array([k.lat for k in kliniker], dtype=float),
                                   np.array([k.lon for k in kliniker], dtype=float))
    return snabb.Kohort(gid=gid, vecka=vecka, onskemal=onskemal, avstand=avstand, kliniker=tuple(klinik_ids),
                        invanare=invanare, sms_bekraftad=bekraftad)


def kvoter_berakna(*, idag_per_vecka: dict[datetime.date, int], kliniker: list[Vardenhet]):
    """Per week: (today's capacity per clinic, the week's places, decided so far) — see the module docstring."""
    veckor = sorted(idag_per_vecka)
    platser = defaultdict(dict)
    kapaciteter = Kapacitet.objects.filter(vecka__in=veckor).values_list("klinik_id", "vecka", "platser")
    for klinik_id, vecka, antal in kapaciteter:
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
            # a whole region in one run sorts and joins 100,000s of rows: in memory, not in temporary files (this
            # transaction only; a daily cohort of ~300 uses a fraction of it). No JIT: the cohort read's estimate
            # triggers it, and compiling costs ~0.4 s while the query itself runs in ~0.6 s.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            cursor.execute("SET LOCAL jit = off")
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
        klinik_ids = [k.pk for k in kliniker]
        kohort = kohort_las(idag=idag, kliniker=kliniker, graviditet_ids=graviditet_ids)
        per_vecka = veckor_i(kohort)
        kvoter = kvoter_berakna(idag_per_vecka={v: len(i) for v, i in per_vecka.items()}, kliniker=kliniker)
    seed = korning.seed
    with tider("besluta"):
        f = snabb.forbered(kohort, seed)
    veckor = []  # (index, today's capacity per clinic column)
    rader, kolumner, overfull = [], [], []
    da = alg.Matt()
    for vecka, index in sorted(per_vecka.items()):
        kapacitet = [kvoter[vecka][0].get(k, 0) for k in klinik_ids]
        platser = [kvoter[vecka][1].get(k, 0) for k in klinik_ids]
        veckor.append((index, kapacitet))
        with tider("besluta"):
            (placerade, kliniker_for), utan = snabb.uppskjuten_acceptans(f, index, kapacitet)
            anvanda = [kvoter[vecka][2].get(k, 0) + int(n) for k, n in
                       zip(klinik_ids, np.bincount(kliniker_for, minlength=len(klinik_ids)), strict=True)]
            over = snabb.overbelagg(f, utan, platser=platser, anvanda=anvanda, seed=seed)
            rader += [placerade, utan]
            kolumner += [kliniker_for, np.array(over, dtype=np.int64)]
            overfull += [np.zeros(len(placerade), dtype=bool), np.ones(len(utan), dtype=bool)]
            da = da.plus(snabb.matt(f, placerade, kliniker_for, len(utan)))
    rad = np.concatenate(rader) if rader else np.zeros(0, dtype=np.int64)
    kol = np.concatenate(kolumner) if kolumner else np.zeros(0, dtype=np.int64)
    over = np.concatenate(overfull) if overfull else np.zeros(0, dtype=bool)
    with tider("skriv"):
        tider.update(beslut_skriv(korning=korning, f=f, rader=rad, kolumner=kol, overfull=over,
                                  kliniker=kliniker, nu=nu))
    korning.antal = len(rad)
    korning.antal_valde = int(f.valde[rad].sum())
    korning.antal_overfulla = int(over.sum())
    korning.kvoter = {gv.vecka_slug(v): {str(c): n for c, n in kvoter[v][0].items()} for v in sorted(kvoter)}
    korning.resultat = {"da": da.som_dict(), "sekunder": {k: round(v, 4) for k, v in tider.items()}}
    logger.info("Fördelning %s: %s beslut, %s överfulla", korning.idempotensnyckel, korning.antal,
                korning.antal_overfulla)
    return f, veckor, da


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


def beslut_skriv(*, korning, f: snabb.Forberedd, rader, kolumner, overfull, kliniker, nu) -> dict[str, float]:
    """Set-based in SQL from the run's arrays (``unnest``, the arrays passed as one literal each): the decisions,
    the clinic's care relation and the decision SMS (refusals for locked accounts and protected identities done by
    the outbox's SQL; the reminder a day later is queued by ``forlossning.paminnelser``). No Python object per row.
    One transaction with the caller; existing care relations and SMS keys are left alone."""
    from notiser.sms.bulk import infoga_utan_dubbletter, sms_enqueue_sql

    tider = {}
    if not len(rader):
        return tider
    start = time.perf_counter()
    k = f.kohort
    klinik_for = np.array(k.kliniker, dtype=np.int64)[kolumner]
    rang = f.rang[rader, kolumner]
    invanare = pgarray.heltal(k.invanare[rader])
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {quote(Beslut._meta.db_table)}
                    (graviditet_id, klinik_id, vecka, korning_id, rang, valde, avstand_m, overfull, beslutad)
                SELECT u.g, u.k, DATE '0001-01-01' + (u.v - 1), %(korning)s, nullif(u.r, 0), u.val, u.a, u.o, %(nu)s
                FROM unnest(%(g)s::bigint[], %(k)s::bigint[], %(v)s::int[], %(r)s::int[], %(val)s::bool[],
                            %(a)s::int[], %(o)s::bool[]) AS u(g, k, v, r, val, a, o)""",
            {"korning": korning.pk, "nu": nu, "g": pgarray.heltal(k.gid[rader]), "k": pgarray.heltal(klinik_for),
             "v": pgarray.heltal(k.vecka[rader]), "r": pgarray.heltal(rang), "val": pgarray.sanningar(f.valde[rader]),
             "a": pgarray.heltal(k.avstand[rader, kolumner]), "o": pgarray.sanningar(overfull)})
    tider["skriv_beslut"] = time.perf_counter() - start
    vr = quote(Vardrelation._meta.db_table)
    namngivna = ["invanare_id", "vardenhet_id", "fran", "anledning", "skapad_av_hsa_id"]
    ovriga = [fl for fl in Vardrelation._meta.concrete_fields if fl.attname not in namngivna and not fl.primary_key]
    falt = {fl.attname: fl for fl in Vardrelation._meta.concrete_fields}
    kol = ", ".join(quote(c) for c in [*(falt[n].column for n in namngivna), *(fl.column for fl in ovriga)])
    standard = "".join(f", %(d{i})s" for i in range(len(ovriga)))
    infoga_utan_dubbletter(
        f"""INSERT INTO {vr} ({kol})
            SELECT u.invanare_id, u.klinik_id, %(fran)s, %(anledning)s, ''{standard}
            FROM unnest(%(invanare)s::bigint[], %(kliniker)s::bigint[]) AS u(invanare_id, klinik_id)
            WHERE NOT EXISTS (SELECT 1 FROM {vr} v WHERE v.invanare_id = u.invanare_id
                                                     AND v.vardenhet_id = u.klinik_id AND v.till IS NULL)""",
        # opened when it is written: a test that moves the run's clock ahead still sees the clinic's page
        # with the real one (in production the two are the same)
        {"fran": timezone.now(), "anledning": _("Tilldelad plats för förlossning"), "invanare": invanare,
         "kliniker": pgarray.heltal(klinik_for),
         **{f"d{i}": fl.get_db_prep_save(fl.get_default(), connection) for i, fl in enumerate(ovriga)}})
    tider["skriv_vardrelation"] = time.perf_counter() - start - tider["skriv_beslut"]
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
        FROM unnest(%(invanare)s::bigint[], %(gid)s::bigint[], %(t)s::int[], %(bekraftad)s::bool[])
             AS u(invanare_id, gid, t, bekraftad)
        CROSS JOIN LATERAL (SELECT i.id_typ FROM {quote(Invanare._meta.db_table)} i WHERE i.id = u.invanare_id OFFSET 0) i
        JOIN unnest(%(texter)s::text[]) WITH ORDINALITY AS t(text, nr)
          ON t.nr = u.t * 2 - CASE WHEN i.id_typ = %(reserv)s THEN 0 ELSE 1 END"""
    sms_enqueue_sql(kalla=kalla, nu=nu, params={
        "reserv": IdTyp.RESERVNUMMER.value,
        "nyckel": SMS_BESLUT.format(gid=""), "invanare": invanare, "gid": pgarray.heltal(k.gid[rader]),
        "bekraftad": pgarray.sanningar(k.sms_bekraftad[rader]), "t": pgarray.heltal(text_nr.ravel() + 1),
        "texter": texter})
    tider["skriv_sms"] = time.perf_counter() - start - tider["skriv_beslut"] - tider["skriv_vardrelation"]
    return tider
