"""Admin for proxies, blocks, locks and history: read-only, and reading logs one row per citizen shown."""
import pytest
from django.urls import reverse

from invanare.models import Kontosparr, Ombud, Ombudstyp
from tests.fixtures.staff import InvanareFactory
from vardportalen.models import Atkomstlogg


@pytest.mark.parametrize("modell", ["ombud", "ombudblockering", "kontosparr", "kontohistorik"])
def test_admin_lists_but_never_adds(admin_client, modell):
    assert admin_client.get(reverse(f"admin:invanare_{modell}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:invanare_{modell}_add")).status_code == 403


def test_change_page_is_read_only_and_logged(admin_client):
    huvudman, ombud = InvanareFactory(), InvanareFactory()
    rad = Ombud.objects.create(huvudman=huvudman, ombud=ombud, typ=Ombudstyp.FULLMAKTSTAGARE, beslut_referens="F")
    url = reverse("admin:invanare_ombud_change", args=[rad.pk])
    assert admin_client.get(url).status_code == 200
    assert set(Atkomstlogg.objects.values_list("invanare_identitet", flat=True)) == {huvudman.id_nummer, ombud.id_nummer}
    admin_client.post(url, {"typ": "legal_stallforetradare"})
    rad.refresh_from_db()
    assert rad.typ == "fullmaktstagare"
    sparr = Kontosparr.objects.create(invanare=huvudman, orsak="lvu")
    assert admin_client.post(reverse("admin:invanare_kontosparr_delete", args=[sparr.pk]), {"post": "yes"}).status_code == 403
    assert Kontosparr.objects.filter(pk=sparr.pk).exists()
