"""The demo step: terms version 1 published, Sara has accepted them and has a phone for push; reruns cleanly."""
from types import SimpleNamespace

from invanare.models import Anvandarvillkor
from invanare.samtycke import har_samtycke, krav_version
from notiser.demo import notiser_demo
from notiser.models import PushEnhet
from tests.fixtures.staff import InvanareFactory


def test_demo_terms_and_a_phone_and_rerun(db):
    sara = InvanareFactory(konto="inget")
    resultat = SimpleNamespace(named_pks={"gravid": sara.pk})
    for _ in range(2):
        notiser_demo(resultat)
    sara.refresh_from_db()
    assert Anvandarvillkor.objects.count() == 1 and "samtycke" in Anvandarvillkor.objects.get().text
    assert har_samtycke(sara, krav=krav_version()) and PushEnhet.objects.get().invanare == sara
