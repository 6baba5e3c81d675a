"""Forms of the staff pages."""
from django import forms
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bokning.models import Resurs, Schemarad, Tidstyp, Vaccination
from vardportalen.format import datum_tid, klockslag
from vardportalen.idempotens import TokenFalt
from vardportalen.models import Vardenhet
from vardportalen.formfalt import Datum, Heltal, Tidpunkt, begransad_formfalt


SKYDD_BEKRAFTAT = _("Vi har kommit överens om hur invånaren vill bli kallad (skyddade personuppgifter eller känd "
                    "hotbild)")


class BokaForm(forms.Form):
    tid = Heltal(widget=forms.HiddenInput)
    skicka_kallelse = forms.BooleanField(label=_("Skicka e-kallelse"), required=False)
    skyddad_bekraftad = forms.BooleanField(label=SKYDD_BEKRAFTAT, required=False)
    token = TokenFalt()  # one per drawn page: a double submit books once (vardportalen.idempotens)

    def __init__(self, data=None, *, tid=None):
        """With ``tid``: the form of one row of the free slots, its ids and labels told apart by the slot."""
        if tid is None:
            super().__init__(data)
            return
        super().__init__(data, auto_id=f"tid-{tid.pk}-%s")
        namn = render_to_string("bokning/_tid_namn.html", {"t": tid}).strip()
        for falt in ("skicka_kallelse", "skyddad_bekraftad"):
            self.fields[falt].label = format_html('{}<span class="visually-hidden"> {}</span>',
                                                  self.fields[falt].label, namn)


def _datumval(label):
    return Datum(label=label, required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class LedigaTiderFilter(forms.Form):
    """The filter of the free slots when booking (GET). Drawn by the form; the view reads the values leniently
    (an unreadable date falls back to the default) as before."""

    tidstyp = forms.ModelChoiceField(label=_("Tidstyp"), queryset=Tidstyp.objects.filter(aktiv=True), required=False,
                                     empty_label=_("Alla"))
    fran = _datumval(_("Från och med"))
    till = _datumval(_("Till och med"))

    def __init__(self, *, initial):
        super().__init__(initial=initial, auto_id="%s")


class TidbokVal(forms.Form):
    """Which timebook, day and view the timebook page shows (GET); the view reads them leniently as before."""

    tidbok = forms.ChoiceField(label=_("Tidbok"), required=False)
    datum = _datumval(_("Datum"))
    vy = forms.ChoiceField(label=_("Visa"), choices=[("dag", _("Dag")), ("vecka", _("Vecka"))], required=False)

    def __init__(self, *, tidbocker, initial):
        super().__init__(initial=initial, auto_id="val-%s")
        self.fields["tidbok"].choices = [
            (t.pk, f"{t.namn} ({_('gemensam')})" if t.gemensam else t.namn) for t in tidbocker]


class FlyttaForm(forms.Form):
    ny_tid = Heltal(label=_("Flytta till"))
    skyddad_bekraftad = forms.BooleanField(label=SKYDD_BEKRAFTAT, required=False)

    def __init__(self, *args, tider=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tider is not None:  # drawn on the booking page: the free slots it may move to, told apart
            self.fields["ny_tid"].widget = forms.Select(attrs={"id": "ny-tid"}, choices=[
                (t.pk, f"{datum_tid(t.start)}–{klockslag(t.slut)} · {t.resurs.namn} · {t.vardenhet.namn}")
                for t in tider])


class UtfallForm(forms.Form):
    status = forms.ChoiceField(choices=[("genomford", _("Genomförd")), ("uteblev", _("Uteblev"))])


class VaccinationForm(forms.ModelForm):
    class Meta:
        formfield_callback = begransad_formfalt
        model = Vaccination
        fields = ["produkt", "batchnummer", "dos", "stalle"]


class ResursFalt(forms.ModelChoiceField):
    """A resource with its unit: two units of a shared timebook may both have a "Vaccinationsbås 1"."""

    def label_from_instance(self, obj):
        return f"{obj.namn} ({obj.vardenhet.namn})"


class TidForm(forms.Form):
    """/bokning/schema/ shows this form, SchemaradForm and ResursForm on one page: each has its own id prefix, so
    the ids are unique and every label points at its own field."""

    id_prefix = "tid"
    vardenhet = forms.ModelChoiceField(queryset=Vardenhet.objects.none(), label=_("Enhet"))
    resurs = ResursFalt(queryset=Resurs.objects.none(), label=_("Resurs"))
    tidstyp = forms.ModelChoiceField(queryset=Tidstyp.objects.filter(aktiv=True), label=_("Tidstyp"))
    start = Tidpunkt(label=_("Start"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    kapacitet = Heltal(label=_("Antal platser"), min_value=1, max_value=500, initial=1)

    def __init__(self, *args, enheter, resurser, **kwargs):
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)
        self.fields["vardenhet"].queryset = enheter
        self.fields["resurs"].queryset = resurser.select_related("vardenhet").order_by("vardenhet__namn", "namn")


class SchemaradForm(TidForm):
    id_prefix = "schemarad"
    start = None
    veckodag = forms.TypedChoiceField(label=_("Veckodag"), choices=Schemarad.Veckodag.choices, coerce=int)
    fran_klockan = forms.TimeField(label=_("Från klockan"), widget=forms.TimeInput(attrs={"type": "time"}))
    till_klockan = forms.TimeField(label=_("Till klockan"), widget=forms.TimeInput(attrs={"type": "time"}))


class SchemaApplyForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_utlagg_%s")
        super().__init__(*args, **kwargs)

    fran = Datum(label=_("Från och med"), widget=forms.DateInput(attrs={"type": "date"}))
    till = Datum(label=_("Till och med"), widget=forms.DateInput(attrs={"type": "date"}))


class ResursForm(forms.Form):
    vardenhet = forms.ModelChoiceField(queryset=Vardenhet.objects.none(), label=_("Enhet"))
    namn = forms.CharField(label=_("Namn"), max_length=200)
    typ = forms.ChoiceField(label=_("Typ"), choices=Resurs.Typ.choices)

    def __init__(self, *args, enheter, **kwargs):
        kwargs.setdefault("auto_id", "id_resurs_%s")
        super().__init__(*args, **kwargs)
        self.fields["vardenhet"].queryset = enheter


class TidstypForm(forms.ModelForm):
    class Meta:
        formfield_callback = begransad_formfalt
        model = Tidstyp
        fields = ["namn", "langd_minuter", "bokningsbar_i_app", "avbokningsbar_i_app", "boka_senast_timmar",
                  "avboka_senast_timmar", "dold", "video", "kraver_halsodeklaration", "vaccination", "aktiv"]


class EnhetForm(forms.ModelForm):
    class Meta:
        formfield_callback = begransad_formfalt
        model = Vardenhet
        fields = ["namn", "gatuadress", "postnummer", "ort", "telefon", "skickar_ekallelser", "skickar_brev",
                  "yttre_fardvag", "inre_fardvag", "om_oss"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in ("yttre_fardvag", "inre_fardvag", "om_oss")}


class SchemalaggareForm(forms.Form):
    hsa_id = forms.CharField(label=_("Medarbetarens HSA-id"), max_length=48)
    vardenhet = forms.ModelChoiceField(queryset=Vardenhet.objects.filter(aktiv=True), label=_("Enhet"))
    giltig_till = Datum(label=_("Giltig till"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
