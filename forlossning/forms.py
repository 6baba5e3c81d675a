from django import forms
from django.utils.translation import gettext_lazy as _

from forlossning.models import Avslut
from vardportalen.idempotens import TokenFalt
from vardportalen.models import Vardenhet
from vardportalen.formfalt import Datum

DATUM = forms.DateInput(attrs={"type": "date"})


class RegistreraForm(forms.Form):
    mhv1_datum = Datum(label=_("MHV1 öppnad i Obstetrix"), widget=DATUM,
                                 error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})
    bf = Datum(label=_("Beräknad förlossning (BF)"), widget=DATUM,
                         error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})
    patientnotering = forms.CharField(label=_("Patientnotering"), required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    sms_skyddad_bekraftad = forms.BooleanField(
        label=_("Skicka SMS trots skyddad identitet eller känd hotbild (kvinnan har själv bett om det)"), required=False)
    token = TokenFalt()  # a double submit registers one pregnancy (vardportalen.idempotens)


class BfForm(forms.Form):
    bf = Datum(label=_("Ny beräknad förlossning (BF)"), widget=DATUM,
                         error_messages={"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})


def _kliniker_val():
    return [("", "–")] + [(k.pk, k.namn) for k in Vardenhet.objects.filter(
        typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, aktiv=True).order_by("namn")]


class OnskemalForm(forms.Form):
    """The wish written in the patient note: up to seven clinics in order."""

    patientnotering = forms.CharField(label=_("Patientnotering"), required=False, max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        val = _kliniker_val()
        for i in range(1, 8):
            self.fields[f"val{i}"] = forms.TypedChoiceField(label=_("Val %(n)s") % {"n": i}, choices=val,
                                                            coerce=int, required=False, empty_value=None)

    def kliniker(self) -> list[int]:
        return [self.cleaned_data[f"val{i}"] for i in range(1, 8) if self.cleaned_data.get(f"val{i}")]


class FlyttForm(forms.Form):
    till_klinik = forms.TypedChoiceField(label=_("Flytta till"), coerce=int)
    medicinsk_orsak = forms.CharField(label=_("Medicinsk orsak"), max_length=2000,
                                      widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["till_klinik"].choices = _kliniker_val()


class AvslutaForm(forms.Form):
    orsak = forms.ChoiceField(label=_("Varför avslutas graviditeten?"), choices=[("", "–"), *Avslut.choices],
                              error_messages={"required": _("Välj varför graviditeten avslutas."),
                                              "invalid_choice": _("Välj varför graviditeten avslutas.")})
