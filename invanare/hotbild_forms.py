from django import forms
from django.utils.translation import gettext_lazy as _


class HotbildForm(forms.Form):
    anledning = forms.CharField(label=_("Anledning"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                error_messages={"required": _("Ange en anledning.")})

    def __init__(self, *args, tar_bort: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anledning"].label = (_("Varför tas markeringen bort?") if tar_bort
                                          else _("Anledning (skriv inte adress eller telefonnummer)"))
