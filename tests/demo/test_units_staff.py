"""Demo units and staff: birth clinics with the README coordinates, contact-card limits, a roster covering
every role, and the people kept for demonstrating refusals."""
import re

from django.utils import timezone

from tests.demo.conftest import run_demo_load
from invanare.demodata.staff import STAFF
from invanare.demodata.units import demo_unit_hsa_ids
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Roll, Vardenhet

HSA = re.compile(r"^SE2321000016-[0-9A-Z]{4}$")
BIRTH_CLINICS = {
    "Danderyds sjukhus förlossning": (59.3915, 18.0405),
    "BB Stockholm": (59.3915, 18.0405),
    "Karolinska Universitetssjukhuset Solna": (59.3497, 18.0327),
    "Karolinska Universitetssjukhuset Huddinge": (59.2221, 17.9384),
    "BB S:t Göran": (59.3357, 18.0185),
    "Södersjukhuset": (59.3106, 18.0529),
    "Södertälje sjukhus": (59.1826, 17.6322),
}


def test_units(db):
    run_demo_load("--invanare", "0")
    clinics = {u.namn: (u.lat, u.lon) for u in Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK)}
    assert clinics == BIRTH_CLINICS
    # The roster's units (domain demo steps may add their own, e.g. hanvisning's emergency units).
    units = list(Vardenhet.objects.filter(hsa_id__in=demo_unit_hsa_ids()))
    assert len(units) == 20
    assert {u.typ for u in units} == set(Vardenhet.Typ.values)
    assert sum(u.typ == Vardenhet.Typ.VARDCENTRAL for u in units) >= 4
    assert any(u.namn == "Vårdcentral Gubbängen" for u in units)
    for unit in units:
        unit.full_clean()  # HSA-id format, contact-card limits
        assert HSA.match(unit.hsa_id)
        assert unit.gatuadress and unit.postnummer and unit.ort and unit.lat and unit.lon
        assert 0 < len(unit.yttre_fardvag) <= 1024 and 0 < len(unit.inre_fardvag) <= 1024
        assert 0 < len(unit.om_oss) <= 2048


def test_staff_roster(db):
    output = run_demo_load("--invanare", "0")
    idag = timezone.localdate()
    staff = list(Medarbetare.objects.prefetch_related("uppdrag__vardenhet"))
    assert len(staff) == len(STAFF) == 20
    hsa_ids = [m.hsa_id for m in staff] + list(Vardenhet.objects.values_list("hsa_id", flat=True))
    assert len(set(hsa_ids)) == len(hsa_ids) and all(HSA.match(h) for h in hsa_ids)
    for m in staff:
        assert m.hsa_id in output and m.efternamn in output
        assert m.epost.endswith("@regionstockholm.example") and not m.has_usable_password()
        assert 1 <= m.uppdrag.count() <= 3
    active = Medarbetaruppdrag.objects.aktiva()
    assert set(active.values_list("roll", flat=True)) == set(Roll.values)
    assert any(len({u.vardenhet_id for u in m.uppdrag.all()}) > 1 for m in staff)
    assert sum(m.is_staff for m in staff) == 2
    inactive = [m for m in staff if not m.is_active]
    assert len(inactive) == 1
    expired_only = [m for m in staff if m.is_active and not active.filter(medarbetare=m).exists()]
    assert len(expired_only) == 1
    assert all(u.giltig_till < idag for u in expired_only[0].uppdrag.all())
    assert "utgick" in output and "(inaktiv)" in output
