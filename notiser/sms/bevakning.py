from django.urls import reverse
from django.utils.translation import gettext as _

from notiser.sms.selectors import misslyckade_for_enhet
from vardportalen.selectors import BevakningPanel


def sms_panel(uppdrag) -> BevakningPanel:
    return BevakningPanel(
        rubrik=_("SMS som inte kunde skickas"),
        antal=misslyckade_for_enhet(vardenhet_id=uppdrag.vardenhet_id,
                                    vardenhet_hsa_id=uppdrag.vardenhet.hsa_id).count(),
        beskrivning=_("SMS till enhetens patienter som SMS-tjänsten inte tog emot. Kontrollera mobilnumret och "
                      "kontakta patienten på annat sätt."),
        url=reverse("notiser:sms_utkorg"),
    )
