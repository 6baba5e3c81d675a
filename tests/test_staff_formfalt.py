"""Every field of every staff form is bounded (issue 14; vardportalen.formfalt): integers through ``Heltal``
(ASCII digits, min and max within PostgreSQL's column range), dates through ``Datum`` and date-times through
``Tidpunkt`` (years within 1900–2100), text with a max_length. NUL and lone surrogates are refused before any
form sees them (the middleware, tested in test_staff_granser.py). The forms are found the way the staff fuzz
walk finds them (tests/test_staff_fuzz.py): every Form and ModelForm subclass in the apps' form modules and
admin modules, so a form added tomorrow is checked the day it lands."""
from __future__ import annotations

import importlib
import pathlib

import pytest
from django import forms
from django.conf import settings

from tests.test_staff_fuzz import APPAR
from vardportalen.formfalt import Datum, Heltal, Tidpunkt
from vardportalen.granser import PERSON_AR, PG_BIGINT_MAX


def _formklasser() -> list[type[forms.BaseForm]]:
    for app in APPAR:
        katalog = pathlib.Path(settings.BASE_DIR) / app
        for fil in katalog.rglob("*.py"):
            if fil.name in ("forms.py", "admin.py") or fil.parent.name == "forms" or fil.name.endswith("_forms.py"):
                importlib.import_module(".".join(fil.relative_to(settings.BASE_DIR).with_suffix("").parts))
    klasser, stack = [], [forms.Form, forms.ModelForm]
    while stack:
        klass = stack.pop()
        stack.extend(klass.__subclasses__())
        if klass.__module__.split(".")[0] in APPAR and klass not in klasser:
            klasser.append(klass)
    return klasser


def _fel(falt: forms.Field) -> str | None:
    if isinstance(falt, (forms.FloatField, forms.DecimalField)):  # FloatField is an IntegerField subclass in Django
        if falt.min_value is None or falt.max_value is None:
            return "tal utan gränser"
    elif isinstance(falt, forms.IntegerField):
        if not isinstance(falt, Heltal):
            return "IntegerField utan Heltal (int() läser '１２３')"
        if falt.min_value is None or falt.max_value is None or falt.max_value > PG_BIGINT_MAX:
            return f"gränser {falt.min_value}..{falt.max_value}"
    elif isinstance(falt, forms.DateTimeField):
        if not isinstance(falt, Tidpunkt) or not PERSON_AR[0] <= falt.ar[0] <= falt.ar[1] <= PERSON_AR[1]:
            return "DateTimeField utan Tidpunkt"
    elif isinstance(falt, forms.DateField):
        if not isinstance(falt, Datum) or not PERSON_AR[0] <= falt.ar[0] <= falt.ar[1] <= PERSON_AR[1]:
            return "DateField utan Datum"
    elif isinstance(falt, forms.CharField) and not isinstance(falt, forms.UUIDField) and falt.max_length is None:
        return "text utan max_length"
    return None


def test_the_walk_finds_the_staff_forms():
    namn = {k.__name__ for k in _formklasser()}
    assert {"BokaForm", "RegistreraForm", "SvarForm", "ErbjudandeForm", "NyttMoteForm", "KapacitetForm"} <= namn


@pytest.mark.parametrize("klass", _formklasser(), ids=lambda k: f"{k.__module__}.{k.__name__}")
def test_every_staff_form_field_is_bounded(klass):
    fel = {namn: f for namn, falt in klass.base_fields.items() if (f := _fel(falt))}
    assert fel == {}, f"{klass.__module__}.{klass.__name__}: {fel}"


@pytest.mark.parametrize("varde", ["１２３", "٣", "²", "1.5", "1e3", "99999999999999999999", "-1", "2147483648"])
def test_heltal_takes_ascii_digits_within_bounds_only(varde):
    with pytest.raises(forms.ValidationError):
        Heltal().clean(varde)


def test_dates_outside_their_years_get_a_message():
    for falt, varde in ((Datum(), "9999-12-31"), (Datum(), "0001-01-01"), (Tidpunkt(), "9999-12-31T23:59")):
        with pytest.raises(forms.ValidationError, match="Ange ett år mellan"):
            falt.clean(varde)
    assert Heltal().clean("42") == 42 and Datum(ar=PERSON_AR).clean("1931-05-02").year == 1931
    from invanare.admin import InvanareAdminForm

    assert InvanareAdminForm.base_fields["fodelsedatum"].ar == PERSON_AR  # a birth date
