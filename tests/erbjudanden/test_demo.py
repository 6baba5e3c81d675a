from types import SimpleNamespace

from django.utils import timezone

from erbjudanden.demo import erbjudanden_demo
from erbjudanden.models import Erbjudande, Mottagare
from tests.fixtures.bokning import vaccinationstyp
from tests.fixtures.staff import InvanareFactory


def test_demo_sends_the_regional_round_once(regional_tidbok):
    vaccinationstyp()
    idag = timezone.localdate()
    aldre = InvanareFactory(med_konto=True, kommunkod="0180", fodelsedatum=idag.replace(year=idag.year - 70, day=1))
    InvanareFactory(med_konto=True, kommunkod="0180", fodelsedatum=idag.replace(year=idag.year - 40, day=1))
    for _ in range(2):
        result = SimpleNamespace(counts={})
        erbjudanden_demo(result)
    e = Erbjudande.objects.get()
    assert e.regionalt and e.status == "skickat"
    assert list(Mottagare.objects.values_list("invanare_id", flat=True)) == [aldre.pk]
    assert result.counts["riktade erbjudanden: mottagare"] == 1
