"""The allocation itself, free of Django: women, clinics and capacities in, clinic per woman out.

Deferred acceptance (women propose): a woman proposes to her ranked clinics in order, then to the
remaining clinics nearest first; a non-chooser proposes to all clinics nearest first. Each clinic holds,
within its capacity, the best proposals by priority:

    1. women who ranked this clinic before women who did not,
    2. then the shorter distance from the registered address,
    3. then the published lottery: sha256("<seed>:<pregnancy id>"), smaller first (then the id).

Two clinics at the same distance (BB Stockholm and Danderyd share a site) are ordered for a woman by
sha256("<seed>:<pregnancy id>:<clinic id>"), so the same-site clinics split their neighbourhood evenly
and deterministically.

Women nobody can hold (every clinic full for her week) go to the least overfull clinic (smallest
(decided + 1) / capacity), the nearest among equals, and are marked overfull.

The objective the optimum minimises, for the same women and capacities:
    cost(woman, clinic) = RANG_VIKT * r + distance in metres,
    r = 0, 1, … her rank of the clinic minus one; OVALD_RANG when she ranked others but not this one;
        0 for every clinic when she did not choose (distance only),
and OVERFULL_KOSTNAD for a woman left without a place within capacity (the same count for every method).
All costs are integers, the transportation LP is totally unimodular, so its vertex optimum is integral
and the gap to it is exact.
"""
from __future__ import annotations

import datetime
import hashlib
import heapq
from collections import defaultdict, deque
from dataclasses import dataclass, field

RANG_VIKT = 1_000_000  # one step down the ranking weighs more than any distance in the county (1,000 km)
OVALD_RANG = 7
OVERFULL_KOSTNAD = 10**12
OVERFULL = -1  # "no place within capacity" in the optimum


@dataclass(frozen=True)
class Kvinna:
    id: int
    vecka: datetime.date
    onskemal: tuple[int, ...]  # clinic ids, first choice first; empty when she did not choose
    avstand: dict[int, int]  # metres to each clinic
    ordning: int = 0  # first come, first served order (registration) for the greedy baseline

    @property
    def valde(self) -> bool:
        return bool(self.onskemal)

    def rang(self, klinik: int) -> int | None:
        """1-based rank of the clinic in her wishes, None when not ranked."""
        try:
            return self.onskemal.index(klinik) + 1
        except ValueError:
            return None


def lott(seed: str, *delar) -> int:
    text = seed + "".join(f":{d}" for d in delar)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def kostnad(kvinna: Kvinna, klinik: int) -> int:
    if not kvinna.valde:
        r = 0
    else:
        rang = kvinna.rang(klinik)
        r = OVALD_RANG if rang is None else rang - 1
    return RANG_VIKT * r + kvinna.avstand[klinik]


def foreslagsordning(kvinna: Kvinna, kliniker: tuple[int, ...], seed: str) -> list[int]:
    rankade = [k for k in kvinna.onskemal if k in kliniker]
    avst = kvinna.avstand
    ovriga = sorted((k for k in kliniker if k not in rankade), key=lambda k: (avst[k], k))
    # clinics at the same distance (one site): the seeded hash decides; hashed only where there is a tie
    lika = {avst[a] for a, b in zip(ovriga, ovriga[1:]) if avst[a] == avst[b]}
    if lika:
        ovriga.sort(key=lambda k: (avst[k], lott(seed, kvinna.id, k) if avst[k] in lika else 0, k))
    return rankade + ovriga


def prioritet(kvinna: Kvinna, klinik: int, kvinnolott: int) -> tuple[int, int, int, int]:
    """Smaller is better at the clinic."""
    return (0 if klinik in kvinna.onskemal else 1, kvinna.avstand[klinik], kvinnolott, kvinna.id)


@dataclass
class Utfall:
    placering: dict[int, int] = field(default_factory=dict)  # woman id -> clinic id (within capacity)
    utan_plats: list[int] = field(default_factory=list)  # woman ids no clinic could hold


def uppskjuten_acceptans(kvinnor: list[Kvinna], kapacitet: dict[int, int], kliniker: tuple[int, ...],
                         seed: str) -> Utfall:
    """Women-proposing deferred acceptance for one delivery week. The outcome does not depend on the
    order of ``kvinnor`` (it is the women-optimal stable matching)."""
    efter_id = {k.id: k for k in kvinnor}
    lotter = {k.id: lott(seed, k.id) for k in kvinnor}
    ordning = {k.id: foreslagsordning(k, kliniker, seed) for k in kvinnor}
    nasta = dict.fromkeys(efter_id, 0)
    hallna: dict[int, list] = {k: [] for k in kliniker}  # max-heap (negated priority) of held women
    fria = deque(sorted(efter_id))
    utan_plats = []
    while fria:
        kid = fria.popleft()
        kvinna, lista = efter_id[kid], ordning[kid]
        while nasta[kid] < len(lista):
            klinik = lista[nasta[kid]]
            nasta[kid] += 1
            plats = kapacitet.get(klinik, 0)
            if plats <= 0:
                continue
            prio = prioritet(kvinna, klinik, lotter[kid])
            nyckel = tuple(-x for x in prio)
            heap = hallna[klinik]
            if len(heap) < plats:
                heapq.heappush(heap, (nyckel, kid))
                break
            if nyckel > heap[0][0]:  # she is better than the worst held
                _gammal, utslagen = heapq.heapreplace(heap, (nyckel, kid))
                fria.append(utslagen)
                break
        else:
            utan_plats.append(kid)
    placering = {kid: klinik for klinik, heap in hallna.items() for _n, kid in heap}
    return Utfall(placering=placering, utan_plats=sorted(utan_plats))


