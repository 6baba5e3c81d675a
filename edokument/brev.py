"""edokument's implementation of forlossning.brev.BrevBackend: a letter whose text the portal writes (the
birth-clinic decision to a woman who cannot use the app), sent as an e-brev from the given unit and routed like
every document: a reservnummer goes on the unit's print list at once, held there while her account is locked or
her address is incomplete (edokument.hallning). Idempotent per key."""
from __future__ import annotations

from edokument.models import Dokument, Dokumenttyp
from edokument.services import dokument_skapa_och_skicka


class EdokumentBrev:
    def skicka(self, *, aktor, invanare, avsandare_id: int, rubrik: str, text: str, idempotensnyckel: str,
               skyddad_bekraftad: bool) -> Dokument:
        return dokument_skapa_och_skicka(
            aktor=aktor, invanare=invanare, typ=Dokumenttyp.EBREV, rubrik=rubrik, text=text,
            skyddad_bekraftad=skyddad_bekraftad, idempotensnyckel=idempotensnyckel, avsandare_id=avsandare_id,
            portalens_text=True,
        )
