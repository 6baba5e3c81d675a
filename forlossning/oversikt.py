"""The "Förlossning" section of the citizen overview (Invånarprofil)."""
from django.utils.translation import gettext_lazy as _

from forlossning import klocka
from forlossning.selectors import beslut_for, graviditet_for_invanare
from invanare.overview import OversiktSektion, oversikt_sektion_register


@oversikt_sektion_register(nyckel="forlossning")
def forlossning_sektion(*, aktor, invanare):
    if invanare.kon == "M":
        return None
    graviditet = graviditet_for_invanare(invanare=invanare)
    return OversiktSektion(
        nyckel="forlossning",
        rubrik=_("Förlossning"),
        template="forlossning/_oversikt_sektion.html",
        context={
            "graviditet": graviditet,
            "beslut": beslut_for(graviditet) if graviditet else None,
            "ga": graviditet.gestationsalder(klocka.idag()) if graviditet else None,
        },
    )
