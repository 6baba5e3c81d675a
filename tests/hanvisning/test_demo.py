"""The demo step: catalogue published once, units with hours and holiday exceptions, referrals for the chart;
rerunnable; demo staff in licensed roles get their profession."""
from types import SimpleNamespace

from hanvisning.demo import EGNA, hanvisning_demo
from hanvisning.models import Enhetsuppdrag, Hanvisning, Innehallsversion, Symptom
from invanare.demodata.staff import staff_upsert
from invanare.demodata.units import units_upsert
from vardportalen.models import Medarbetare


def test_demo_step_is_idempotent(postnummer_tabell):
    units = units_upsert()
    result = SimpleNamespace(units=units, named_pks={}, seed=1, reset=False, counts={})
    hanvisning_demo(result)
    version = Innehallsversion.objects.get()
    assert version.demo and version.status == "publicerad"
    assert Symptom.objects.filter(version=version).count() >= 100
    antal_enheter = Enhetsuppdrag.objects.count()
    assert antal_enheter >= len(EGNA) + 6
    antal = Hanvisning.objects.count()
    assert antal > 100 and Hanvisning.objects.exclude(avvikelse_orsak="").exists()
    hanvisning_demo(result)
    assert (Innehallsversion.objects.count(), Enhetsuppdrag.objects.count(), Hanvisning.objects.count()) == (
        1, antal_enheter, antal)


def test_demo_staff_have_professions(postnummer_tabell):
    units = units_upsert()
    staff_upsert(units=units)
    yrken = set(Medarbetare.objects.values_list("yrke", flat=True))
    assert {"lakare", "sjukskoterska", "barnmorska", "administrativ"} <= yrken


def test_bench_command_runs_small_and_cleans_up(postnummer_tabell):
    import io

    from django.core.management import call_command

    from vardportalen.models import Vardenhet

    ut = io.StringIO()
    call_command("bench_hanvisning", symtom=60, synonymer=600, enheter=20, sokningar=12, berakningar=12, stdout=ut)
    text = ut.getvalue()
    assert "60 symtom, 600 synonymer" in text and "hela htmx-anropet" in text and "hanvisning_berakna" in text
    assert not Innehallsversion.objects.exists() and not Vardenhet.objects.filter(hsa_id__contains="HBENCH").exists()
