from django import forms
from django.utils.translation import gettext_lazy as _

from edokument.models import Dokumenttyp, HallenBeslut, Orsak
from edokument.selectors import ALDER_VAL
from vardportalen.formfalt import Heltal, Tidpunkt


class SkickaForm(forms.Form):
    typ = forms.ChoiceField(label=_("Dokumenttyp"), choices=Dokumenttyp.choices,
                            error_messages={"invalid_choice": _("Okänd dokumenttyp.")})
    brevmall = forms.CharField(label=_("Brevmall"), required=False, max_length=100)
    rubrik = forms.CharField(label=_("Rubrik"), max_length=200, required=False)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 8}), required=False, max_length=20000,
                           help_text=_("Lämna tomt för att använda mallens text."))
    besokstid = Tidpunkt(label=_("Besökstid"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                    input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                                    error_messages={"invalid": _("Ange besökstiden som datum och klockslag.")})
    plats = forms.CharField(label=_("Plats"), max_length=300, required=False)
    skickas_som_ebrev = forms.BooleanField(
        label=_("Mallen saknar styrkod: skicka som e-brev ändå (hamnar på utskriftslistan)"), required=False)
    skyddad_bekraftad = forms.BooleanField(
        label=_("Jag har kommit överens med invånaren om hur hen vill bli kallad"), required=False)

    def visa_mallar(self, mallar) -> None:
        """Draw ``brevmall`` as a list of the unit's letter templates (the service checks the one chosen)."""
        self.fields["brevmall"].widget = forms.Select(choices=[("", _("Ingen mall (fri text)"))] + [
            (m.pk, f"{m.get_typ_display()}: {m.namn}" + ("" if m.styrkod else f" ({_('saknar styrkod')})"))
            for m in mallar])


class BekraftaForm(forms.Form):
    dokument_id = Heltal(widget=forms.HiddenInput)


class UtskriftslistaFilter(forms.Form):
    orsak = forms.ChoiceField(label=_("Orsak"), choices=[("", _("Alla"))] + list(Orsak.choices), required=False)
    typ = forms.ChoiceField(label=_("Dokumenttyp"), choices=[("", _("Alla"))] + list(Dokumenttyp.choices), required=False)
    alder = forms.ChoiceField(
        label=_("Ålder"),
        choices=[("", _("Alla")), ("1d", _("Äldre än 1 dygn")), ("3d", _("Äldre än 3 dygn")), ("7d", _("Äldre än 7 dygn"))],
        required=False,
    )
    sida = Heltal(required=False, min_value=1)

    def clean_alder(self):
        alder = self.cleaned_data.get("alder") or ""
        return alder if alder in ALDER_VAL else ""


class HallenBeslutForm(forms.Form):
    beslut = forms.ChoiceField(label=_("Vad ska hända med dokumentet?"), choices=HallenBeslut.choices,
                               widget=forms.RadioSelect, error_messages={"required": _("Välj vad som ska hända med dokumentet."),
                                                                         "invalid_choice": _("Välj vad som ska hända med dokumentet.")})
    adress = forms.CharField(label=_("Annan adress (en rad per adressrad)"), required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 4}))
    anteckning = forms.CharField(label=_("Vad har du kontrollerat, eller hur lämnas dokumentet ut?"), max_length=1000,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 error_messages={"required": _("Skriv vad du har kontrollerat eller hur dokumentet lämnas ut.")})
