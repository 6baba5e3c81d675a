"""The year simulated day by day (bench_fordelning_ar's engine) on a small region: under the rule of issue 16 the
weekday of 22+0 does not decide who goes overfull and nobody registered in time loses a ranked clinic to an
earlier woman of lower priority; the rule before it fails both."""
import datetime

from forlossning.fordelning import simulering, snabb

KLINIKER = [(1, 59.3915, 18.0405, 5500), (2, 59.3915, 18.0405, 4000), (3, 59.3497, 18.0327, 3200),
            (4, 59.2221, 17.9384, 4200), (5, 59.3357, 18.0185, 2000), (6, 59.3106, 18.0529, 6700),
            (7, 59.1826, 17.6322, 2500)]
POSITIONER = [(59.2 + 0.02 * i, 17.7 + 0.05 * j) for i in range(20) for j in range(20)]


def _ar(sena):
    ar = simulering.syntetiskt_ar(antal=3000, andel_valjare=0.6, andel_sena=sena, seed=3,
                                  forsta_dag=datetime.date(2027, 1, 4), kliniker=KLINIKER, positioner=POSITIONER)
    return ar, snabb.forbered(ar.kohort, simulering.SEED)


def test_the_weekday_explains_none_of_the_overfull_and_no_ranked_place_is_lost():
    ar, f = _ar(0.0)
    ny = simulering.figurer(ar, f, simulering.simulera(ar, f, regel="ny"))
    gammal = simulering.figurer(ar, f, simulering.simulera(ar, f, regel="gammal"))
    assert ny["forlorade_i_tid"] == ny["forlorade_efter_sen"] == ny["forlorade_sena"] == 0
    assert gammal["forlorade_i_tid"] > 0
    assert ny["chi2"] < 12.59 < gammal["chi2"]  # 6 degrees of freedom, 5 %
    # without late registrations both leave exactly the week's shortfall overfull: the optimum's count
    assert ny["overfulla"] == gammal["overfulla"] == simulering.optimum_i_efterhand(ar, f)["overfulla"]
    assert ny["forsta"] > gammal["forsta"]


def test_late_registrations_are_counted_apart():
    ar, f = _ar(0.05)
    ny = simulering.figurer(ar, f, simulering.simulera(ar, f, regel="ny"))
    assert ny["forlorade_i_tid"] == 0
    assert int(ar.sen.sum()) > 0
