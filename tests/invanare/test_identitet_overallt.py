"""The identity-number rules hold on every path that takes a number: the staff search form, the admin,
the citizen app's login and the guardian CSV import all go through invanare.identitet and refuse
non-ASCII digits and a '+' in the twelve-digit form with the parser's Swedish message, storing nothing."""
import datetime

import pytest

from invanare.models import Invanare, Vardnadshavarskap
from invanare.vardnadsimport import vardnadshavare_import
from tests.fixtures.app import AppKlient
from tests.fixtures.staff import InvanareFactory
from vardportalen.models import Atkomstlogg

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.fixture
def vuxen():
    return InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5))


@pytest.mark.parametrize("tabell", [FULLWIDTH, ARABIC_INDIC])
def test_staff_search_refuses_unicode_digits_and_logs_nothing(staff_client, vuxen, tabell):
    response = staff_client.get("/invanare/", {"identitetsnummer": vuxen.id_nummer.translate(tabell)})
    assert response.status_code == 200
    assert "siffrorna 0–9" in response.content.decode()
    assert not Atkomstlogg.objects.exists()


def test_staff_search_refuses_plus_in_twelve_digits(staff_client, vuxen):
    nummer = f"{vuxen.id_nummer[:8]}+{vuxen.id_nummer[8:]}"
    response = staff_client.get("/invanare/", {"identitetsnummer": nummer})
    assert "bara i den tiosiffriga formen" in response.content.decode()
    assert not Atkomstlogg.objects.exists()


@pytest.mark.parametrize("tabell", [FULLWIDTH, ARABIC_INDIC])
def test_app_login_refuses_unicode_digits(vuxen, tabell):
    konto_fore = vuxen.konto
    svar = AppKlient().post("inloggning/", {"metod": "test", "personnummer": vuxen.id_nummer.translate(tabell)})
    assert 400 <= svar.status_code < 500
    assert "siffrorna 0–9" in svar.json()["fel"]["meddelande"]
    vuxen.refresh_from_db()
    assert vuxen.konto == konto_fore


def test_app_login_with_ascii_digits_still_works(vuxen):
    svar = AppKlient().post("inloggning/", {"metod": "test", "personnummer": vuxen.id_nummer})
    assert svar.status_code == 200, svar.content


def test_guardian_import_refuses_unicode_digits_row_by_row(vuxen):
    barn = InvanareFactory(fodelsedatum=datetime.date(2019, 4, 2))
    text = (
        "barn,vardnadshavare,fran\n"
        f"{barn.id_nummer},{vuxen.id_nummer.translate(FULLWIDTH)},\n"
        f"{barn.id_nummer.translate(ARABIC_INDIC)},{vuxen.id_nummer},\n"
    )
    res = vardnadshavare_import(text=text)
    fel = "\n".join(res.fel)
    assert res.sparade == 0
    assert "Rad 2: vårdnadshavarens nummer:" in fel and "siffrorna 0–9" in fel
    assert "Rad 3:" in fel
    assert not Vardnadshavarskap.objects.exists()


def test_admin_create_refuses_unicode_digits(admin_client, vuxen):
    antal = Invanare.objects.count()
    response = admin_client.post("/admin/invanare/invanare/add/", {"id_nummer": "１９８５０４１２-１２３０"})
    assert response.status_code == 200
    assert "siffrorna 0–9" in response.content.decode()
    assert Invanare.objects.count() == antal
