"""The demo step: the regional vaccination timebook and vårdcentral timebooks with slots and a few bookings; rerunnable."""
from types import SimpleNamespace

from bokning.demo import demo_bokning
from bokning.models import Bokning, Tid, Tidbok
from tests.fixtures.staff import InvanareFactory
from invanare.demodata.units import units_upsert


def test_demo_step_is_idempotent(postnummer_tabell):
    units = units_upsert()
    named = {f"namn{i}": InvanareFactory().pk for i in range(3)}
    result = SimpleNamespace(units=units, named_pks=named, seed=1, reset=False)
    demo_bokning(result)
    regional = Tidbok.objects.get(gemensam=True)
    assert set(regional.deltagande_enheter.values_list("pk", flat=True)) == {units["VAC_KIS"].pk, units["VAC_LIL"].pk}
    antal_tider, antal_bokningar = Tid.objects.count(), Bokning.objects.count()
    assert antal_tider > 1000 and antal_bokningar == 3
    assert Bokning.objects.filter(halsodeklaration__flaggad=True).count() == 2
    demo_bokning(result)
    assert (Tid.objects.count(), Bokning.objects.count()) == (antal_tider, antal_bokningar)
    assert all(t.bokade == t.bokningar.filter(status="bokad").count() for t in Tid.objects.filter(bokade__gt=0))
