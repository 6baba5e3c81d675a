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
    """'+' replaces '-' from the beginning of the year in which the person turns 100 (Folkbokföringslagen
    18 §), whatever the day: the century of a ten-digit number follows from the calendar year alone."""

    def test_born_today_a_hundred_years_ago_writes_plus(self):
        assert parse("250615+2343").nummer == "192506152343"

    def test_dash_on_the_same_digits_is_someone_born_today(self):
        assert parse("250615-2343").nummer == "202506152343"

    def test_turns_hundred_later_this_year_already_writes_plus(self):
        # The issue's example: on 2025-06-15, 251201+1236 is someone born 1925-12-01.
        assert parse("251201+1236").nummer == "192512011236"
        assert parse("250616+2342").nummer == "192506162342"

    def test_dash_for_someone_who_turns_hundred_this_year_is_refused_with_a_hint(self):
        # '-' means born in one of the last 100 calendar years: 2025-06-16 is tomorrow.
        message = error_of("250616-2342")
        assert "ligger i framtiden" in message and "250616+2342" in message

    def test_without_separator_means_dash(self):
        assert parse("2506152343").nummer == "202506152343"
        assert "250616+2342" in error_of("2506162342")

    def test_last_day_before_the_hundredth_year(self):
        # Born 1926-12-31: on 2025-12-31 she turns 100 next year, so still '-'.
        nr = personnummer_for(datetime.date(1926, 12, 31), 234)
        assert parse(f"{nr[2:8]}-{nr[8:]}", datetime.date(2025, 12, 31)).nummer == nr
        assert "inte rimligt" in error_of(f"{nr[2:8]}+{nr[8:]}", datetime.date(2025, 12, 31))  # would be 1826

    def test_first_day_of_the_hundredth_year(self):
        # On 2026-01-01 the year she turns 100 has begun: '+', and '-' would be a birth in December 2026.
        nr = personnummer_for(datetime.date(1926, 12, 31), 234)
        assert parse(f"{nr[2:8]}+{nr[8:]}", datetime.date(2026, 1, 1)).nummer == nr
        assert "ligger i framtiden" in error_of(f"{nr[2:8]}-{nr[8:]}", datetime.date(2026, 1, 1))

    def test_plus_and_dash_two_hundred_years_apart_never_overlap(self):
        for idag in (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31), datetime.date(2100, 6, 1)):
            for yy in range(100):
                born_dash = idag.year - (idag.year - yy) % 100
                born_plus = idag.year - 100 - (idag.year - 100 - yy) % 100
                assert idag.year - 99 <= born_dash <= idag.year
                assert born_plus == born_dash - 100

    def test_leap_day_born_a_hundred_years_ago(self):
        nr = personnummer_for(datetime.date(1928, 2, 29), 345)
        assert parse(f"{nr[2:8]}+{nr[8:]}", datetime.date(2028, 2, 29)).fodelsedatum == datetime.date(1928, 2, 29)
        # The same digits with '-' on that day: a baby born today.
        baby = parse(f"{nr[2:8]}-{nr[8:]}", datetime.date(2028, 2, 29))
        assert baby.fodelsedatum == datetime.date(2028, 2, 29)
        assert "ligger i framtiden" in error_of(f"{nr[2:8]}-{nr[8:]}", datetime.date(2028, 2, 28))

    def test_leap_day_in_a_century_year_that_is_no_leap_year(self):
        # On 2100-01-01, 000229- would be 2100-02-29, which does not exist; with '+' it is 2000-02-29.
        nr = personnummer_for(datetime.date(2000, 2, 29), 456)
        assert parse(f"{nr[2:8]}+{nr[8:]}", datetime.date(2100, 1, 1)).fodelsedatum == datetime.date(2000, 2, 29)
        assert "2100 var inget skottår" in error_of(f"{nr[2:8]}-{nr[8:]}", datetime.date(2100, 1, 1))

    def test_samordningsnummer_follows_the_same_rule(self):
        nr = personnummer_for(datetime.date(1925, 12, 1), 123, samordning=True)
        ident = parse(f"{nr[2:8]}+{nr[8:]}")
        assert ident.typ == IdTyp.SAMORDNINGSNUMMER and ident.fodelsedatum == datetime.date(1925, 12, 1)
        assert "ligger i framtiden" in error_of(f"{nr[2:8]}-{nr[8:]}")


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

    @pytest.mark.parametrize("text", ["992024+123456", "99202412+3456", "9920241234+56"])
    def test_never_with_plus(self, text):
        assert "bara i den tiosiffriga formen" in error_of(text) or "före de fyra sista" in error_of(text)

    def test_with_plus_before_the_last_four_is_named(self):
        assert "bara i den tiosiffriga formen" in error_of("99202412+3456")

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

    @pytest.mark.parametrize(
        "text",
        [
            "１９８５０４１２-１２３０",  # fullwidth
            "١٩٨٥٠٤١٢-١٢٣٠",  # Arabic-Indic
            "۱۹۸۵۰۴۱۲-۱۲۳۰",  # Extended Arabic-Indic (Persian)
            "१९८५०४१२-१२३०",  # Devanagari
            "19850412-123０",  # one fullwidth digit among ASCII ones
            "19850412-12²0",  # superscript two
            "𝟏𝟗𝟖𝟓𝟎𝟒𝟏𝟐𝟏𝟐𝟑𝟎",  # mathematical bold
        ],
    )
    def test_only_ascii_digits_are_digits(self, text):
        assert int("１２") == 12  # what int() would accept, and why the parser must not
        assert "siffrorna 0–9" in error_of(text)

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
