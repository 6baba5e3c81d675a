"""Demo staff in the shell: an active commission reaches the dashboard; the inactive person and the one with
only an expired commission are refused (sent to choose a commission)."""

import pytest

from tests.demo.conftest import run_demo_load
from tests.fixtures.staff import logged_in_client
from vardportalen.models import Medarbetare, Medarbetaruppdrag


@pytest.fixture
def demo(db):
    run_demo_load("--invanare", "200")


def test_every_active_demo_commission_reaches_the_dashboard(demo):
    for uppdrag in Medarbetaruppdrag.objects.aktiva().select_related("medarbetare", "vardenhet"):
        html = logged_in_client(uppdrag).get("/").content.decode()
        assert uppdrag.vardenhet.namn in html and uppdrag.get_roll_display() in html


def test_refusals_for_the_inactive_person_and_the_expired_commission(demo):
    active = Medarbetaruppdrag.objects.aktiva()
    refused = Medarbetaruppdrag.objects.exclude(pk__in=active.values("pk")).select_related("medarbetare")
    people = {u.medarbetare.hsa_id for u in refused}
    assert len(people) == 3  # inactive, expired-only, and the doctor whose second commission has expired
    for uppdrag in refused:
        response = logged_in_client(uppdrag).get("/")
        assert response.status_code == 302
        assert "/inloggning/" in response["Location"]
    assert Medarbetare.objects.filter(is_active=False).count() == 1
