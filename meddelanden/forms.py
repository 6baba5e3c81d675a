from django import forms
from django.utils.translation import gettext_lazy as _

from meddelanden.models import AMNE_MAX, TEXT_MAX
from vardportalen.idempotens import TokenFalt
from vardportalen.formfalt import Heltal


class SvarForm(forms.Form):
    text = forms.CharField(label=_("Meddelande"), widget=forms.Textarea(attrs={"rows": 7}),
                           max_length=TEXT_MAX * 2,  # up to twice: the service's own message on length; beyond, the form's
                           required=False, strip=False)
    # One token per rendered form: a double submit (or eight at once) of the same form sends one message.
    token = TokenFalt()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The browser stops at the real limit; Django's own maxlength (the field's max_length) is twice that.
        for namn, grans in (("text", TEXT_MAX), ("amne", AMNE_MAX)):
            if namn in self.fields:
                self.fields[namn].widget.attrs["maxlength"] = grans


class StartForm(SvarForm):
    amne = forms.CharField(label=_("Ämne"), max_length=AMNE_MAX * 2, required=False)

    field_order = ["amne", "text"]


class SvarsmallForm(forms.Form):
    titel = forms.CharField(label=_("Rubrik"), required=False, max_length=300)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False, strip=False,
                           max_length=TEXT_MAX * 2,
                           help_text=_("Platshållare: {fornamn} (invånarens förnamn), {enhet} (enhetens namn), "
                                       "{medarbetare} (ditt namn)."))
    gemensam = forms.BooleanField(label=_("Gemensam för enheten"), required=False)


class TilldelaForm(forms.Form):
    medarbetare = Heltal(label=_("Tilldelad"), required=False)

    def __init__(self, *args, kollegor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if kollegor is not None:  # drawn on the conversation page: a list of the unit's staff
            self.fields["medarbetare"].widget = forms.Select(
                choices=[("", _("Ingen"))] + [(m.pk, m.namn) for m in kollegor])
