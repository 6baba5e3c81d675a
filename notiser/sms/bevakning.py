from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notiser.sms.selectors import misslyckade_for_enhet, nekade_for_medarbetare
from vardportalen.selectors import BevakningPanel


def sms_panel(uppdrag) -> BevakningPanel:
    """Failed SMS of the unit, and the withheld ones the logged-in staff member caused (only she sees those)."""
    beskrivning = _("SMS till enhetens patienter som SMS-tjänsten inte tog emot. Kontrollera mobilnumret och "
                    "kontakta patienten på annat sätt.")
    nekade = nekade_for_medarbetare(medarbetare_hsa_id=uppdrag.medarbetare.hsa_id, vardenhet_id=uppdrag.vardenhet_id,
                                    vardenhet_hsa_id=uppdrag.vardenhet.hsa_id).count()
    if nekade:
        beskrivning += " " + ngettext(
            "%(n)d SMS som du orsakade de senaste 30 dygnen fick inte skickas (skyddade personuppgifter, spärrat konto eller inget mobilnummer).",
            "%(n)d SMS som du orsakade de senaste 30 dygnen fick inte skickas (skyddade personuppgifter, spärrat konto eller inget mobilnummer).",
            nekade) % {"n": nekade}
    return BevakningPanel(
        rubrik=_("SMS som inte kunde skickas"),
        antal=misslyckade_for_enhet(vardenhet_id=uppdrag.vardenhet_id,
                                    vardenhet_hsa_id=uppdrag.vardenhet.hsa_id).count(),
        beskrivning=beskrivning,
        url=reverse("notiser:sms_utkorg"),
    )
