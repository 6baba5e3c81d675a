"""A year of week-22 decisions simulated day by day in memory, as the beat job and the late-registration runs would
decide it: the rule of issue 16 (``snabb.vecka_besluta``, the same function the runs use) against the rule before
it (daily quota ceil(R·k/N), the whole R when the week is short, overfull to the smallest (decided + 1) / capacity)
and against the week-level optimum solved once with full hindsight. Used by ``bench_fordelning_ar``; free of
Django so that tests can run it on small years.
"""
from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from forlossning.fordelning import algoritm as alg
from forlossning.fordelning import snabb

SEED = "bench-ar"
HISTORIK_VECKOR = 8


@dataclass
class Ar:
    kohort: snabb.Kohort  # every woman of the year
    beslutsdag: np.ndarray  # (n,) day ordinal of her 22+0
    registrerad: np.ndarray  # (n,) day ordinal she becomes known; after beslutsdag = registered late
    platser: dict[int, list[int]]  # week (Monday ordinal) -> places per clinic column
    faktor: dict[int, float] = field(default_factory=dict)  # week -> women / places (1.2 = 20 % short)

    @property
    def sen(self) -> np.ndarray:
        return self.registrerad > self.beslutsdag


def syntetiskt_ar(*, antal: int, andel_valjare: float, andel_sena: float, seed: int, forsta_dag: datetime.date,
                  kliniker: list[tuple[int, float, float, float]], positioner: list[tuple[float, float]],
                  spann: float = 0.2) -> Ar:
    """``antal`` women with 22+0 spread evenly over 365 days from ``forsta_dag`` (a Monday), positions drawn from
    ``positioner`` (postal-code centroids), a share with one to seven wishes drawn towards nearer clinics (as
    bench_forlossning), a share registered late (uniformly between 22+1 and 38+0). ``kliniker``: (id, lat, lon,
    share of the year's places). Each delivery week gets places = its women / f, f spread evenly from 1 − spann
    to 1 + spann over the weeks in a seeded random order (f = 1.2: the week is 20 % short)."""
    rng = random.Random(seed)
    c = len(kliniker)
    beslutsdag = np.array([forsta_dag.toordinal() + i * 365 // antal for i in range(antal)], dtype=np.int64)
    bf = beslutsdag + 126
    vecka = bf - (bf - 1) % 7  # ordinal 1 is a Monday
    lat, lon = np.empty(antal), np.empty(antal)
    onskemal = np.full((antal, snabb.MAX_ONSKEMAL), -1, dtype=np.int64)
    registrerad = beslutsdag - 100
    for i in range(antal):
        lat[i], lon[i] = rng.choice(positioner)
        if rng.random() < andel_valjare:
            vikter = [1 / (1 + ((k[1] - lat[i]) ** 2 + ((k[2] - lon[i]) * 0.5) ** 2) ** 0.5 * 50) for k in kliniker]
            val = []
            for _ in range(rng.randint(1, 7)):
                kand = [j for j in range(c) if j not in val]
                val.append(rng.choices(kand, weights=[vikter[j] for j in kand])[0])
            onskemal[i, :len(val)] = val
        if rng.random() < andel_sena:
            registrerad[i] = beslutsdag[i] + rng.randint(1, 16 * 7)
    avstand = snabb.avstand_matris(lat, lon, np.array([k[1] for k in kliniker]), np.array([k[2] for k in kliniker]))
    kohort = snabb.Kohort(gid=np.arange(1, antal + 1, dtype=np.int64), vecka=vecka, onskemal=onskemal,
                          avstand=avstand, kliniker=tuple(k[0] for k in kliniker))
    veckor = sorted(set(vecka.tolist()))
    faktorer = list(np.linspace(1 - spann, 1 + spann, len(veckor)))
    rng.shuffle(faktorer)
    summa = sum(k[3] for k in kliniker)
    platser, faktor = {}, {}
    for v, fv in zip(veckor, faktorer, strict=True):
        kvinnor = int((vecka == v).sum())
        totalt = round(kvinnor / fv)
        andelar = [totalt * k[3] / summa for k in kliniker]
        hela = [int(a) for a in andelar]
        for j in sorted(range(c), key=lambda j: -(andelar[j] - hela[j]))[:totalt - sum(hela)]:
            hela[j] += 1
        platser[v], faktor[v] = hela, kvinnor / max(totalt, 1)
    return Ar(kohort=kohort, beslutsdag=beslutsdag, registrerad=registrerad, platser=platser, faktor=faktor)


@dataclass
class Beslutat:
    klinik: np.ndarray  # (n,) clinic column, -1 = not decided
    overfull: np.ndarray  # (n,) bool
    ordning: np.ndarray  # (n,) decision order: day ordinal · 100,000 + the run's number that day
    sekunder_per_dag: list[float] = field(default_factory=list)


class _Tillstand:
    def __init__(self, ar: Ar):
        n, c = ar.kohort.avstand.shape
        self.ar, self.c = ar, c
        self.b = Beslutat(np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64))
        self.inom = defaultdict(lambda: [0] * c)
        self.over = defaultdict(lambda: [0] * c)
        self.sena = defaultdict(int)
        self.beslutade = defaultdict(int)
        self.per_vecka = {v: np.nonzero(ar.kohort.vecka == v)[0] for v in ar.platser}

    def kanda_obeslutade(self, vecka: int, dag: int) -> np.ndarray:
        idx = self.per_vecka[vecka]
        return idx[(self.b.klinik[idx] < 0) & (self.ar.registrerad[idx] <= dag)]

    def andel(self, dag: int) -> float:
        """korning.marginal_andel on the simulated history: the late share of the ended weeks' decisions."""
        slut = dag - (dag - 1) % 7
        veckor = [slut - 7 * i for i in range(1, HISTORIK_VECKOR + 1)]
        alla = sum(self.beslutade[v] for v in veckor)
        return sum(self.sena[v] for v in veckor) / alla if alla else 0.0

    def spara(self, rader, kolumner, overfull, vecka, ordning, sen: bool):
        self.b.klinik[rader], self.b.overfull[rader], self.b.ordning[rader] = kolumner, overfull, ordning
        for k, o in zip(kolumner.tolist(), overfull.tolist(), strict=True):
            (self.over if o else self.inom)[vecka][k] += 1
        self.beslutade[vecka] += len(rader)
        if sen:
            self.sena[vecka] += len(rader)


def _ny_vecka(t: _Tillstand, f, vecka, dag, idag_rader, ordning, sen):
    kanda = t.kanda_obeslutade(vecka, dag)
    index = np.union1d(kanda, idag_rader)
    idag = np.isin(index, idag_rader)
    kommit = t.sena[vecka] + (len(idag_rader) if sen else 0)
    kanda = t.beslutade[vecka] + len(index) - kommit
    vantade = alg.marginal_for(andel=t.andel(vecka - 126), kanda=kanda, sena=0)
    platser = list(t.ar.platser[vecka])
    lage = snabb.Veckolage(platser=platser, inom=list(t.inom[vecka]), overfulla=list(t.over[vecka]),
                           marginal=max(vantade - kommit, 0), kort=kanda + vantade > sum(platser))
    vb = snabb.vecka_besluta(f, index, idag, lage, SEED)
    t.spara(vb.rader, vb.kolumner, vb.overfull, vecka, ordning, sen)


def _gammal_vecka(t: _Tillstand, f, vecka, dag, idag_rader, ordning, sen):
    """The rule before issue 16 (korning.kvoter_berakna and algoritm.overbelagg as they were)."""
    platser = t.ar.platser[vecka]
    beslutade = [a + b for a, b in zip(t.inom[vecka], t.over[vecka], strict=True)]
    k = len(idag_rader)
    n = max(len(t.kanda_obeslutade(vecka, dag)), k)
    rest = [max(p - b, 0) for p, b in zip(platser, beslutade, strict=True)]
    kvot = [-(-r * k // n) for r in rest]
    kap = kvot if sum(kvot) >= k else rest
    (pl, kol), utan = snabb.uppskjuten_acceptans(f, idag_rader, kap)
    anvanda = [b + int(x) for b, x in zip(beslutade, np.bincount(kol, minlength=t.c), strict=True)]
    val = []
    kl = f.kohort.kliniker
    for i in sorted(utan.tolist(), key=lambda i: (f.lott[i], int(f.kohort.gid[i]))):
        avst, gid = f.kohort.avstand[i].tolist(), int(f.kohort.gid[i])

        def grad(j):
            return (0, (anvanda[j] + 1) / platser[j]) if platser[j] > 0 else (1, anvanda[j])

        j = min(range(t.c), key=lambda j: (grad(j), avst[j], alg.lott(SEED, gid, kl[j]), kl[j]))
        anvanda[j] += 1
        val.append((i, j))
    over_rader = np.array([i for i, _j in val], dtype=np.int64)
    over_kol = np.array([j for _i, j in val], dtype=np.int64)
    rader = np.concatenate([pl, over_rader])
    t.spara(rader, np.concatenate([kol, over_kol]),
            np.concatenate([np.zeros(len(pl), dtype=bool), np.ones(len(over_rader), dtype=bool)]), vecka, ordning, sen)


def simulera(ar: Ar, f: snabb.Forberedd, *, regel: str) -> Beslutat:
    """Day by day: the daily run (every woman registered in time whose 22+0 is today), then each late registration
    of the day in its own run (``omedelbar``), in pregnancy order."""
    besluta = {"ny": _ny_vecka, "gammal": _gammal_vecka}[regel]
    t = _Tillstand(ar)
    i_tid = ~ar.sen
    dagar = range(int(ar.beslutsdag.min()), int(max(ar.beslutsdag.max(), ar.registrerad.max())) + 1)
    idag_for = defaultdict(list)
    for i in np.nonzero(i_tid)[0].tolist():
        idag_for[int(ar.beslutsdag[i])].append(i)
    sena_for = defaultdict(list)
    for i in np.nonzero(~i_tid)[0].tolist():
        sena_for[int(ar.registrerad[i])].append(i)
    for dag in dagar:
        start = time.perf_counter()
        rader = np.array(idag_for.get(dag, []), dtype=np.int64)
        for vecka in sorted(set(ar.kohort.vecka[rader].tolist())):
            besluta(t, f, vecka, dag, rader[ar.kohort.vecka[rader] == vecka], dag * 100_000, False)
        t.b.sekunder_per_dag.append(time.perf_counter() - start)
        for nr, i in enumerate(sena_for.get(dag, []), 1):
            besluta(t, f, int(ar.kohort.vecka[i]), dag, np.array([i], dtype=np.int64), dag * 100_000 + nr, True)
    return t.b


def forlorade_rankade(ar: Ar, f: snabb.Forberedd, b: Beslutat) -> tuple[int, int, int]:
    """Women who lost a clinic they ranked above what they got (overfull: any ranked clinic) to a woman of lower
    priority there, of the same week, decided earlier and holding a place within capacity: (registered in time with
    no late registration of her week known by her decision day, registered in time after one, registered late)."""
    rena = efter_sen = sen = 0
    c = f.rang.shape[1]
    for index in (np.nonzero(ar.kohort.vecka == v)[0] for v in ar.platser):
        inom = index[~b.overfull[index]]
        forsta_sena = ar.registrerad[index[ar.sen[index]]].min(initial=np.iinfo(np.int64).max)
        varst = []  # per clinic: decision orders (sorted) and the running worst priority among holders
        for k in range(c):
            h = inom[b.klinik[inom] == k]
            h = h[np.argsort(b.ordning[h], kind="stable")]
            varst.append((b.ordning[h], np.maximum.accumulate(f.prioritet[h, k]) if len(h) else h))
        for i in index[f.valde[index]].tolist():
            fick = 0 if b.overfull[i] else int(f.rang[i, b.klinik[i]]) or alg.OVALD_RANG + 1
            for k in np.nonzero(f.rang[i])[0].tolist():
                if b.overfull[i] or f.rang[i, k] < fick:
                    ordn, mx = varst[k]
                    pos = int(np.searchsorted(ordn, b.ordning[i], side="left"))
                    if pos and mx[pos - 1] > f.prioritet[i, k]:
                        if ar.sen[i]:
                            sen += 1
                        elif forsta_sena <= b.ordning[i] // 100_000:
                            efter_sen += 1
                        else:
                            rena += 1
                        break
    return rena, efter_sen, sen


def figurer(ar: Ar, f: snabb.Forberedd, b: Beslutat) -> dict:
    """Per weekday of BF: women and overfull; first choice / top three over all choosers, mean distance over the
    women placed within capacity; ranked places lost to earlier lower-priority women."""
    veckodag = (ar.beslutsdag - 1) % 7
    per_dag = [(int((veckodag == d).sum()), int((b.overfull & (veckodag == d)).sum())) for d in range(7)]
    placerad = ~b.overfull
    rang = f.rang[np.arange(len(b.klinik)), b.klinik]
    valde = f.valde
    rena, efter_sen, sen = forlorade_rankade(ar, f, b)
    return {
        "per_veckodag": per_dag, "chi2": chi2_veckodag(per_dag),
        "overfulla": int(b.overfull.sum()), "overfulla_valde": int((b.overfull & valde).sum()),
        "overfulla_sena": int((b.overfull & ar.sen).sum()),
        "forsta": int((placerad & valde & (rang == 1)).sum()) / max(int(valde.sum()), 1),
        "topp3": int((placerad & valde & (rang >= 1) & (rang <= 3)).sum()) / max(int(valde.sum()), 1),
        "medelavstand_km": float(f.kohort.avstand[np.arange(len(b.klinik)), b.klinik][placerad].mean()) / 1000,
        "forlorade_i_tid": rena, "forlorade_efter_sen": efter_sen, "forlorade_sena": sen,
    }


def chi2_veckodag(per_dag: list[tuple[int, int]]) -> float:
    """Pearson's chi-square of the 7 × 2 table weekday × (overfull, not): 6 degrees of freedom, 12.59 at the 5 %
    level — below it, the weekday explains no more of the overfull than chance in cohorts of these sizes."""
    n = sum(a for a, _o in per_dag)
    o_tot = sum(o for _a, o in per_dag)
    if not n or not o_tot or o_tot == n:
        return 0.0
    chi = 0.0
    for a, o in per_dag:
        for obs, andel in ((o, o_tot / n), (a - o, 1 - o_tot / n)):
            e = a * andel
            chi += (obs - e) ** 2 / e if e else 0.0
    return chi


def optimum_i_efterhand(ar: Ar, f: snabb.Forberedd) -> dict:
    """The week-level optimum with full hindsight: every woman of the week (late ones included) at once."""
    m, valda = alg.Matt(), int(f.valde.sum())
    for v in ar.platser:
        m = m.plus(snabb.optimum(f, np.nonzero(ar.kohort.vecka == v)[0], ar.platser[v]))
    return {"overfulla": m.overfulla, "forsta": m.forsta / max(valda, 1), "topp3": m.topp3 / max(valda, 1),
            "medelavstand_km": m.summa_avstand_m / max(m.antal, 1) / 1000}
