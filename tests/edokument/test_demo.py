"""The demo step: documents in several states and a print list on Vårdcentral Gubbängen; safe to rerun."""
from edokument.demo import edokument_demo
from edokument.models import Dokument, Kanal, Orsak, Utskriftslistepost
from invanare.demodata.loader import demo_load
from vardportalen.models import Vardenhet


def test_demo_has_documents_in_various_states_and_a_print_list_and_reruns_cleanly():
    result = demo_load(invanare=1500, seed=3)
    enhet = Vardenhet.objects.get(namn="Vårdcentral Gubbängen")
    dokument = Dokument.objects.filter(vardenhet=enhet)
    assert dokument.count() >= 10
    kanaler = set(dokument.values_list("leveranser__kanal", flat=True))
    assert {Kanal.APP, Kanal.BREVLADA, Kanal.PAPPER} <= kanaler
    orsaker = set(Utskriftslistepost.objects.filter(vardenhet=enhet).values_list("orsak", flat=True))
    assert {Orsak.OLAST_48H, Orsak.SAKNAR_STYRKOD, Orsak.LOKALT_UNDANTAG} <= orsaker
    assert dokument.filter(leveranser__last__isnull=False, leveranser__kanal=Kanal.APP).exists()
    antal = (dokument.count(), Utskriftslistepost.objects.count())
    edokument_demo(result)
    assert (Dokument.objects.filter(vardenhet=enhet).count(), Utskriftslistepost.objects.count()) == antal


def test_demo_reset_can_delete_citizens_with_documents(skicka_ekallelse):
    """demo_load --reset deletes demo citizens through their relations: deliveries to a guardian too."""
    import datetime

    from django.utils import timezone

    from edokument.models import Leverans
    from invanare.models import Invanare
    from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory
    from invanare.demodata.writer import delete_citizens

    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=3 * 365))
    mamma = InvanareFactory(konto="registrerat", fodelsedatum=datetime.date(1990, 1, 1))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    skicka_ekallelse(barn)
    assert Leverans.objects.filter(mottagare=mamma).exists()
    delete_citizens([mamma.pk])
    assert not Invanare.objects.filter(pk=mamma.pk).exists()
    delete_citizens([barn.pk])
    assert not Dokument.objects.exists()
