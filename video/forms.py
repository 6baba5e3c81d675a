from django import forms
from django.utils.translation import gettext_lazy as _

from video.models import Motestyp
from vardportalen.formfalt import Heltal, Tidpunkt
from vardportalen.idempotens import TokenFalt


class NyttMoteForm(forms.Form):
    typ = forms.ChoiceField(label=_("Typ av möte"), choices=Motestyp.choices)
    rubrik = forms.CharField(label=_("Rubrik"), max_length=200, required=False)
    start = Tidpunkt(label=_("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    langd = Heltal(label=_("Längd (minuter)"), min_value=5, max_value=480, initial=30)
    invanare = forms.CharField(
        label=_("Invånare (identitetsnummer, ett per rad)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("För ett gruppmöte: alla invånare. Enheten måste ha vårdrelation med dem."))
    personal = forms.CharField(
        label=_("Fler personal (HSA-id, ett per rad)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("För flerpartsmöte och möte mellan professioner, också från andra enheter."))
    token = TokenFalt()  # a double submit creates one meeting (vardportalen.idempotens)


class GastlankForm(forms.Form):
    beskrivning = forms.CharField(label=_("Till vem"), max_length=100, help_text=_("Till exempel Tolk eller Anhörig."))
    mobilnummer = forms.CharField(label=_("Skicka med SMS till (valfritt)"), max_length=32, required=False)


class GastForm(forms.Form):
    namn = forms.CharField(label=_("Ditt namn"), max_length=100)
