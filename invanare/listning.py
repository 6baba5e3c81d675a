"""The listing rule (seed 001, "Listningsinformation i Alltid öppet"): »Invånaren kan endast utföra ärenden på
den vårdcentral den är listad på. Vårdcentralerna kan inte bli kontaktade av andra invånare via Alltid öppet.«

One rule, read by messages (meddelanden.regler) and app booking (bokning.regler). Where it collides with
another rule, the caller decides the exception and says why (issue 15 item 11): an active booking at a unit
that sends e-kallelser lets her write until the visit (the unit booked her); the regional vaccination
timebook is open to every citizen, its slots at vårdcentraler included (seed 004: »Invånare kan själva boka
vaccinationstid«).
"""
from __future__ import annotations

from django.db.models import Q

from vardportalen.models import Vardenhet


def listning_stanger(*, invanare, vardenhet) -> bool:
    """Is this unit closed to her by listing (a vårdcentral she is not listed at)?"""
    return vardenhet.typ == Vardenhet.Typ.VARDCENTRAL and invanare.listad_vardcentral_id != vardenhet.pk


def listning_oppen_q(*, invanare, prefix: str = "") -> Q:
    """The same rule as a filter over rows with a ``<prefix>vardenhet``."""
    return ~Q(**{f"{prefix}vardenhet__typ": Vardenhet.Typ.VARDCENTRAL}) | Q(
        **{f"{prefix}vardenhet_id": invanare.listad_vardcentral_id})
