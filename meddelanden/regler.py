"""Who on the citizen's side may start a conversation with a unit, or write in one (seed "Meddelanden",
"Invånarkriterier", "Listningsinformation i Alltid öppet").

- Staff start conversations and may close them; a closed conversation takes nothing more from the citizen.
- In a conversation the unit started, the citizen (or her proxy) may answer until it is closed.
- She may start (and keep writing in her own conversation) when
  a) she has an active booking at a unit that sends e-kallelser, until the visit is done (this wins over
     listing: the unit booked her, issue 15 item 11), or
  b) she meets one of the unit's citizen criteria sets for messages;
- otherwise a vårdcentral only hears from citizens listed there (invanare.listning).

Each answer carries a stable ``kod`` and reasons in Swedish addressed to the citizen (``skal``): they name
only her own circumstances and the unit's rules.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.besok import besok_for
from invanare.dolja import synliga_bokningar
from invanare.kriterier.bedomning import Bedomning, kriterier_bedom
from invanare.kriterier.models import Syfte as KriterieSyfte
from invanare.listning import listning_stanger
from vardportalen.models import Vardenhet


@dataclass(frozen=True)
class Beslut:
    tillaten: bool
    kod: str
    skal: str
    skal_lista: list[str] = field(default_factory=list)
    bedomning: Bedomning | None = None

    def __bool__(self):
        return self.tillaten

    def som_json(self) -> dict:
        return {"tillaten": self.tillaten, "kod": self.kod, "skal": self.skal, "detaljer": self.skal_lista}


def har_synligt_aktivt_besok(*, invanare_id: int, vardenhet_id: int) -> bool:
    """An active booking she can see (seed "Möjlighet att dölja information": hidden bookings never open the unit)."""
    aktiva = sum(1 for b in besok_for(invanare_ids=[invanare_id], vardenhet_id=vardenhet_id) if b.aktiv)
    return synliga_bokningar(invanare_id=invanare_id, vardenhet_id=vardenhet_id, antal=aktiva) > 0


def far_starta(*, invanare, vardenhet: Vardenhet, nu: datetime.datetime | None = None) -> Beslut:
    nu = nu or timezone.now()
    if not vardenhet.aktiv:
        return Beslut(False, "enhet_inaktiv", _("Mottagningen tar inte emot meddelanden i Alltid öppet."))
    # The active booking wins over listing (issue 15 item 11): the unit booked her, so she may write until the
    # visit is done; listing still closes a vårdcentral to everyone else.
    if vardenhet.skickar_ekallelser and har_synligt_aktivt_besok(invanare_id=invanare.pk, vardenhet_id=vardenhet.pk):
        return Beslut(True, "aktiv_bokning",
                      _("Du har en bokad tid på mottagningen och kan skriva till den fram till besöket."))
    if listning_stanger(invanare=invanare, vardenhet=vardenhet):
        return Beslut(
            False,
            "ej_listad",
            _("Du kan bara skriva till den vårdcentral du är listad på, och du är inte listad på %(enhet)s.")
            % {"enhet": vardenhet.namn},
        )
    bedomning = kriterier_bedom(invanare=invanare, vardenhet=vardenhet, syfte=KriterieSyfte.MEDDELANDEN, nu=nu)
    if bedomning.uppfyller:
        uppfylld = bedomning.uppfyllda[0]
        return Beslut(True, "kriterier", _("Mottagningen tar emot meddelanden från dig."),
                      [r.skal_invanare for r in uppfylld.regler], bedomning)
    skal = []
    if vardenhet.skickar_ekallelser:
        skal.append(_("Du har ingen aktiv bokning på mottagningen."))
    for u in bedomning.uppsattningar:
        skal.extend(r.skal_invanare for r in u.regler if not r.uppfyller)
    return Beslut(
        False,
        "ej_oppen",
        _("Du kan inte starta en konversation med %(enhet)s. Mottagningen kan själv skriva till dig.")
        % {"enhet": vardenhet.namn},
        list(dict.fromkeys(skal)),
        bedomning,
    )


def far_skriva(*, konversation, nu: datetime.datetime | None = None) -> Beslut:
    """May the citizen's side write in this (her own) conversation now?"""
    if konversation.ar_stangd:
        return Beslut(False, "stangd", _("Konversationen är avslutad av mottagningen. Du kan inte skriva i den."))
    if konversation.startad_av_personal:
        return Beslut(True, "startad_av_enheten", _("Mottagningen har skrivit till dig och du kan svara."))
    return far_starta(invanare=konversation.invanare, vardenhet=konversation.vardenhet, nu=nu)
