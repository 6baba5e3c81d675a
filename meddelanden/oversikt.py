"""The "Meddelanden" section of the citizen's overview: her conversations with this unit, whether she may
write herself and why, and the two-click way to start one (seed tip: when the unit can't reach her by phone)."""
from django.utils.translation import gettext_lazy as _

from invanare.behorighet import nas_i_appen
from invanare.overview import OversiktSektion
from meddelanden.regler import far_starta
from meddelanden.selectors import konversationer_med_invanare
from vardportalen.models import Vardenhet


def meddelanden_sektion(*, aktor, invanare):
    vardenhet = Vardenhet.objects.get(pk=aktor.vardenhet_id)
    konversationer = konversationer_med_invanare(vardenhet_id=aktor.vardenhet_id, invanare_id=invanare.pk)
    oppen = next((k for k in konversationer if k.stangd is None), None)
    nas = nas_i_appen(invanare=invanare)
    return OversiktSektion(
        nyckel="meddelanden",
        rubrik=_("Meddelanden"),
        template="meddelanden/oversikt_sektion.html",
        context={
            "konversationer": konversationer,
            "oppen": oppen,
            "nas": nas,
            "far_starta": far_starta(invanare=invanare, vardenhet=vardenhet) if nas else None,
        },
    )
