"""Which slots a citizen may book in the app (issue 15 items 11 and 12). One place, read by the slot search
(bokning.selectors.lediga_tider_sok) and by the booking itself (bokning.services.bokning_create_app).

- Listing (invanare.listning): a vårdcentral's own timebooks only for citizens listed there.
- The regional vaccination timebook (``Tidbok.gemensam``) is open to every citizen, its slots at
  vårdcentraler included (seed 004: »Invånare kan själva boka vaccinationstid«).
- Citizen criteria per function (seed 001, "Invånarkriterier"): a unit with an active criteria set for
  booking takes app bookings only from citizens who meet one (invanare.kriterier.bedomning.funktion_oppen).
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from invanare.kriterier.bedomning import enheter_med_kriterier, funktion_oppen
from invanare.kriterier.models import Syfte as KriterieSyfte
from invanare.listning import listning_oppen_q, listning_stanger


def tider_oppna_q(*, invanare) -> Q:
    """Slots listing does not close to her (a filter over Tid)."""
    return Q(tidbok__gemensam=True) | listning_oppen_q(invanare=invanare)


def kontrollera_far_boka(*, invanare, tid, nu: datetime.datetime | None = None) -> None:
    """Raise a ValidationError (code ej_listad / kriterier) when she may not book this slot in the app."""
    if not tid.tidbok.gemensam and listning_stanger(invanare=invanare, vardenhet=tid.vardenhet):
        raise ValidationError(_("Du kan bara boka tid på den vårdcentral där du är listad."), code="ej_listad")
    bedomning = funktion_oppen(invanare=invanare, vardenhet=tid.vardenhet, syfte=KriterieSyfte.BOKNING, nu=nu)
    if not bedomning.uppfyller:
        skal = [r.skal_invanare for u in bedomning.uppsattningar for r in u.regler if not r.uppfyller]
        raise ValidationError(
            " ".join([_("%(enhet)s tar inte emot bokningar i appen från dig.") % {"enhet": tid.vardenhet.namn},
                      *dict.fromkeys(skal)]),
            code="kriterier",
        )


def tider_efter_kriterier(*, invanare, tider: list, nu: datetime.datetime | None = None) -> list:
    """Drop slots at units whose booking criteria she does not meet (one query, plus one evaluation per such unit)."""
    begransade = enheter_med_kriterier(vardenhet_ids={t.vardenhet_id for t in tider}, syfte=KriterieSyfte.BOKNING)
    if not begransade:
        return tider
    enheter = {t.vardenhet_id: t.vardenhet for t in tider if t.vardenhet_id in begransade}
    stangda = {pk for pk, enhet in enheter.items()
               if not funktion_oppen(invanare=invanare, vardenhet=enhet, syfte=KriterieSyfte.BOKNING, nu=nu).uppfyller}
    return [t for t in tider if t.vardenhet_id not in stangda]
