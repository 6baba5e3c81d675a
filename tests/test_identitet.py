"""The one parser for personnummer, samordningsnummer and reservnummer (invanare/identitet.py)."""
import datetime

import pytest

from invanare.identitet import (
    OgiltigtIdentitetsnummer,
    luhn_checkdigit,
    parse_identitetsnummer,
    personnummer_for,
    reservnummer_for,
)
from invanare.models import IdTyp

IDAG = datetime.date(2025, 6, 15)


def parse(text, idag=IDAG):
    return parse_identitetsnummer(text, idag=idag)


def error_of(text, idag=IDAG) -> str:
    with pytest.raises(OgiltigtIdentitetsnummer) as exc:
        parse(text, idag)
    return str(exc.value)


@pytest.mark.parametrize(
    "text",
    ["198504121230", "19850412-1230", "8504121230", "850412-1230", " 19850412 1230 "],
)
def test_personnummer_in_every_accepted_form(text):
    ident = parse(text)
    assert ident.typ == IdTyp.PERSONNUMMER
    assert ident.nummer == "198504121230"
    assert ident.formaterad == "19850412-1230"
    assert ident.fodelsedatum == datetime.date(1985, 4, 12)


def test_sex_from_second_to_last_digit():
    assert parse("198504121230").kon == "M"  # ...123|0: digit 3 is odd
    assert parse("198504121248").kon == "K"  # ...124|8: digit 4 is even


def test_classic_test_number_and_spaces():
    assert parse("19121212 1212").nummer == "191212121212"


def test_ten_digits_get_the_most_recent_century_that_is_not_in_the_future():
    assert parse("121212-1212").nummer == "201212121212"  # 2012 is in the past
    assert parse("121212+1212").nummer == "191212121212"  # '+' means a hundred years older


class TestHundredYearBoundary:
    """'+' is used from the 100th birthday. On 2025-06-15:"""

    def test_born_today_a_hundred_years_ago_writes_plus(self):
        assert parse("250615+2343").nummer == "192506152343"

    def test_dash_on_the_same_digits_is_someone_born_today(self):
        assert parse("250615-2343").nummer == "202506152343"

    def test_turns_hundred_tomorrow_is_still_dash(self):
        assert parse("250616-2342").nummer == "192506162342"

    def test_plus_for_someone_under_hundred_would_be_two_hundred(self):
        assert "inte rimligt" in error_of("250616+2342")


def test_samordningsnummer_day_plus_sixty():
    ident = parse("19850472-1237")
    assert ident.typ == IdTyp.SAMORDNINGSNUMMER
    assert ident.nummer == "198504721237"
    assert ident.fodelsedatum == datetime.date(1985, 4, 12)
    assert parse("850472-1237") == ident


def test_samordningsnummer_luhn_is_checked():
    assert "ska vara 7, inte 8" in error_of("198504721238")


class TestReservnummer:
    def test_twelve_digits_starting_with_99(self):
        ident = parse("992024123456")
        assert ident.typ == IdTyp.RESERVNUMMER
        assert ident.nummer == "992024123456"
        assert ident.formaterad == "992024123456"
        assert ident.fodelsedatum is None

    def test_sex_from_second_to_last_digit(self):
        assert parse("992024123456").kon == "M"  # 5 is odd
        assert parse("992024123466").kon == "K"  # 6 is even

    def test_no_luhn_check(self):
        # Every last digit is accepted: the region documents no check digit.
        for last in range(10):
            assert parse(f"99202412345{last}").typ == IdTyp.RESERVNUMMER

    def test_century_must_be_19_or_20(self):
        assert "århundradet 19 eller 20, inte 18" in error_of("991824123456")

    def test_year_of_issue_in_the_future(self):
        assert "utfärdandeår 2031" in error_of("992031123456")

    def test_generator(self):
        assert parse(reservnummer_for(2019, 42)).nummer == "992019000042"

    def test_ten_digits_starting_with_99_are_a_personnummer(self):
        # 990101-xxxx is someone born in 1999, not a reservnummer.
        nr = personnummer_for(datetime.date(1999, 1, 1), 123)
        assert parse(nr[2:]).typ == IdTyp.PERSONNUMMER


class TestLuhn:
    def test_check_digit(self):
        assert luhn_checkdigit("121212121") == 2
        assert luhn_checkdigit("850412123") == 0

    @pytest.mark.parametrize("wrong", "123456789")
    def test_message_names_the_right_and_the_wrong_digit(self, wrong):
        message = error_of(f"19850412123{wrong}")
        assert f"sista siffran ska vara 0, inte {wrong}" in message
        assert "Kontrollsiffran" in message

    def test_ten_digit_form_also_checked(self):
        assert "ska vara 2, inte 3" in error_of("121212-1213")


class TestInvalidDates:
    def test_february_29_in_a_leap_year_is_fine(self):
        assert parse("20000229-3454").fodelsedatum == datetime.date(2000, 2, 29)

    def test_february_29_in_a_non_leap_year(self):
        message = error_of("19010229-1234")
        assert "19010229" in message and "1901 var inget skottår" in message

    def test_1900_was_not_a_leap_year(self):
        assert "1900 var inget skottår" in error_of("19000229-1234", idag=datetime.date(2025, 1, 1))

    def test_february_29_ten_digits_gets_the_century_first(self):
        assert "20010229" in error_of("010229-1234")

    def test_month_13(self):
        assert "månad 13 finns inte" in error_of("19851312-1234")

    def test_april_31(self):
        assert "Datumdelen 19850431 är inget giltigt datum" in error_of("19850431-1234")

    def test_day_zero(self):
        assert "19850400" in error_of("19850400-1234")

    def test_samordningsnummer_with_impossible_day(self):
        assert "inget giltigt datum" in error_of("19850292-1234")  # 92 - 60 = 32

    def test_future_birth_date(self):
        assert "ligger i framtiden" in error_of("20300101-1234")

    def test_implausibly_old(self):
        assert "inte rimligt" in error_of("18800101-1234")


class TestInputShape:
    def test_empty(self):
        assert "Skriv ett personnummer" in error_of("   ")

    def test_letters(self):
        assert "bara innehålla siffror" in error_of("19850412-12X0")

    @pytest.mark.parametrize("text,count", [("19850412123", 11), ("198504121", 9), ("1985041212301", 13)])
    def test_length_is_named(self, text, count):
        assert f"du skrev {count}" in error_of(text)

    def test_separator_in_the_wrong_place(self):
        assert "före de fyra sista siffrorna" in error_of("1985-04121230")

    def test_plus_in_the_twelve_digit_form(self):
        assert "bara i den tiosiffriga formen" in error_of("19121212+1212")

    def test_two_separators(self):
        assert "före de fyra sista" in error_of("850412--1230")


def test_generated_numbers_parse_back():
    for day in (datetime.date(1950, 1, 31), datetime.date(2010, 12, 1), datetime.date(2024, 2, 29)):
        for lopnr in (1, 500, 999):
            for samordning in (False, True):
                nr = personnummer_for(day, lopnr, samordning=samordning)
                ident = parse(nr)
                assert ident.nummer == nr
                assert ident.fodelsedatum == day
