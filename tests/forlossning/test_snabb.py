"""The array implementation used by the runs (fordelning.snabb) decides exactly as the reference
(fordelning.algoritm): same clinic for every woman, same overfull women and clinics, same figures, same
optimum objective — on random regions with same-site ties, clinics without places and weeks too short."""
import datetime
import random

import numpy as np
import pytest

from forlossning.fordelning import algoritm as alg
from forlossning.fordelning import snabb

KL = (11, 12, 13, 14, 15)
V = datetime.date(2027, 3, 1)


def region(rng, n):
    gids = rng.sample(range(1, 10 * n), n)
    kvinnor, onsk, avst = [], np.full((n, 7), -1, dtype=np.int64), np.zeros((n, len(KL)), dtype=np.int64)
    for i, gid in enumerate(gids):
        d = [rng.choice([1_000, 2_000, 3_000, rng.randint(500, 60_000)]) for _ in KL]
        d[1] = d[0] if rng.random() < 0.7 else d[1]  # a shared site: equal distances
        val = rng.sample(range(len(KL)), rng.randint(0, 4)) if rng.random() < 0.6 else []
        onsk[i, :len(val)] = val
        avst[i] = d
        kvinnor.append(alg.Kvinna(id=gid, vecka=V, onskemal=tuple(KL[c] for c in val),
                                  avstand=dict(zip(KL, d, strict=True)), ordning=gid))
    kohort = snabb.Kohort(gid=np.array(gids, dtype=np.int64), vecka=np.full(n, V.toordinal(), dtype=np.int64),
                          onskemal=onsk, avstand=avst, kliniker=KL)
    return kvinnor, kohort


@pytest.mark.parametrize("fall", range(40))
def test_array_allocation_equals_the_reference(fall):
    rng = random.Random(fall)
    n = rng.randint(1, 60)
    kvinnor, kohort = region(rng, n)
    kap = [rng.choice([0, 1, 2, 5, n // 3]) for _ in KL]
    kapacitet = dict(zip(KL, kap, strict=True))
    seed = f"seed-{fall}"
    f = snabb.forbered(kohort, seed)
    index = np.arange(n)
    gid = kohort.gid.tolist()

    ref = alg.uppskjuten_acceptans(kvinnor, kapacitet, KL, seed)
    (pl, kol), utan = snabb.uppskjuten_acceptans(f, index, kap)
    assert {gid[i]: KL[c] for i, c in zip(pl.tolist(), kol.tolist(), strict=True)} == ref.placering
    assert sorted(gid[i] for i in utan.tolist()) == ref.utan_plats
    assert snabb.matt(f, pl, kol, len(utan)) == alg.matt(kvinnor, ref)

    platser = [p + rng.randint(0, 2) for p in kap]
    tidigare = [rng.randint(0, 2) for _ in KL]
    over_lista = list(tidigare)
    over = snabb.overbelagg(f, utan, platser=platser, overfulla=over_lista, seed=seed)
    over_dict = dict(zip(KL, tidigare, strict=True))
    ref_over = alg.overbelagg(kvinnor, ref.utan_plats, platser=dict(zip(KL, platser, strict=True)),
                              overfulla=over_dict, kliniker=KL, seed=seed)
    assert {gid[i]: KL[c] for i, c in zip(utan.tolist(), over, strict=True)} == ref_over
    assert over_lista == [over_dict[k] for k in KL]

    # the whole week: some women are today's, some places already decided, a margin
    idag = np.array([rng.random() < 0.4 for _ in range(n)], dtype=bool)
    inom = [rng.randint(0, 2) for _ in KL]
    marginal = rng.choice([0, 1, 3])
    kort = rng.random() < 0.5
    vb = snabb.vecka_besluta(f, index, idag, snabb.Veckolage(platser, inom, list(tidigare), marginal, kort), seed)
    ref_v = alg.veckofordelning(kvinnor, {gid[i] for i in range(n) if idag[i]}, platser=dict(zip(KL, platser)),
                                inom=dict(zip(KL, inom)), overfulla=dict(zip(KL, tidigare)), marginal=marginal, kort=kort,
                                kliniker=KL, seed=seed)
    beslut = {gid[i]: KL[c] for i, c in zip(vb.rader.tolist(), vb.kolumner.tolist(), strict=True)}
    assert beslut == {**ref_v.placering, **ref_v.overfulla}
    assert {gid[i] for i in vb.rader[vb.overfull].tolist()} == set(ref_v.overfulla)
    assert vb.kvot == [ref_v.kvot[k] for k in KL] and vb.marginal == [ref_v.marginal[k] for k in KL]
    assert vb.prognos_overfulla == [ref_v.prognos_overfulla[k] for k in KL]

    ref_g = alg.girig(kvinnor, kapacitet, KL, seed)
    (gpl, gkol), gutan = snabb.girig(f, index, kap)
    assert {gid[i]: KL[c] for i, c in zip(gpl.tolist(), gkol.tolist(), strict=True)} == ref_g.placering
    assert sorted(gid[i] for i in gutan.tolist()) == sorted(ref_g.utan_plats)

    assert snabb.optimum(f, index, kap).objektiv == alg.optimum(kvinnor, kapacitet, KL).objektiv


def test_input_order_does_not_matter():
    rng = random.Random(7)
    _kv, kohort = region(rng, 200)
    kap = [30, 30, 40, 20, 10]

    def besluta(k):
        f = snabb.forbered(k, "s")
        (pl, kol), _u = snabb.uppskjuten_acceptans(f, np.arange(len(k)), kap)
        return dict(zip(k.gid[pl].tolist(), kol.tolist(), strict=True))

    forsta = besluta(kohort)
    for _ in range(5):
        assert besluta(kohort.delmangd(np.array(rng.sample(range(200), 200)))) == forsta
