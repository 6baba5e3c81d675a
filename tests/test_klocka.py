"""The pinned clock (tests/fixtures/klocka.py) also reaches model fields declared with default=timezone.now."""
import datetime

from django.utils import timezone

from invanare.models import Vardnadshavarskap, Vardrelation
from tests.fixtures.staff import InvanareFactory, VardenhetFactory


def test_a_field_default_of_timezone_now_follows_the_pin(klocka):
    pinned = klocka.stall(datetime.datetime(2030, 2, 28, 12, 0))
    rad = Vardrelation.objects.create(invanare=InvanareFactory(), vardenhet=VardenhetFactory(), anledning="Besök")
    assert abs(rad.fran - pinned) < datetime.timedelta(minutes=1)
    assert Vardrelation.objects.aktiva().filter(pk=rad.pk).exists()
    assert abs(timezone.now() - pinned) < datetime.timedelta(minutes=1)


def test_guardianship_starts_on_the_stockholm_date_of_the_portals_clock(klocka):
    # 00:30 in Stockholm on 1 March is 23:30 UTC on 28 February; the machine's date.today() was neither.
    klocka.stall(datetime.datetime(2030, 3, 1, 0, 30))
    rad = Vardnadshavarskap.objects.create(barn=InvanareFactory(), vardnadshavare=InvanareFactory())
    assert rad.fran == datetime.date(2030, 3, 1)


def test_a_commission_starts_on_the_stockholm_date_of_the_portals_clock(klocka):
    from tests.fixtures.staff import MedarbetareFactory
    from vardportalen.models import Medarbetaruppdrag, Roll

    klocka.stall(datetime.datetime(2030, 3, 1, 0, 30))
    uppdrag = Medarbetaruppdrag.objects.create(medarbetare=MedarbetareFactory(), vardenhet=VardenhetFactory(),
                                               roll=Roll.SJUKSKOTERSKA)
    assert uppdrag.giltig_fran == datetime.date(2030, 3, 1)


def test_after_a_pinned_test_the_defaults_follow_the_real_clock_again():
    # Runs after the tests above (same module, in order): their pins must not outlive them.
    rad = Vardrelation.objects.create(invanare=InvanareFactory(), vardenhet=VardenhetFactory(), anledning="Besök")
    assert abs(rad.fran - timezone.now()) < datetime.timedelta(minutes=1)
    assert Vardnadshavarskap.objects.create(barn=InvanareFactory(), vardnadshavare=InvanareFactory()).fran == timezone.localdate()
