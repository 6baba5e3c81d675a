"""The demo step: capacity, the two named women, a first run; a second run changes nothing."""
import datetime
from types import SimpleNamespace

from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.demo import forlossning_demo
from forlossning.models import Beslut, Graviditet, Kapacitet
from tests.fixtures.forlossning import GUBBANGEN
from tests.fixtures.staff import InvanareFactory, VardenhetFactory
from vardportalen.models import Vardenhet


def test_demo_step_is_idempotent_and_sets_up_sara_and_fatima(kliniker):
    idag = timezone.localdate()
    sara = InvanareFactory(kon="K", fornamn="Sara", lat=GUBBANGEN[0], lon=GUBBANGEN[1])
    fatima = InvanareFactory(reservnummer=True, kon="K", fornamn="Fatima")
    for _ in range(30):
        InvanareFactory(kon="K", fodelsedatum=idag - datetime.timedelta(days=30 * 365), lat=GUBBANGEN[0],
                        lon=GUBBANGEN[1])
    units = {**kliniker, "BMM_GUB": VardenhetFactory(typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)}
    result = SimpleNamespace(units=units, named_pks={"gravid": sara.pk, "reserv_gravid": fatima.pk}, seed=1,
                             reset=False)
    forlossning_demo(result)
    antal = (Graviditet.objects.count(), Beslut.objects.count(), Kapacitet.objects.count())
    assert Kapacitet.objects.filter(klinik=kliniker["F_SOS"]).count() == 60
    g_sara = Graviditet.objects.get(invanare=sara)
    assert str(g_sara.gestationsalder(idag)) == "18+2" and not g_sara.onskemal.exists()
    g_fatima = Graviditet.objects.get(invanare=fatima)
    assert [o.klinik for o in g_fatima.onskemal.all()] == [kliniker["F_SOS"], kliniker["F_SG"]]
    assert g_fatima.onskemal_kalla == "personal"
    forlossning_demo(result)
    assert (Graviditet.objects.count(), Beslut.objects.count(), Kapacitet.objects.count()) == antal


def test_demo_leaves_a_coming_week_short_for_the_planners_warning(kliniker):
    from forlossning.fordelning import prognos
    from tests.fixtures.forlossning import gravid

    idag = timezone.localdate()
    vecka = prognos.veckor_framat(idag)[2]
    for d in range(10):
        gravid(bf=vecka + datetime.timedelta(days=d % 7))
    units = {**kliniker, "BMM_GUB": VardenhetFactory(typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)}
    forlossning_demo(SimpleNamespace(units=units, named_pks={}, seed=1, reset=False))
    assert sum(Kapacitet.objects.filter(vecka=vecka).values_list("platser", flat=True)) == 8
    _korning, korta = prognos.senaste_korta()
    assert [r["vecka"] for r in korta] == [gv.vecka_slug(vecka)]
    assert sum(korta[0]["overfulla"].values()) == 2
