"""Two staff blocking the same guardian, or locking the same account, at the same moment: one row each."""
import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from invanare.models import Kontosparr, OmbudBlockering
from invanare.services import konto_lock, ombud_block
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardnadshavarskapFactory,
    aktor_for,
)
from vardportalen.models import Atkomstlogg


def _samtidigt(*funktioner):
    start = threading.Barrier(len(funktioner))
    utfall = []

    def kor(f):
        try:
            start.wait()
            f()
            utfall.append("ok")
        except ValidationError as exc:
            utfall.append(exc.messages[0])
        finally:
            connection.close()

    tradar = [threading.Thread(target=kor, args=(f,)) for f in funktioner]
    for t in tradar:
        t.start()
    for t in tradar:
        t.join(30)
    return sorted(utfall)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_blocks_and_locks_give_one_row_and_one_change_log_each():
    chef = MedarbetaruppdragFactory(verksamhetschef=True)
    skoterska = MedarbetaruppdragFactory(vardenhet=chef.vardenhet)
    barn, mamma = InvanareFactory(fodelsedatum=datetime.date(2021, 5, 5)), InvanareFactory()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)

    def blockera(uppdrag):
        return lambda: ombud_block(aktor=aktor_for(uppdrag), huvudman=barn, ombud=mamma,
                                   beslutsfattare_hsa_id=chef.medarbetare.hsa_id, blankett="BLA-46557",
                                   anledning="Fara", beslutsdatum=timezone.localdate())

    # whoever comes second is refused: "already blocked" after the chief, "already waiting" after the nurse
    fel, ok = _samtidigt(blockera(chef), blockera(skoterska))
    assert ok == "ok" and fel in ("Personen är redan blockerad som ombud för invånaren.",
                                  "En blockering av personen väntar redan på verksamhetschefens beslut.")
    assert OmbudBlockering.objects.count() == 1

    def sparra(uppdrag):
        return lambda: konto_lock(aktor=aktor_for(uppdrag), invanare=barn, orsak="lvu")

    assert _samtidigt(sparra(chef), sparra(skoterska)) == ["Kontot är redan spärrat.", "ok"]
    assert Kontosparr.objects.count() == 1
    assert Atkomstlogg.objects.filter(handelse="andring").count() == 2
