"""The same allocation as ``algoritm`` on numpy arrays, for a whole region in one run.

``algoritm`` is the reference (plain objects, easy to read and to brute-force in tests); this module gives
the same decisions (tests/forlossning/test_snabb.py compares them on random regions with ties, zero
capacity and full weeks) without a Python object per woman: distances, proposal orders and the clinics'
priorities are computed once as matrices; deferred acceptance and greedy then only move integers; the
figures and the optimum's transportation LP are built vectorised, grouping women with identical cost rows.
"""
from __future__ import annotations

import hashlib
import heapq
from collections import deque
from dataclasses import dataclass

import numpy as np

from forlossning.fordelning import algoritm as alg

MAX_ONSKEMAL = 7


@dataclass
class Kohort:
    """n women over C clinics (``kliniker``: clinic ids, ascending = column order)."""

    gid: np.ndarray  # (n,) pregnancy ids
    vecka: np.ndarray  # (n,) delivery week (Monday) as a day ordinal
    onskemal: np.ndarray  # (n, 7) clinic column of each wish in rank order, -1 = none (active clinics only)
    avstand: np.ndarray  # (n, C) metres
    kliniker: tuple[int, ...]
    invanare: np.ndarray | None = None  # (n,) citizen ids, for the writes (not used to decide)
    sms_bekraftad: np.ndarray | None = None  # (n,) staff confirmed SMS despite a protected identity
    idag: np.ndarray | None = None  # (n,) bool: decided in this run (else known, undecided, a later day of her week)

    def __len__(self):
        return len(self.gid)

    def delmangd(self, index: np.ndarray) -> Kohort:
        extra = [None if a is None else a[index] for a in (self.invanare, self.sms_bekraftad, self.idag)]
        return Kohort(self.gid[index], self.vecka[index], self.onskemal[index], self.avstand[index], self.kliniker,
                      *extra)


def avstand_matris(lat: np.ndarray, lon: np.ndarray, klat: np.ndarray, klon: np.ndarray) -> np.ndarray:
    """Great-circle metres (haversine, mean Earth radius), rounded like ``korning.avstand_m``."""
    lat, lon = np.radians(lat)[:, None], np.radians(lon)[:, None]
    klat, klon = np.radians(klat)[None, :], np.radians(klon)[None, :]
    a = np.sin((klat - lat) / 2) ** 2 + np.cos(lat) * np.cos(klat) * np.sin((klon - lon) / 2) ** 2
    return np.rint(2 * 6_371_000 * np.arcsin(np.sqrt(a))).astype(np.int64)


@dataclass
class Forberedd:
    """What every method needs, computed once per run."""

    kohort: Kohort
    rang: np.ndarray  # (n, C) 1-based rank of the clinic, 0 = not ranked
    valde: np.ndarray  # (n,) bool
    ordning: np.ndarray  # (n, C) clinic columns in proposal order
    prioritet: np.ndarray  # (n, C) int64, smaller is better at the clinic (rank flag, distance, lottery)
    lott: list[int]  # (n,) the woman's lottery number


def _lotter(seed: str, delar: list) -> list[int]:
    """algoritm.lott(seed, *del) for many, without its per-call string building."""
    forst, sha = f"{seed}:".encode(), hashlib.sha256
    return [int.from_bytes(sha(forst + str(d).encode()).digest()[:8], "big") for d in delar]


def forbered(kohort: Kohort, seed: str) -> Forberedd:
    n, c = kohort.avstand.shape
    d = kohort.avstand
    rang = np.zeros((n, c), dtype=np.int64)
    for r in range(kohort.onskemal.shape[1]):
        kol = kohort.onskemal[:, r]
        har = kol >= 0
        rang[np.nonzero(har)[0], kol[har]] = r + 1
    valde = (kohort.onskemal >= 0).any(axis=1)
    # proposal order (algoritm.foreslagsordning): ranked clinics by rank, then the rest by (distance,
    # seeded hash only among unranked clinics at the same distance, clinic id)
    orankad = rang == 0
    lika = np.zeros((n, c), dtype=bool)
    for a in range(c):
        for b in range(c):
            if a != b:
                lika[:, a] |= orankad[:, a] & orankad[:, b] & (d[:, a] == d[:, b])
    hash_nyckel = np.zeros((n, c), dtype=np.uint64)
    gids = kohort.gid.tolist()
    rad, kol = np.nonzero(lika)
    hash_nyckel[rad, kol] = np.array(_lotter(seed, [f"{gids[i]}:{kohort.kliniker[k]}" for i, k in
                                                    zip(rad.tolist(), kol.tolist(), strict=True)]), dtype=np.uint64)
    primar = np.where(orankad, MAX_ONSKEMAL + 1, rang)
    kolumn = np.broadcast_to(np.arange(c), (n, c))
    ordning = np.lexsort((kolumn, hash_nyckel, d, primar), axis=-1)
    # the clinic's priority (algoritm.prioritet) packed in one int64: (not ranked, distance, lottery rank)
    lott = _lotter(seed, gids)
    lottrang = np.empty(n, dtype=np.int64)
    lottrang[np.lexsort((kohort.gid, np.array(lott, dtype=np.uint64)))] = np.arange(n)
    bitar = max(int(n).bit_length(), 1)
    if int(d.max(initial=0)) >= 1 << 30:
        raise ValueError("avstånd över 1 000 mil")
    prioritet = (orankad.astype(np.int64) << (bitar + 30)) | (d << bitar) | lottrang[:, None]
    return Forberedd(kohort, rang, valde, ordning, prioritet, lott)


