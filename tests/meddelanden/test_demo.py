"""The demo step: templates, criteria and conversations written in bulk, and idempotent."""
from types import SimpleNamespace

from invanare.kriterier.models import Kriterieuppsattning
from meddelanden import demo
from meddelanden.models import Konversation, Meddelande, Svarsmall
from tests.fixtures.staff import MedarbetaruppdragFactory, VardrelationFactory


def test_demo_step_is_bulk_and_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "VAR_N_TE", 1)
    uppdrag = MedarbetaruppdragFactory(vardenhet__typ="vardcentral")
    relationer = [VardrelationFactory(vardenhet=uppdrag.vardenhet) for _ in range(3)]
    result = SimpleNamespace(named_pks={"gravid": relationer[0].invanare_id})
    demo.meddelanden_demo(result)
    demo.meddelanden_demo(result)
    assert Konversation.objects.count() == 3 and Meddelande.objects.count() == 6
    assert Konversation.objects.filter(olasta_inkommande=1).count() == 3
    assert Svarsmall.objects.filter(vardenhet=uppdrag.vardenhet).count() == len(demo.MALLAR)
    assert Kriterieuppsattning.objects.get(vardenhet=uppdrag.vardenhet).kriterier.count() == 2
