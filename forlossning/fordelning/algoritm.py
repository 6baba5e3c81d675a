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

A delivery week is decided as a whole (``veckofordelning``): every known undecided woman of the week takes part
with her current wishes, the places already decided are taken away, and only the women whose day it is are
committed; see docs/forlossning.md "The allocation" for the rule and a worked example.

Women nobody can hold (every clinic full of women with higher priority there) are overfull; each goes to a clinic
within its share of the week's overfull women (``overbelagg``), her own ranking first, then the nearest.

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
import math
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


def overfull_andel(platser: dict[int, int], antal_overfulla: int) -> dict[int, float]:
    """Each clinic's share of the week's overfull women: ceil(S · P_c / ΣP), S = all overfull women of the week
    (decided and projected), P_c = the clinic's places. Without places anywhere, no limit (the nearest takes them)."""
    summa = sum(max(p, 0) for p in platser.values())
    if summa <= 0:
        return {k: float("inf") for k in platser}
    return {k: -(-antal_overfulla * max(p, 0) // summa) for k, p in platser.items()}


def overfull_ordning(kvinnor: list[Kvinna], seed: str) -> list[Kvinna]:
    """Overfull women pick their clinic in this order: those who chose first, then by the seeded lottery."""
    return sorted(kvinnor, key=lambda k: (not k.valde, lott(seed, k.id), k.id))


def overbelagg(kvinnor: list[Kvinna], utan_plats: list[int], *, platser: dict[int, int],
               overfulla: dict[int, int], kliniker: tuple[int, ...], seed: str) -> dict[int, int]:
    """The week cannot hold these women. Each goes, in ``overfull_ordning``, to a clinic that is still below its
    share of the week's overfull women (``overfull_andel``; the shares add up to at least the number of overfull
    women, so there always is one), and among those to her highest ranked, else the nearest (the least extra
    distance), then by sha256("<seed>:<pregnancy id>:<clinic id>") and the clinic id. ``overfulla`` (overfull women
    of the week per clinic, those decided on earlier days included) is updated."""
    efter_id = {k.id: k for k in kvinnor}
    andel = overfull_andel({k: platser.get(k, 0) for k in kliniker}, sum(overfulla.get(k, 0) for k in kliniker)
                           + len(utan_plats))
    resultat = {}
    for kvinna in overfull_ordning([efter_id[i] for i in utan_plats], seed):
        kandidater = [k for k in kliniker if overfulla.get(k, 0) < andel[k]]

        def nyckel(klinik, kvinna=kvinna):
            rang = kvinna.rang(klinik)
            return (rang or OVALD_RANG + 1, kvinna.avstand[klinik], lott(seed, kvinna.id, klinik), klinik)

        klinik = min(kandidater, key=nyckel)
        overfulla[klinik] = overfulla.get(klinik, 0) + 1
        resultat[kvinna.id] = klinik
    return resultat


def marginal_for(*, andel: float, kanda: int, sena: int) -> int:
    """Late registrations still expected for a week: round(andel / (1 − andel) · known) − those already come (halves
    up), where known = the week's women registered in time (decided or not) and andel the run history's share of
    late ones as it stood on the week's first decision day (korning.marginal_andel), so the margin does not move
    while the week is being decided."""
    if andel <= 0 or andel >= 1:
        return 0
    return max(math.floor(andel / (1 - andel) * kanda + 0.5) - sena, 0)


def marginal_fordela(platser: dict[int, int], marginal: int) -> dict[int, int]:
    """Places held back for late registrations: ``marginal`` (at most all places) apportioned over the clinics in
    proportion to their places by Sainte-Laguë, one at a time to the largest P_c / (2·h_c + 1) (ties: the smaller
    clinic id). House-monotone: a smaller margin (a late woman has come) never holds more at any clinic, so no
    clinic's room shrinks while its week is being decided."""
    hall = dict.fromkeys(platser, 0)
    for _ in range(min(max(marginal, 0), sum(max(p, 0) for p in platser.values()))):
        basta = None
        for k in sorted(platser):
            if hall[k] >= platser[k]:
                continue
            if basta is None or platser[k] * (2 * hall[basta] + 1) > platser[basta] * (2 * hall[k] + 1):
                basta = k
        hall[basta] += 1
    return hall


@dataclass
class Veckoutfall:
    placering: dict[int, int]  # today's women placed within capacity: woman id -> clinic
    overfulla: dict[int, int]  # today's overfull women: woman id -> clinic
    kvot: dict[int, int]  # places today's women could use (the week's capacity minus later women's projected places)
    prognos_overfulla: dict[int, int]  # overfull women of the week per clinic: decided + projected
    kapacitet: dict[int, int]  # remaining places minus those held back
    marginal: dict[int, int]  # places held back for late registrations
    projektion: Utfall = field(default_factory=Utfall)  # the whole known cohort's allocation


def veckofordelning(kvinnor: list[Kvinna], idag: set[int], *, platser: dict[int, int], inom: dict[int, int],
                    overfulla: dict[int, int], marginal: int, kort: bool, kliniker: tuple[int, ...],
                    seed: str) -> Veckoutfall:
    """One delivery week decided as if all its known women were decided together; only ``idag`` is committed.

    ``kvinnor``: every undecided woman of the week (today's and later days'), with her current wishes;
    ``platser``: capacity per clinic; ``inom`` / ``overfulla``: women of the week already decided within capacity /
    overfull per clinic; ``marginal``: late registrations still expected for the week; ``kort``: the week cannot
    take its women registered in time and the expected late ones (known + expected late > ΣP; fixed for the week).
    Only in a short week are ``marginal`` places held back (``marginal_fordela``). The room per clinic is
    K_c = max(P_c − decided within capacity − held back, 0); deferred acceptance over all ``kvinnor`` with K; those
    it cannot hold are overfull (``overbelagg``). Because K_c only shrinks by the women committed there, the
    projection of the later days' women stays stable: nobody loses a ranked place to an earlier woman of lower
    priority (the late registrations aside)."""
    hall = marginal_fordela({k: platser.get(k, 0) for k in kliniker}, marginal) if kort else dict.fromkeys(kliniker, 0)
    kapacitet = {k: max(platser.get(k, 0) - inom.get(k, 0) - hall[k], 0) for k in kliniker}
    projektion = uppskjuten_acceptans(kvinnor, kapacitet, kliniker, seed)
    prognos = {k: overfulla.get(k, 0) for k in kliniker}
    over = overbelagg(kvinnor, projektion.utan_plats, platser=platser, overfulla=prognos, kliniker=kliniker, seed=seed)
    kvot = dict(kapacitet)
    for kid, klinik in projektion.placering.items():
        if kid not in idag:
            kvot[klinik] -= 1
    return Veckoutfall(placering={k: c for k, c in projektion.placering.items() if k in idag},
                       overfulla={k: c for k, c in over.items() if k in idag}, kvot=kvot, prognos_overfulla=prognos,
                       kapacitet=kapacitet, marginal=hall, projektion=projektion)


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
