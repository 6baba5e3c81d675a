from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bokning.models import Tidbok, Tidstyp

from .models import Erbjudande
from vardportalen.formfalt import begransad_formfalt
from vardportalen.idempotens import TokenFalt


class ErbjudandeForm(forms.ModelForm):
    regionalt = forms.BooleanField(label=_("Regionalt erbjudande (hela regionen)"), required=False)
    token = TokenFalt()  # a double submit saves one offer (vardportalen.idempotens)

    class Meta:
        formfield_callback = begransad_formfalt
        model = Erbjudande
        fields = ["titel", "text", "atgard", "tidbok", "tidstyp", "giltig_fran", "giltig_till", "sms_till_skyddade",
                  "alder_min", "alder_max", "kommunkoder", "listad_pa", "icd10_koder", "besok_dagar_bakat",
                  "ej_vaccinerad_tidstyp", "ej_bokad"]
        widgets = {"giltig_fran": forms.DateInput(attrs={"type": "date"}), "giltig_till": forms.DateInput(attrs={"type": "date"}),
                   "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, aktor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tidbok"].queryset = Tidbok.objects.filter(Q(vardenhet_id=aktor.vardenhet_id) | Q(gemensam=True))
        self.fields["tidstyp"].queryset = Tidstyp.objects.order_by("namn")
        self.fields["ej_vaccinerad_tidstyp"].queryset = Tidstyp.objects.filter(vaccination=True).order_by("namn")
