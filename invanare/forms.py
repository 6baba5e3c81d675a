"""Forms of the citizen pages: they parse and validate; the selectors and services do the rest."""
from django import forms
from django.utils.translation import gettext_lazy as _

from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer
from invanare.services import ANLEDNING_MAX


class IdentitetsnummerField(forms.CharField):
    """Accepts what staff type (10 or 12 digits, with or without -/+); cleans to the parsed Identitet.

    The error is the parser's own Swedish message, which says exactly what is wrong.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Personnummer, samordningsnummer eller reservnummer"))
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text and not self.required:
            return None
        try:
            return parse_identitetsnummer(text)
        except OgiltigtIdentitetsnummer as exc:
            raise forms.ValidationError(str(exc), code="ogiltigt") from None


class SokForm(forms.Form):
    identitetsnummer = IdentitetsnummerField(
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "placeholder": "ÅÅÅÅMMDD-NNNN", "autofocus": True}
        ),
        help_text=_("10 eller 12 siffror, med eller utan bindestreck."),
    )


ANLEDNING_FORSLAG = [
    _("Besök på mottagningen"),
    _("Telefonkontakt med invånaren"),
    _("Inkommen remiss"),
    _("Planerad vård"),
    _("Meddelande från invånaren"),
]


class VardrelationForm(forms.Form):
    identitetsnummer = IdentitetsnummerField(widget=forms.HiddenInput)
    anledning = forms.CharField(
        label=_("Anledning"),
        max_length=ANLEDNING_MAX,
        help_text=_("Varför har enheten en vårdrelation med invånaren? Anledningen loggas och granskas i loggkontrollen."),
        widget=forms.TextInput(attrs={"list": "anledning-forslag", "autocomplete": "off"}),
    )
    intygar = forms.BooleanField(
        label=_("Jag intygar att invånaren har en vårdrelation med enheten och att jag behöver uppgifterna för vården."),
        error_messages={"required": _("Du måste intyga att vårdrelationen finns.")},
    )
