"""Bounded field types for every staff form (issue 14; the bounds themselves are in vardportalen.granser).

- ``Heltal``: ASCII digits only (Django's IntegerField runs int(), which reads "１２３" and "٣"), always within
  bounds: by default 0 … PostgreSQL's integer; ids pass ``max_value=PG_BIGINT_MAX``.
- ``Datum``: a date whose year is within ``ar`` (default 2000–2100, dates the portal plans and searches by;
  ``PERSON_AR`` 1900–2100 for a person's date such as a birth date).
- ``Tidpunkt``: a date and time, year 2000–2100.
- Text fields are Django's CharField with a ``max_length``; NUL and lone surrogates never reach a form
  (vardportalen.middleware.InmatningsgransMiddleware refuses them for every staff request).

tests/test_staff_formfalt.py fails on a staff form field that is not bounded this way.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields import AutoFieldMixin
from django.utils.translation import gettext_lazy as _

from vardportalen.granser import PG_BIGINT_MAX, PG_INT_MAX, PG_SMALLINT_MAX, PERSON_AR, SOK_AR, ascii_heltal


class Heltal(forms.IntegerField):
    default_error_messages = {"invalid": _("Ange ett heltal med siffrorna 0–9.")}

    def __init__(self, *, min_value: int = 0, max_value: int = PG_INT_MAX, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        varde = ascii_heltal(str(value))
        if varde is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return varde


class _ArGrans:
    def __init__(self, *, ar: tuple[int, int] = SOK_AR, **kwargs):
        self.ar = ar
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.ar[0] <= value.year <= self.ar[1]:
            raise ValidationError(_("Ange ett år mellan %(fran)s och %(till)s."), code="ar_utanfor",
                                  params={"fran": self.ar[0], "till": self.ar[1]})


class Datum(_ArGrans, forms.DateField):
    pass


class Tidpunkt(_ArGrans, forms.DateTimeField):
    pass


TEXT_MAX = 20_000  # a model TextField in a form: longer than any text staff write, far below what hurts

_HOGST = {"SmallIntegerField": PG_SMALLINT_MAX, "PositiveSmallIntegerField": PG_SMALLINT_MAX,
          "BigIntegerField": PG_BIGINT_MAX, "PositiveBigIntegerField": PG_BIGINT_MAX}


def begransad_formfalt(db_field, **kwargs):
    """``Meta.formfield_callback`` of every staff ModelForm: the model's fields as the bounded types above
    (integers within their column's range, dates 1900–2100, date-times 2000–2100, text with a max_length)."""
    if not db_field.choices and not db_field.is_relation:
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("form_class", Tidpunkt)
        elif isinstance(db_field, models.DateField):  # a model's date may be a person's (a birth date): 1900–2100
            kwargs.setdefault("form_class", Datum)
            kwargs.setdefault("ar", PERSON_AR)
        elif isinstance(db_field, models.FloatField):  # coordinates (admin): Django's FloatField refuses inf/nan
            kwargs.setdefault("min_value", -1e6)
            kwargs.setdefault("max_value", 1e6)
        elif isinstance(db_field, models.IntegerField) and not isinstance(db_field, AutoFieldMixin):
            kwargs.setdefault("form_class", Heltal)
            kwargs.setdefault("max_value", _HOGST.get(db_field.get_internal_type(), PG_INT_MAX))
        elif isinstance(db_field, models.TextField):
            kwargs.setdefault("max_length", TEXT_MAX)
    return db_field.formfield(**kwargs)


class _FlerFiler(forms.FileInput):
    allow_multiple_selected = True


class BilagorForm(forms.Form):
    """The attachments input of a form whose view reads ``request.FILES`` itself (the services check type and
    size): drawn through ``{% falt %}`` like every other field, never validated here."""

    bilagor = forms.FileField(required=False, widget=_FlerFiler)

    def __init__(self, *, label, accept: str):
        super().__init__()
        self.fields["bilagor"].label = label
        self.fields["bilagor"].widget.attrs["accept"] = accept
