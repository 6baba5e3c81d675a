from django import forms
from django.utils.translation import gettext_lazy as _

from invanare.kriterier.models import Kriterium, Syfte
from vardportalen.formfalt import Heltal


class UppsattningForm(forms.Form):
    namn = forms.CharField(label=_("Namn på uppsättningen"), max_length=300, required=False)
    syfte = forms.ChoiceField(label=_("Gäller funktionen"), choices=Syfte.choices, initial=Syfte.MEDDELANDEN,
                              required=False, error_messages={"invalid_choice": _("Välj en funktion i listan.")})

    def clean_syfte(self):
        return self.cleaned_data.get("syfte") or Syfte.MEDDELANDEN


class KriteriumForm(forms.Form):
    """One per set on the page: the set's id in the field ids keeps them unique."""

    typ = forms.ChoiceField(label=_("Kriterium"), choices=Kriterium.Typ.choices)
    alder_min = Heltal(label=_("Lägsta ålder"), required=False, min_value=0, max_value=130)
    alder_max = Heltal(label=_("Högsta ålder"), required=False, min_value=0, max_value=130)
    kommunkoder = forms.CharField(label=_("Kommunkoder"), required=False, max_length=200,
                                  help_text=_("Fyrsiffriga koder, kommaseparerade, t.ex. 0180, 0182."))
    icd10_koder = forms.CharField(label=_("ICD-10-koder"), required=False, max_length=200,
                                  help_text=_("Koder eller kodgrupper, t.ex. E10, E11."))
    besok_dagar_bakat = Heltal(label=_("Räkna även genomförda besök de senaste (dagar)"), required=False,
                                           min_value=0, max_value=3650)

    def __init__(self, data=None, *, uppsattning_id: int):
        super().__init__(data, auto_id=f"kriterium-{uppsattning_id}-%s")
