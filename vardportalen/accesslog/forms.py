from django import forms
from django.utils.translation import gettext_lazy as _

from vardportalen.accesslog.identitet import IdentitetsnummerFalt
from vardportalen.accesslog.selectors import LoggFilter
from vardportalen.models import Atkomstlogg
from vardportalen.models.personal import hsa_id_validator
from vardportalen.formfalt import Datum

ALLA = [("", _("Alla"))]


class HsaIdField(forms.CharField):
    """Strips spaces and upper-cases the country prefix ("se2321…" → "SE2321…") before validating."""

    default_validators = [hsa_id_validator]

    def to_python(self, value):
        value = "".join(super().to_python(value).split())
        return value[:2].upper() + value[2:] if value else ""


class LoggFilterForm(forms.Form):
    medarbetare = HsaIdField(
        label=_("Medarbetarens HSA-id"),
        required=False,
        max_length=48,
        widget=forms.TextInput(attrs={"placeholder": "SE2321000016-…", "autocomplete": "off"}),
    )
    identitetsnummer = IdentitetsnummerFalt(
        label=_("Invånarens identitetsnummer"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ÅÅÅÅMMDD-NNNN", "autocomplete": "off", "inputmode": "numeric"}),
    )
    fran = Datum(label=_("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    till = Datum(label=_("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    handelse = forms.ChoiceField(label=_("Händelse"), required=False, choices=ALLA + Atkomstlogg.Handelse.choices)
    utfall = forms.ChoiceField(label=_("Utfall"), required=False, choices=ALLA + Atkomstlogg.Utfall.choices)

    def clean(self):
        data = super().clean()
        fran, till = data.get("fran"), data.get("till")
        if fran and till and fran > till:
            self.add_error("till", _("Slutdatumet ligger före startdatumet."))
        return data

    def to_filter(self) -> LoggFilter:
        d = self.cleaned_data
        return LoggFilter(
            medarbetare_hsa_id=d.get("medarbetare") or "",
            identitet=d.get("identitetsnummer"),
            fran=d.get("fran"),
            till=d.get("till"),
            handelse=d.get("handelse") or "",
            utfall=d.get("utfall") or "",
        )
