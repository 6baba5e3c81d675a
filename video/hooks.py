"""What video plugs into other apps: a section on the citizen overview."""
from __future__ import annotations

from django.utils.translation import gettext as _

from invanare.overview import OversiktSektion
from video import selectors


def oversikt_video(*, aktor, invanare):
    return OversiktSektion(
        nyckel="video",
        rubrik=_("Videomöten"),
        template="video/oversikt_sektion.html",
        context={"moten": selectors.moten_for_invanare_i_enhet(invanare=invanare, vardenhet_id=aktor.vardenhet_id)},
    )
