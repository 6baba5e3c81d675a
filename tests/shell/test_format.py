"""Issue 18: Swedish formats from one place (vardportalen/format.py and its template filters)."""
import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from vardportalen import format as f

MANDAG = timezone.make_aware(datetime.datetime(2026, 12, 7, 9, 0))


def _render(text, **ctx):
    return Template(text).render(Context(ctx))


def test_date_and_time_are_lower_case_swedish():
    assert f.datum_tid(MANDAG) == "mån 7 dec 2026 09:00"
    assert f.datum(MANDAG.date()) == "mån 7 dec 2026"
    assert _render('{{ t|datum_tid:"kort" }}', t=MANDAG) == "mån 7 dec 09:00"
    assert _render('{{ t|datum:"langt" }}', t=MANDAG) == "måndag 7 december 2026"
    assert _render('{{ t|datum:"manad" }}', t=MANDAG) == "7 december 2026"
    assert _render("{{ t|klockslag }}", t=MANDAG) == "09:00"


def test_dates_are_swedish_whatever_language_is_active():
    with translation.override("en"):
        assert _render("{{ t|datum_tid }}", t=MANDAG) == "mån 7 dec 2026 09:00"


def test_every_month_and_weekday_is_lower_case_and_not_english():
    engelska = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Mon", "Tue",
                "Wed", "Thu", "Fri", "Sat", "Sun", "Oct", "May"}
    for manad in range(1, 13):
        dag = datetime.date(2026, manad, 1)
        for d in (dag + datetime.timedelta(days=i) for i in range(7)):
            text = f.datum(d)
            assert text == text.lower() and not set(text.split()) & engelska, text


def test_aware_datetimes_are_shown_in_stockholm_time():
    utc = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=datetime.timezone.utc)
    assert f.datum_tid(utc) == "mån 7 dec 2026 09:00"


@pytest.mark.parametrize(("varde", "text"), [(1234.5, "1\u202f234,5"), (0.25, "0,3"), (3, "3,0")])
def test_numbers_for_people_have_a_decimal_comma(varde, text):
    assert f.tal(varde) == text


@pytest.mark.parametrize(("varde", "text"), [(46.2, "46.2"), (46.0, "46"), (3, "3"), (1234567.125, "1234567.125"),
                                             ("12,5", "12.5"), (None, "0"), (-0.0, "0")])
def test_numbers_for_machines_never_have_a_comma(varde, text):
    assert f.maskintal(varde) == text
    with translation.override("sv"):
        assert _render("{{ v|maskintal }}", v=varde) == text


@pytest.mark.parametrize(("varde", "text"), [("12245", "122 45"), ("122 45", "122 45"), (" 12245 ", "122 45"),
                                             ("", ""), ("1224", "1224"), ("١٢٢٤٥", "١٢٢٤٥")])
def test_postal_codes_are_written_one_way(varde, text):
    assert f.postnummer(varde) == text


def test_identity_numbers_have_a_dash():
    assert f.identitet("191212121212") == "19121212-1212"
    assert f.identitet("991234567890", "reservnummer") == "991234567890"


@pytest.mark.parametrize(("delta", "text"), [
    (datetime.timedelta(seconds=20), "under en minut"), (datetime.timedelta(minutes=3), "3 min"),
    (datetime.timedelta(hours=5, minutes=59), "5 tim"), (datetime.timedelta(hours=47), "47 tim"),
    (datetime.timedelta(hours=48), "2 dygn"), (datetime.timedelta(days=9, hours=23), "9 dygn"),
])
def test_waiting_times(delta, text):
    assert f.varaktighet(delta) == text


def test_no_template_formats_dates_with_english_prone_ad_hoc_patterns():
    """Django's "M" gives title-case month abbreviations ("7 Dec"): dates go through the svenska filters."""
    bas = Path(settings.BASE_DIR)
    mallar = [p for p in bas.glob("**/templates/**/*.html") if ".venv" not in p.parts and "node_modules" not in p.parts]
    assert len(mallar) > 40
    fel = []
    for p in mallar:
        for m in re.finditer(r"""\|date:["']([^"']*)["']""", p.read_text(encoding="utf-8")):
            if re.search(r"(?<!\\)[DMlFNbE]", m.group(1)):
                fel.append(f"{p.relative_to(bas)}: {m.group(0)}")
    assert fel == []


# Machine values keep their patterns: ISO week headers, <time datetime>, and the access log's seconds (a log).
TILLATNA_DATUMMONSTER = {"o", "W", "c", "Y-m-d H:i:s"}


def test_dates_for_people_are_written_one_way():
    """Issue 18's screenshots showed "2026-11-30 23:30" on the print list beside "mån 7 dec 2026 09:20" on the booking
    list: dates a person reads go through |datum, |datum_tid and |klockslag; values in URLs and fields through
    |iso_datum."""
    bas = Path(settings.BASE_DIR)
    mallar = [p for p in bas.glob("**/templates/**/*.html") if ".venv" not in p.parts and "node_modules" not in p.parts]
    fel = [f"{p.relative_to(bas)}: {m.group(0)}" for p in mallar
           for m in re.finditer(r"""\|(?:date|time):["']([^"']*)["']""", p.read_text(encoding="utf-8"))
           if m.group(1) not in TILLATNA_DATUMMONSTER]
    assert fel == []


def test_no_template_splits_postal_codes_by_hand():
    bas = Path(settings.BASE_DIR)
    fel = [str(p.relative_to(bas)) for p in bas.glob("**/templates/**/*.html")
           if ".venv" not in p.parts and re.search(r"postnummer\|slice", p.read_text(encoding="utf-8"))]
    assert fel == []
