"""The pinned clock (tests/fixtures/klocka.py) also reaches model fields declared with default=timezone.now."""
import datetime

from django.utils import timezone

from invanare.models import Vardrelation
from tests.fixtures.staff import InvanareFactory, VardenhetFactory


def test_a_field_default_of_timezone_now_follows_the_pin(klocka):
    pinned = klocka.stall(datetime.datetime(2030, 2, 28, 12, 0))
    rad = Vardrelation.objects.create(invanare=InvanareFactory(), vardenhet=VardenhetFactory(), anledning="Besök")
    assert abs(rad.fran - pinned) < datetime.timedelta(minutes=1)
    assert Vardrelation.objects.aktiva().filter(pk=rad.pk).exists()
    assert abs(timezone.now() - pinned) < datetime.timedelta(minutes=1)