def girig(kvinnor: list[Kvinna], kapacitet: dict[int, int], kliniker: tuple[int, ...], seed: str) -> Utfall:
    """First come, first served (registration order): each takes the first clinic of her proposal order
    that still has room. The baseline the deferred acceptance is compared with."""
    kvar = dict(kapacitet)
    utfall = Utfall()
    for kvinna in sorted(kvinnor, key=lambda k: (k.ordning, k.id)):
        for klinik in foreslagsordning(kvinna, kliniker, seed):
            if kvar.get(klinik, 0) > 0:
                kvar[klinik] -= 1
                utfall.placering[kvinna.id] = klinik
                break
        else:
            utfall.utan_plats.append(kvinna.id)
    return utfall


def overbelagg(kvinnor: list[Kvinna], utan_plats: list[int], *, platser: dict[int, int],
               anvanda: dict[int, int], kliniker: tuple[int, ...], seed: str) -> dict[int, int]:
    """Every clinic is full for their week: each goes to the least overfull clinic, nearest among equals.
    ``anvanda`` (decided per clinic in the week, this run included) is updated."""
    efter_id = {k.id: k for k in kvinnor}
    resultat = {}
    for kid in sorted(utan_plats, key=lambda i: (lott(seed, i), i)):
        kvinna = efter_id[kid]

        def grad(klinik):
            p = platser.get(klinik, 0)
            # (a + 1) / p compared exactly as a fraction; a clinic without places only as a last resort
            return (0, (anvanda.get(klinik, 0) + 1) / p) if p > 0 else (1, anvanda.get(klinik, 0))

        klinik = min(kliniker, key=lambda k: (grad(k), kvinna.avstand[k], lott(seed, kid, k), k))
        anvanda[klinik] = anvanda.get(klinik, 0) + 1
        resultat[kid] = klinik
    return resultat


@dataclass
class Matt:
    """Figures of one assignment over the women placed within capacity."""

    antal: int = 0
    valde: int = 0
    forsta: int = 0
    topp3: int = 0
    summa_avstand_m: int = 0
    overfulla: int = 0
    objektiv: int = 0

    def lagg_till(self, kvinna: Kvinna, klinik: int, antal: int = 1) -> None:
        self.antal += antal
        self.summa_avstand_m += kvinna.avstand[klinik] * antal
        self.objektiv += kostnad(kvinna, klinik) * antal
        if kvinna.valde:
            self.valde += antal
            rang = kvinna.rang(klinik)
            if rang == 1:
                self.forsta += antal
            if rang is not None and rang <= 3:
                self.topp3 += antal

    def overfull(self, antal: int = 1) -> None:
        self.overfulla += antal
        self.objektiv += OVERFULL_KOSTNAD * antal

    def plus(self, other: Matt) -> Matt:
        return Matt(*(a + b for a, b in zip(self.__dict__.values(), other.__dict__.values(), strict=True)))

    def som_dict(self) -> dict:
        return dict(self.__dict__)


def matt(kvinnor: list[Kvinna], utfall: Utfall) -> Matt:
    m = Matt()
    efter_id = {k.id: k for k in kvinnor}
    for kid, klinik in utfall.placering.items():
        m.lagg_till(efter_id[kid], klinik)
    m.overfull(len(utfall.utan_plats))
    return m


def optimum(kvinnor: list[Kvinna], kapacitet: dict[int, int], kliniker: tuple[int, ...]) -> Matt:
    """The exact minimum of the objective for one week: a transportation LP over groups of women with
    identical costs (same ranking, same distances), solved by HiGHS' dual simplex (a vertex, so integral)."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import coo_matrix

    if not kvinnor:
        return Matt()
    grupper: dict[tuple, list[Kvinna]] = defaultdict(list)
    for k in kvinnor:
        grupper[(k.onskemal, tuple(k.avstand[c] for c in kliniker))].append(k)
    grupplista = list(grupper.values())
    n_g, n_c = len(grupplista), len(kliniker) + 1  # the last column: no place within capacity
    kostnader = [[kostnad(g[0], c) for c in kliniker] + [OVERFULL_KOSTNAD] for g in grupplista]
    c_vec = np.array([v for rad in kostnader for v in rad], dtype=float)
    rader, kolumner = [], []
    for g in range(n_g):
        for c in range(n_c):
            rader.append(g)
            kolumner.append(g * n_c + c)
    a_eq = coo_matrix((np.ones(len(rader)), (rader, kolumner)), shape=(n_g, n_g * n_c)).tocsr()
    b_eq = np.array([len(g) for g in grupplista], dtype=float)
    ub_rader = [c for g in range(n_g) for c in range(n_c - 1)]
    ub_kol = [g * n_c + c for g in range(n_g) for c in range(n_c - 1)]
    a_ub = coo_matrix((np.ones(len(ub_rader)), (ub_rader, ub_kol)), shape=(n_c - 1, n_g * n_c)).tocsr()
    b_ub = np.array([max(kapacitet.get(c, 0), 0) for c in kliniker], dtype=float)
    svar = linprog(c_vec, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs-ds")
    if svar.status != 0:
        raise RuntimeError(f"optimum: HiGHS svarade {svar.message}")
    x = np.rint(svar.x).astype(np.int64)
    if np.abs(svar.x - x).max() > 1e-6:
        raise RuntimeError("optimum: lösningen är inte heltalig")
    m = Matt()
    for g, grupp in enumerate(grupplista):
        for c in range(n_c):
            antal = int(x[g * n_c + c])
            if not antal:
                continue
            if c == n_c - 1:
                m.overfull(antal)
            else:
                # the group's women are interchangeable in cost, rank and distance
                m.lagg_till(grupp[0], kliniker[c], antal)
    return m
