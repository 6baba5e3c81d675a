"""Dashboard panel: women placed at an overfull clinic because every clinic was full for their week."""
from django.urls import reverse
from django.utils.translation import gettext as _

from forlossning import klocka
from forlossning.fordelning import prognos
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


def prognos_panel(uppdrag) -> BevakningPanel | None:
    """For the regional planner: delivery weeks not yet being decided that the latest daily run projected short."""
    if uppdrag.roll != Roll.REGIONAL_PLANERARE:
        return None
    _korning, korta = prognos.senaste_korta()
    if korta:
        veckor = ", ".join(f"{r['vecka']} ({sum(r['overfulla'].values())})" for r in korta)
        beskrivning = _("Förlossningsveckor som enligt prognosen får för få platser (överfulla kvinnor inom "
                        "parentes): %(veckor)s. Se över kapaciteten innan veckan börjar beslutas.") % {"veckor": veckor}
    else:
        beskrivning = _("Ingen kommande förlossningsvecka har för få platser enligt prognosen.")
    return BevakningPanel(rubrik=_("Prognos förlossningskapacitet"), antal=len(korta), beskrivning=beskrivning,
                          url=reverse("forlossning:kapacitet"))
