"""What bokning plugs into other apps: visits, the citizen overview, the dashboard."""
from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from bokning import selectors
from invanare.overview import OversiktSektion
from vardportalen.selectors import BevakningPanel


def oversikt_bokningar(*, aktor, invanare):
    return OversiktSektion(
        nyckel="bokningar",
        rubrik=_("Bokningar"),
        template="bokning/oversikt_sektion.html",
        context={"bokningar": selectors.bokningar_for_oversikt(invanare=invanare, vardenhet_id=aktor.vardenhet_id)},
    )


def bevakning_dagens_bokningar(uppdrag) -> BevakningPanel:
    siffror = selectors.dagens_bokningar(vardenhet_id=uppdrag.vardenhet_id)
    return BevakningPanel(
        rubrik=_("Dagens bokningar"),
        antal=siffror.flaggade,
        beskrivning=_("%(flaggade)s av %(bokade)s bokade besök i dag har en hälsodeklaration som behöver kontrolleras.")
        % {"flaggade": siffror.flaggade, "bokade": siffror.bokade},
        url=_tidbok_url(),
    )


def _tidbok_url() -> str | None:
    try:
        return reverse("bokning:tidbok")
    except NoReverseMatch:  # a URL configuration without bokning (the shell tests)
        return None
