"""What hanvisning plugs into the shell: the citizen overview's section."""
from __future__ import annotations

from django.utils.translation import gettext as _

from invanare.overview import OversiktSektion


def hanvisning_sektion(*, aktor, invanare) -> OversiktSektion:
    from hanvisning.selectors import hanvisningar_for_invanare

    return OversiktSektion(
        nyckel="hanvisning",
        rubrik=_("Hänvisningar"),
        template="hanvisning/oversikt_sektion.html",
        context={"hanvisningar": hanvisningar_for_invanare(invanare=invanare)},
    )
