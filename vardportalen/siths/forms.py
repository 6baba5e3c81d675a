from django import forms

from vardportalen.siths import errors as E
from vardportalen.formfalt import Heltal


class KortinloggningForm(forms.Form):
    """What the login page's script posts: the card's answer from the agent, or the agent's error code."""

    nonce = forms.CharField(max_length=64)
    signature = forms.CharField(required=False, max_length=4096)
    certificate = forms.CharField(required=False, max_length=16384)
    agent_error = forms.CharField(required=False, max_length=40)
    tries_left = Heltal(required=False, min_value=0, max_value=15)
    next = forms.CharField(required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        has_answer = bool(data.get("signature") and data.get("certificate"))
        if has_answer == bool(data.get("agent_error")):
            raise forms.ValidationError(E.MESSAGES[E.FELAKTIG_BEGARAN], code=E.FELAKTIG_BEGARAN)
        return data


class ValjUppdragForm(forms.Form):
    uppdrag = Heltal(min_value=1)
    next = forms.CharField(required=False, max_length=2000)
