"""The staff side's bounds (issue 14): each example below answered 500 (or was silently misread) before."""
from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.models import Kapacitet
from tests.fixtures.forlossning import kapacitet_satt
from tests.fixtures.staff import MedarbetaruppdragFactory, logged_in_client
from vardportalen.granser import datum_param, heltal_param
from vardportalen.models import Roll


@pytest.mark.parametrize("datum", ["9999-12-31", "0001-01-01", "２０２６-01-01", "2026-13-01", "x"])
def test_timebook_with_a_date_out_of_range_shows_today(staff_client, datum):
    svar = staff_client.get(reverse("bokning:tidbok"), {"datum": datum, "vy": "vecka"})
    assert svar.status_code == 200


@pytest.mark.parametrize("fran", ["9999-W52", "0000-W00", "2026-W99", "²"])
def test_capacity_with_a_week_out_of_range_shows_the_decision_week(planerare, fran):
    assert logged_in_client(planerare).get(reverse("forlossning:kapacitet"), {"fran": fran}).status_code == 200


@pytest.mark.parametrize("platser", ["99999999999999999999", "１２", "²", "-1", "40000"])
def test_capacity_out_of_the_columns_range_is_a_form_message(planerare, kliniker, platser):
    vecka = gv.vecka_start(gv.bf_for_beslutsdag(timezone.localdate()))
    kapacitet_satt(kliniker, vecka, 2)
    falt = f"p_{kliniker['F_DS'].pk}_{gv.vecka_slug(vecka)}"
    svar = logged_in_client(planerare).post(reverse("forlossning:kapacitet"), {falt: platser})
    assert svar.status_code == 400 and "heltal 0–32767" in svar.content.decode()
    assert Kapacitet.objects.get(klinik=kliniker["F_DS"], vecka=vecka).platser == 2


@pytest.mark.parametrize("params", [{"q": "a\x00b"}, {"ort": "\x00"}, {"x\x00": "1"}])
def test_nul_in_a_get_parameter_is_a_swedish_400(staff_client, params):
    svar = staff_client.get(reverse("meddelanden:svarsmallar"), params)
    assert svar.status_code == 400 and "tecken som inte är tillåtna" in svar.content.decode()


def test_nul_in_a_form_field_changes_nothing(staff_client, aktor, invanare_med_vardrelation):
    from meddelanden import services
    from meddelanden.models import Meddelande

    k = services.konversation_start(aktor=aktor, invanare=invanare_med_vardrelation, amne="Fråga", text="Hej")
    svar = staff_client.post(reverse("meddelanden:svara", args=[k.pk]), {"text": "svar\x00"})
    assert svar.status_code == 400 and "tecken som inte är tillåtna" in svar.content.decode()
    assert Meddelande.objects.count() == 1


def test_sms_id_with_a_unicode_digit_is_not_found(db, vardenhet):
    klient = logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.BARNMORSKA))
    svar = klient.post(reverse("notiser:sms_utkorg"), {"sms_id": "²"}, follow=True)
    assert svar.status_code == 200 and "finns inte" in svar.content.decode()


def test_the_parsers_take_ascii_digits_and_bounded_years_only():
    assert heltal_param("12") == 12 and heltal_param("²") is None and heltal_param("１２３") is None
    assert heltal_param("2147483648") is None and heltal_param("-1") is None and heltal_param(" 7 ") == 7
    assert datum_param("2026-12-07").isoformat() == "2026-12-07"
    assert datum_param("9999-12-31") is None and datum_param("0001-01-01") is None and datum_param("2026-1-1") is None


def test_a_database_that_goes_away_mid_request_gives_a_try_again_page(staff_client, monkeypatch):
    from django.db import OperationalError

    from bokning import views

    def borta(*args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(views.selectors, "tidbocker_for_enhet", borta)
    staff_client.raise_request_exception = False  # the answer handler500 gives, as a browser would see it
    svar = staff_client.get(reverse("bokning:tidbok"))
    html = svar.content.decode()
    assert svar.status_code == 503 and "Försök igen" in html and 'class="topbar"' in html  # in the layout


def test_a_database_that_goes_away_in_a_middleware_gives_the_same_page(staff_client, monkeypatch):
    """Loading the session (before any view) is where a stopped database is met first: still no 500."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import InterfaceError

    def borta(self, *args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(SessionStore, "load", borta)
    staff_client.raise_request_exception = False
    svar = staff_client.get(reverse("bokning:tidbok"))
    assert svar.status_code == 503 and "Inget av det du just gjorde har sparats" in svar.content.decode()


def test_other_unexpected_errors_get_a_swedish_500_page(staff_client, monkeypatch):
    from bokning import views

    def trasig(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(views.selectors, "tidbocker_for_enhet", trasig)
    staff_client.raise_request_exception = False
    svar = staff_client.get(reverse("bokning:tidbok"))
    assert svar.status_code == 500 and "Något gick fel" in svar.content.decode() and "Felet är loggat" in svar.content.decode()
