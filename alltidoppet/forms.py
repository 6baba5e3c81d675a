"""The citizen web's forms: they only parse and say in Swedish what is missing; the rules are the services'."""
from __future__ import annotations

from django import forms

from bokning.models import Halsodeklaration
from meddelanden.models import AMNE_MAX, TEXT_MAX
from vardportalen.formfalt import Datum

JA_NEJ = [("ja", "Ja"), ("nej", "Nej")]
FRAGOR = {
    "feber_idag": "Har du feber i dag?",
    "allvarlig_allergisk_reaktion": "Har du tidigare fått en allvarlig allergisk reaktion?",
    "gravid": "Är du gravid?",
    "blodfortunnande": "Tar du blodförtunnande läkemedel?",
}


class HalsodeklarationForm(forms.Form):
    """The vaccination health declaration (bokning.services.Deklaration checks it again)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for falt, _etikett in Halsodeklaration.FLAGGOR:
            self.fields[falt] = forms.ChoiceField(
                label=FRAGOR[falt], choices=JA_NEJ, widget=forms.RadioSelect,
                error_messages={"required": "Svara ja eller nej.", "invalid_choice": "Svara ja eller nej."},
            )
        self.fields["fritext"] = forms.CharField(
            label="Något annat vaccinatören behöver veta (frivilligt)", required=False, max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"max_length": "Skriv högst 1000 tecken."},
        )

    def som_data(self) -> dict:
        data = {falt: self.cleaned_data[falt] == "ja" for falt, _etikett in Halsodeklaration.FLAGGOR}
        data["fritext"] = self.cleaned_data.get("fritext", "")
        return data


class TidsokForm(forms.Form):
    tidstyp = forms.TypedChoiceField(label="Vad vill du boka?", coerce=int, empty_value=None,
                                     error_messages={"required": "Välj vad du vill boka.",
                                                     "invalid_choice": "Välj vad du vill boka i listan."})
    ort = forms.CharField(label="Ort (frivilligt)", required=False, max_length=100,
                          error_messages={"max_length": "Skriv högst 100 tecken."})
    datum = Datum(label="Dag (frivilligt, ÅÅÅÅ-MM-DD)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"],
                            error_messages={"invalid": "Skriv dagen som ÅÅÅÅ-MM-DD, till exempel 2027-03-15."})


    def __init__(self, *args, tidstyper, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tidstyp"].choices = [("", "Välj")] + [(t.pk, t.namn) for t in tidstyper]


class NyKonversationForm(forms.Form):
    amne = forms.CharField(label="Ämne", max_length=AMNE_MAX,
                           error_messages={"required": "Skriv ett ämne.", "max_length": f"Skriv högst {AMNE_MAX} tecken i ämnet."})
    text = forms.CharField(label="Meddelande", widget=forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX}),
                           max_length=TEXT_MAX,
                           error_messages={"required": "Skriv ett meddelande.",
                                           "max_length": f"Skriv högst {TEXT_MAX} tecken i meddelandet."})


class OnskemalForm(forms.Form):
    """The ranked birth-clinic lists (val1 … valN, ids as before). Drawn by the form; the view reads the lists and
    the service checks the choice."""

    def __init__(self, *, kliniker: list[tuple], valda: list[int | None]):
        super().__init__(auto_id="%s")
        val = [("", "Inget val")] + [(k.pk, k.namn if km is None else f"{k.namn} ({km} km)") for k, km in kliniker]
        for i, vald in enumerate(valda, start=1):
            self.fields[f"val{i}"] = forms.ChoiceField(label=f"Val {i}" + (" (frivilligt)" if i > 1 else ""),
                                                       choices=val, required=False, initial=vald)


class DemoInloggningForm(forms.Form):
    """Dev and test only: the identity number of a demo citizen (the test e-ID backend checks it)."""

    personnummer = forms.CharField(label="Personnummer (12 siffror)", max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class SvarForm(forms.Form):
    """The reply in a conversation. Drawn by the form; the service checks what is sent (and says why not)."""

    text = forms.CharField(label="Ditt svar", max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))


class NotisvalForm(forms.Form):
    sms = forms.BooleanField(label="SMS", required=False)
    push = forms.BooleanField(label="Pushnotiser i appen", required=False)


class AvregistreraValForm(forms.Form):
    """Deregistering, the first step: only deregister, or deregister and lock (the view reads ``sparra``)."""

    sparra = forms.ChoiceField(label="Vad vill du göra?", widget=forms.RadioSelect, initial="nej", choices=[
        ("nej", "Bara avregistrera kontot"), ("ja", "Avregistrera och spärra kontot")])


class AvregistreraForstarForm(forms.Form):
    """Deregistering, the second step: she ticks that she has read what happens."""

    forstar = forms.BooleanField(label="Jag har läst vad som händer")
