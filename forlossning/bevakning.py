"""Dashboard panel: women placed at an overfull clinic because every clinic was full for their week."""
from django.urls import reverse
from django.utils.translation import gettext as _

from forlossning import klocka
from forlossning.selectors import overfulla_framat
from vardportalen.models import Roll, Vardenhet
from vardportalen.selectors import BevakningPanel


def overbelaggning_panel(uppdrag) -> BevakningPanel | None:
    """For the birth clinics (their own women) and the regional planner (all); other units get no panel."""
    ar_klinik = uppdrag.vardenhet.typ == Vardenhet.Typ.FORLOSSNINGSKLINIK
    if not ar_klinik and uppdrag.roll != Roll.REGIONAL_PLANERARE:
        return None
    idag = klocka.idag()
    if ar_klinik and uppdrag.roll != Roll.REGIONAL_PLANERARE:
        antal = overfulla_framat(idag=idag, klinik_id=uppdrag.vardenhet_id)
        beskrivning = _("Kvinnor som fått plats här trots att alla kliniker var fulla för deras förlossningsvecka.")
    else:
        antal = overfulla_framat(idag=idag)
        beskrivning = _("Kvinnor som fått plats på en överfull klinik för kommande veckor: alla kliniker var fulla "
                        "för deras förlossningsvecka. Regional planerare behöver se över kapaciteten.")
    return BevakningPanel(rubrik=_("Överbeläggning förlossning"), antal=antal, beskrivning=beskrivning,
                          url=reverse("forlossning:oversikt"))
