"""Whether a document on the print list is held, and why: one rule, read by the print list page, the
decision page and the print service.

Seed 001, "Spärra konto": when a child is taken into care under LVU "behöver barnet skyddas från sina
vårdnadshavare. Det innebär att de inte ska få någon information om var barnet befinner sig eller vilka
vårdkontakter som planeras." A letter printed to a locked child's folkbokföringsadress (usually the
guardians') would tell them exactly that. So a document to a citizen whose Alltid öppet account is locked
*now* is held on the print list until a staff member decides where it may go (print to the registered address
after checking, print to another address, or hand it over), recorded and access-logged.

Seed 001, "Utskriftslista": "Dokument som skickats via e-dokument till invånare med reservnummer" go on the
print list. When the citizen has no complete postal address the document is still listed (the booking that
sent it stands) and held as "Adress saknas" until the address is complete or staff decide.

The rule is computed when asked (not stored at listing): an account locked after the document was listed
holds it as well, and lifting the lock releases it.
"""
from __future__ import annotations

from edokument.models import Hallning
from invanare.models import Invanare


def har_postadress(invanare: Invanare) -> bool:
    return bool(invanare.gatuadress.strip() and invanare.postnummer.strip() and invanare.ort.strip())


def hallen_orsak(*, invanare: Invanare, sparrad: bool, beslut: str) -> str:
    """The Hallning value that holds this entry, or "" when it may be printed. ``sparrad``: her account is
    locked now (invanare.behorighet); ``beslut``: the entry's recorded staff decision, if any."""
    if beslut:
        return ""
    if sparrad:
        return Hallning.KONTO_SPARRAT
    if not invanare.ar_skyddad and not har_postadress(invanare):
        return Hallning.ADRESS_SAKNAS
    return ""
