"""Forms of the proxy, block and lock pages. They parse; the services validate the rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from invanare.forms import IdentitetsnummerField
from invanare.models import Blankett, Kontosparr
from invanare.models.ombud import REGISTRERADE_TYPER
from vardportalen.formfalt import Datum, Heltal
from vardportalen.granser import PERSON_AR

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OmbudRegistreraForm(forms.Form):
    typ = forms.ChoiceField(label=_("Typ av ombud"), choices=[("", "–")] + [(t.value, t.label) for t in REGISTRERADE_TYPER])
    identitetsnummer = IdentitetsnummerField(label=_("Ombudets personnummer"))
    beslut_referens = forms.CharField(
        label=_("Beslutets referens"),
        max_length=100,
        help_text=_("Särskilt behov: beslutets diarienummer. Legal ställföreträdare: tingsrättens målnummer. "
                    "Fullmaktstagare: referens till den godkända fullmakten (STY-42669)."),
    )
    beslut_datum = Datum(ar=PERSON_AR, label=_("Beslutsdatum"), widget=DATUM)
    beslut_sorja_for_person = forms.BooleanField(
        label=_("Tingsrättsbeslutet anger att ställföreträdaren ska sörja för huvudmannens person"), required=False
    )
    motivering = forms.CharField(label=_("Motivering"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    giltig_till = Datum(ar=PERSON_AR, label=_("Giltigt till (valfritt)"), required=False, widget=DATUM)


class OmbudAvslutaForm(forms.Form):
    ombud_id = Heltal(widget=forms.HiddenInput)
    anledning = forms.CharField(label=_("Anledning till avslut"), max_length=500)


def _val(personer):
    return [("", "–")] + list(personer)


class BlockeraForm(forms.Form):
    ombud = forms.TypedChoiceField(label=_("Vårdnadshavare eller ombud som ska blockeras"), coerce=int)
    beslutsfattare = forms.ChoiceField(label=_("Beslutsfattare (verksamhetschef)"))
    blankett = forms.ChoiceField(label=_("Blankett"), choices=[("", "–")] + list(Blankett.choices))
    beslutsdatum = Datum(ar=PERSON_AR, label=_("Beslutsdatum"), widget=DATUM)
    anledning = forms.CharField(label=_("Anledning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, personer=(), chefer=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ombud"].choices = _val(personer)
        self.fields["beslutsfattare"].choices = _val(chefer)


class HavaBlockeringForm(forms.Form):
    blockering = Heltal(widget=forms.HiddenInput)
    beslutsfattare = forms.ChoiceField(label=_("Beslutsfattare (verksamhetschef)"))
    beslutsdatum = Datum(ar=PERSON_AR, label=_("Beslutsdatum"), widget=DATUM)
    anledning = forms.CharField(label=_("Anledning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, chefer=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beslutsfattare"].choices = _val(chefer)


class SparrForm(forms.Form):
    orsak = forms.ChoiceField(label=_("Orsak"), choices=Kontosparr.Orsak.choices, widget=forms.RadioSelect)
    orsak_text = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs vid Annan orsak."),
    )


class LasUppForm(forms.Form):
    anledning = forms.CharField(label=_("Anledning till att spärren hävs"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
