from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hanvisning.models import MAX_ALDER, Bradskegrad, Vardform
from vardportalen.models import Vardenhet
from vardportalen.formfalt import Datum, Heltal


def _postnummer(text: str) -> str:
    siffror = "".join(ch for ch in text if not ch.isspace())
    if siffror and (len(siffror) != 5 or not (siffror.isascii() and siffror.isdigit())):
        raise ValidationError(_("Ett postnummer har fem siffror, t.ex. 122 45."))
    return siffror


class PatientForm(forms.Form):
    """Age and postcode of the caller; with the search text, the chosen symptom and urgency (all GET)."""

    # Needed for the result (not for searching): the view asks for it when an urgency is chosen.
    alder = Heltal(label=_("Ålder (år)"), min_value=0, max_value=MAX_ALDER, required=False,
                               error_messages={"min_value": _("Åldern kan inte vara negativ."),
                                               "max_value": _("Åldern kan vara högst %(limit_value)s år."),
                                               "invalid": _("Skriv åldern i hela år, t.ex. 4.")})
    postnummer = forms.CharField(label=_("Postnummer"), required=False, max_length=8,
                                 help_text=_("Var patienten befinner sig, för närmaste mottagning."),
                                 widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}))
    # Searches as the user types (htmx); without JS the form's own button submits it.
    q = forms.CharField(label=_("Sök symtom"), required=False, max_length=100, widget=forms.SearchInput(attrs={
        "autocomplete": "off", "hx-get": "", "hx-trigger": "input changed delay:200ms, search", "hx-target": "#traffar",
        "hx-swap": "outerHTML", "hx-include": "closest form", "aria-controls": "traffar"}))
    symptom = Heltal(required=False, min_value=1, widget=forms.HiddenInput,
                                 error_messages={"invalid": _("Okänt symtom."), "min_value": _("Okänt symtom.")})
    bradskegrad = forms.ChoiceField(label=_("Brådskegrad enligt din bedömning"), choices=Bradskegrad.choices,
                                    required=False, widget=forms.RadioSelect)

    def clean_postnummer(self):
        return _postnummer(self.cleaned_data["postnummer"])


class RegistreraForm(forms.Form):
    alder = Heltal(min_value=0, max_value=MAX_ALDER, widget=forms.HiddenInput, required=False)
    postnummer = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    symptom = Heltal(min_value=1, widget=forms.HiddenInput,
                                 error_messages={"invalid": _("Okänt symtom."), "required": _("Välj ett symtom.")})
    bradskegrad = forms.ChoiceField(choices=Bradskegrad.choices, widget=forms.HiddenInput,
                                    error_messages={"required": _("Välj en brådskegrad."),
                                                    "invalid_choice": _("Välj en brådskegrad.")})
    vald_vardform = forms.ModelChoiceField(queryset=Vardform.objects.all(), label=_("Vårdform du hänvisar till"),
                                           required=False, empty_label=_("Den föreslagna"))
    avvikelse_orsak = forms.CharField(label=_("Skäl om du väljer en annan vårdform"), required=False, max_length=500,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    boka_tid = Heltal(required=False, min_value=1, error_messages={"invalid": _("Välj en tid i listan.")})
    skicka_meddelande = forms.BooleanField(label=_("Skicka hänvisningen som meddelande i Alltid öppet till invånaren"), required=False)

    def clean_postnummer(self):
        return _postnummer(self.cleaned_data["postnummer"])


class VersionerVal(forms.Form):
    """The two content versions to compare (GET). Drawn by the form; the view reads and checks them as before."""

    fran = forms.ChoiceField(label=_("Från version"), required=False)
    till = forms.ChoiceField(label=_("till version"), required=False)

    def __init__(self, *, versioner, skillnad):
        super().__init__(auto_id="%s", initial={"fran": skillnad.fran.pk, "till": skillnad.till.pk} if skillnad else {})
        for namn in ("fran", "till"):
            self.fields[namn].choices = [(v.pk, str(v)) for v in versioner]


class UppfoljningForm(forms.Form):
    fran = Datum(label=_("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    till = Datum(label=_("Till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    period = forms.ChoiceField(label=_("Per"), choices=[("vecka", _("vecka")), ("manad", _("månad"))], required=False)
    vardenhet = forms.ModelChoiceField(label=_("Hänvisande enhet"), required=False, empty_label=_("Hela regionen"),
                                       queryset=Vardenhet.objects.filter(aktiv=True).order_by("namn"))

    def clean(self):
        data = super().clean()
        if data.get("fran") and data.get("till") and data["till"] < data["fran"]:
            raise ValidationError(_("Slutdatum måste vara efter startdatum."))
        return data