def uppskjuten_acceptans(f: Forberedd, index: np.ndarray, kapacitet: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Women-proposing DA for the women ``index`` (one week) with capacity per clinic column. Returns
    (placed women, their clinic columns) and the women no clinic could hold, as row indices."""
    ordning = f.ordning[index].tolist()
    prio = f.prioritet[index].tolist()
    m, c = len(index), f.ordning.shape[1]
    hallna = [[] for _ in range(c)]
    nasta = [0] * m
    fria = deque(range(m))
    utan = []
    while fria:
        j = fria.popleft()
        lista, pj = ordning[j], prio[j]
        while nasta[j] < c:
            k = lista[nasta[j]]
            nasta[j] += 1
            plats = kapacitet[k]
            if plats <= 0:
                continue
            nyckel = -pj[k]
            heap = hallna[k]
            if len(heap) < plats:
                heapq.heappush(heap, (nyckel, j))
                break
            if nyckel > heap[0][0]:
                fria.append(heapq.heapreplace(heap, (nyckel, j))[1])
                break
        else:
            utan.append(j)
    lokala = [j for heap in hallna for _n, j in heap]
    kliniker = [k for k, heap in enumerate(hallna) for _h in heap]
    placerade = index[np.array(lokala, dtype=np.int64)]
    return (placerade, np.array(kliniker, dtype=np.int64)), index[np.array(sorted(utan), dtype=np.int64)]


def girig(f: Forberedd, index: np.ndarray, kapacitet: list[int]) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    """First come (registration order = pregnancy id), first served."""
    index = index[np.argsort(f.kohort.gid[index], kind="stable")]
    kvar = list(kapacitet)
    placerade, kliniker, utan = [], [], []
    for i, lista in zip(index.tolist(), f.ordning[index].tolist(), strict=True):
        for k in lista:
            if kvar[k] > 0:
                kvar[k] -= 1
                placerade.append(i)
                kliniker.append(k)
                break
        else:
            utan.append(i)
    return (np.array(placerade, dtype=np.int64), np.array(kliniker, dtype=np.int64)), np.array(utan, dtype=np.int64)


def overbelagg(f: Forberedd, utan: np.ndarray, *, platser: list[int], overfulla: list[int], seed: str) -> list[int]:
    """algoritm.overbelagg: within the clinics' shares of the week's overfull women, her ranking first, then the
    nearest; ``overfulla`` (per clinic column) is updated. Returns the clinic column of each of ``utan``."""
    kl = f.kohort.kliniker
    andel = alg.overfull_andel(dict(enumerate(platser)), sum(overfulla) + len(utan))
    ordnade = sorted(utan.tolist(), key=lambda i: (not bool(f.valde[i]), f.lott[i], int(f.kohort.gid[i])))
    val = {}
    for i in ordnade:
        gid, avst, rang = int(f.kohort.gid[i]), f.kohort.avstand[i].tolist(), f.rang[i].tolist()
        kandidater = [k for k in range(len(kl)) if overfulla[k] < andel[k]]
        k = min(kandidater, key=lambda k: (rang[k] or alg.OVALD_RANG + 1, avst[k], alg.lott(seed, gid, kl[k]), kl[k]))
        overfulla[k] += 1
        val[i] = k
    return [val[i] for i in utan.tolist()]


@dataclass
class Veckolage:
    """A delivery week before the run, per clinic column."""

    platser: list[int]  # capacity
    inom: list[int]  # women of the week already decided within capacity
    overfulla: list[int]  # women of the week already decided overfull
    marginal: int = 0  # late registrations still expected for the week
    kort: bool = False  # known women + expected late ones > the week's places (algoritm.veckofordelning)


@dataclass
class Veckobeslut:
    rader: np.ndarray  # today's women (row indices)
    kolumner: np.ndarray  # their clinic columns
    overfull: np.ndarray  # bool per row
    kvot: list[int]  # places today's women could use: the week's capacity minus the later women's projected places
    kapacitet: list[int]  # remaining places minus those held back
    marginal: list[int]  # places held back for late registrations
    prognos_overfulla: list[int]  # overfull women of the week per clinic column, decided + projected
    antal_kanda: int  # undecided known women of the week in the run (today's and later days')


def vecka_besluta(f: Forberedd, index: np.ndarray, idag: np.ndarray, lage: Veckolage, seed: str) -> Veckobeslut:
    """algoritm.veckofordelning on arrays: ``index`` every undecided known woman of one week, ``idag`` (bool, same
    length) those to commit now."""
    c = len(lage.platser)
    hall = [0] * c
    if lage.kort:
        hall_d = alg.marginal_fordela(dict(enumerate(lage.platser)), lage.marginal)
        hall = [hall_d[k] for k in range(c)]
    kapacitet = [max(p - b - h, 0) for p, b, h in zip(lage.platser, lage.inom, hall, strict=True)]
    (pl, kol), utan = uppskjuten_acceptans(f, index, kapacitet)
    prognos = list(lage.overfulla)
    over = np.array(overbelagg(f, utan, platser=list(lage.platser), overfulla=prognos, seed=seed), dtype=np.int64)
    idag_rad = np.zeros(len(f.kohort), dtype=bool)
    idag_rad[index[idag]] = True
    senare = np.bincount(kol[~idag_rad[pl]], minlength=c) if len(pl) else np.zeros(c, dtype=np.int64)
    kvot = [int(k - s) for k, s in zip(kapacitet, senare, strict=True)]
    pl_i, utan_i = idag_rad[pl], idag_rad[utan] if len(utan) else np.zeros(0, dtype=bool)
    rader = np.concatenate([pl[pl_i], utan[utan_i]])
    kolumner = np.concatenate([kol[pl_i], over[utan_i] if len(utan) else np.zeros(0, dtype=np.int64)])
    overfull = np.concatenate([np.zeros(int(pl_i.sum()), dtype=bool), np.ones(int(utan_i.sum()), dtype=bool)])
    return Veckobeslut(rader=rader, kolumner=kolumner, overfull=overfull, kvot=kvot, kapacitet=kapacitet,
                       marginal=hall, prognos_overfulla=prognos, antal_kanda=len(index))


def kostnader(f: Forberedd, rader: np.ndarray) -> np.ndarray:
    """algoritm.kostnad for every clinic column of the given women."""
    rang = f.rang[rader]
    r = np.where(rang == 0, alg.OVALD_RANG, rang - 1)
    r = np.where(f.valde[rader][:, None], r, 0)
    return alg.RANG_VIKT * r + f.kohort.avstand[rader]


def matt(f: Forberedd, placerade: np.ndarray, kliniker: np.ndarray, antal_utan: int,
         antal: np.ndarray | None = None) -> alg.Matt:
    """algoritm.matt over placed women (``antal``: how many each row stands for, for grouped rows)."""
    vikt = np.ones(len(placerade), dtype=np.int64) if antal is None else antal
    rang = f.rang[placerade, kliniker]
    valde = f.valde[placerade]
    m = alg.Matt(
        antal=int(vikt.sum()),
        valde=int(vikt[valde].sum()),
        forsta=int(vikt[valde & (rang == 1)].sum()),
        topp3=int(vikt[valde & (rang >= 1) & (rang <= 3)].sum()),
        summa_avstand_m=int((f.kohort.avstand[placerade, kliniker] * vikt).sum()),
        objektiv=int((kostnader(f, placerade)[np.arange(len(placerade)), kliniker] * vikt).sum()),
    )
    m.overfull(antal_utan)
    return m


def optimum(f: Forberedd, index: np.ndarray, kapacitet: list[int]) -> alg.Matt:
    """The exact minimum of the objective (algoritm.optimum): a transportation LP over groups of women with
    identical cost rows, solved by HiGHS' dual simplex (a vertex, so integral; checked)."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    if not len(index):
        return alg.Matt()
    kost = kostnader(f, index)
    # identical cost rows give identical rank, distance and choice figures too (rank flag is in the cost)
    nyckel = np.concatenate([kost, f.rang[index], f.valde[index][:, None]], axis=1)
    _u, forsta, grupp, storlek = np.unique(nyckel, axis=0, return_index=True, return_inverse=True,
                                           return_counts=True)
    n_g, n_c = len(forsta), kost.shape[1] + 1  # the last column: no place within capacity
    c_vec = np.concatenate([kost[forsta], np.full((n_g, 1), alg.OVERFULL_KOSTNAD)], axis=1).ravel().astype(float)
    alla = np.arange(n_g * n_c)
    a_eq = csr_matrix((np.ones(n_g * n_c), (alla // n_c, alla)), shape=(n_g, n_g * n_c))
    ub = alla[alla % n_c != n_c - 1]
    a_ub = csr_matrix((np.ones(len(ub)), (ub % n_c, ub)), shape=(n_c - 1, n_g * n_c))
    b_ub = np.maximum(np.array(kapacitet, dtype=float), 0)
    svar = linprog(c_vec, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=storlek.astype(float), bounds=(0, None),
                   method="highs-ds", options={"presolve": False})  # presolve: a third of the time, no gain here
    if svar.status != 0:
        raise RuntimeError(f"optimum: HiGHS svarade {svar.message}")
    x = np.rint(svar.x).astype(np.int64)
    if np.abs(svar.x - x).max() > 1e-6:
        raise RuntimeError("optimum: lösningen är inte heltalig")
    x = x.reshape(n_g, n_c)
    g, k = np.nonzero(x[:, :-1])
    return matt(f, index[forsta[g]], k, int(x[:, -1].sum()), antal=x[g, k])
