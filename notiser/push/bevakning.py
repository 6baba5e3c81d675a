from django.urls import reverse
from django.utils.translation import gettext as _

from notiser.push.selectors import misslyckade_push_for_enhet
from vardportalen.selectors import BevakningPanel


def push_panel(uppdrag) -> BevakningPanel:
    return BevakningPanel(
        rubrik=_("Pushnotiser som inte kunde skickas"),
        antal=misslyckade_push_for_enhet(vardenhet_id=uppdrag.vardenhet_id,
                                         vardenhet_hsa_id=uppdrag.vardenhet.hsa_id).count(),
        beskrivning=_("Pushnotiser till enhetens patienter som pushtjänsten inte tog emot."),
        url=reverse("notiser:push_utkorg"),
    )
