"""What edokument plugs into the shell: the dashboard panel and the overview section."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edokument.selectors import dokument_for_invanare, utskriftslista_status
from invanare.overview import OversiktSektion
from vardportalen.format import varaktighet
from vardportalen.selectors import BevakningPanel


def utskriftslista_panel(uppdrag) -> BevakningPanel:
    status = utskriftslista_status(vardenhet_id=uppdrag.vardenhet_id)
    if status.antal:
        beskrivning = _("Dokument att skriva ut och posta. Äldsta har väntat %(tid)s.") % {
            "tid": varaktighet(timezone.now() - status.aldsta)}
    else:
        beskrivning = _("Inga dokument väntar på utskrift.")
    return BevakningPanel(rubrik=_("Utskriftslista"), antal=status.antal, beskrivning=beskrivning,
                          url=reverse("edokument:utskriftslista"))


def edokument_sektion(*, aktor, invanare) -> OversiktSektion:
    return OversiktSektion(
        nyckel="edokument",
        rubrik=_("e-dokument"),
        template="edokument/oversikt_sektion.html",
        context={"dokument": dokument_for_invanare(aktor=aktor, invanare=invanare)},
    )
