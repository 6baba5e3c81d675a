"""Shared data of the hanvisning tests: the demo catalogue published, and units of each care form with
their hours (a vårdcentral on weekdays 08–17, a närakut 08–22 every day, a barnakut around the clock)."""
import datetime

import pytest
from django.utils import timezone

from hanvisning import services
from hanvisning.katalog.demo import demokatalog
from hanvisning.models import Enhetsuppdrag, Oppettid, Symptom, Vardform
from tests.fixtures.staff import VardenhetFactory

STOCKHOLM = timezone.get_default_timezone()


def tid(ar, manad, dag, h, m=0) -> datetime.datetime:
    return datetime.datetime(ar, manad, dag, h, m, tzinfo=STOCKHOLM)


def publicerad(data=None):
    v = services.innehall_importera(data=data or demokatalog(), importerad_av="test")
    v = services.version_granska(version=v, granskare_hsa_id="SE2321000016-LAK1", godkand=True)
    return services.version_publicera(version=v, hsa_id="SE2321000016-LAK1")


def enhet(namn, vardform, timmar, *, lat, lon, postnummer="11520"):
    """``timmar``: {weekday: [(from_minute, to_minute)]}."""
    ve = VardenhetFactory(namn=namn, lat=lat, lon=lon, postnummer=postnummer)
    eu = Enhetsuppdrag.objects.create(vardenhet=ve)
    eu.vardformer.add(Vardform.objects.get(kod=vardform))
    Oppettid.objects.bulk_create([Oppettid(enhet=eu, veckodag=d, fran_minut=f, till_minut=t)
                                  for d, lista in timmar.items() for f, t in lista])
    return eu


VARDAGAR_8_17 = {d: [(8 * 60, 17 * 60)] for d in range(5)}
ALLA_8_22 = {d: [(8 * 60, 22 * 60)] for d in range(7)}
DYGNET_RUNT = {d: [(0, 1440)] for d in range(7)}


@pytest.fixture
def version(db):
    return publicerad()


@pytest.fixture
def enheter(version):
    return {
        "vc": enhet("Demo vårdcentral Söder", "vardcentral", VARDAGAR_8_17, lat=59.31, lon=18.07),
        "vc_langt": enhet("Demo vårdcentral Norrtälje", "vardcentral", VARDAGAR_8_17, lat=59.76, lon=18.70),
        "narakut": enhet("Demo närakut City", "narakut", ALLA_8_22, lat=59.33, lon=18.06),
        "barnakut": enhet("Demo barnakut Solna", "barnakut", DYGNET_RUNT, lat=59.37, lon=18.03),
        "akut": enhet("Demo akutmottagning Huddinge", "akutmottagning", DYGNET_RUNT, lat=59.22, lon=17.94),
    }


@pytest.fixture
def feber(version):
    return Symptom.objects.get(version=version, namn="Feber")
