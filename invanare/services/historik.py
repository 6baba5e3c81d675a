"""Writing Kontohistorik rows (called inside the services' transactions)."""
from __future__ import annotations

from invanare.models import Invanare, Kontohistorik
from vardportalen.accesslog.services import Aktor


def historik_skriv(
    *,
    invanare: Invanare,
    handelse: str,
    beskrivning: str = "",
    aktor: Aktor | None = None,
    ombud: Invanare | None = None,
    av_invanaren: bool = False,
    nyckel: str | None = None,
) -> Kontohistorik:
    rad = Kontohistorik(
        invanare=invanare,
        ombud=ombud,
        handelse=handelse,
        beskrivning=beskrivning[:2000],
        av_invanaren=av_invanaren,
        nyckel=nyckel,
    )
    if aktor is not None:
        rad.utford_av_hsa_id = aktor.medarbetare_hsa_id
        rad.utford_av_namn = aktor.medarbetare_namn
        rad.vardenhet_hsa_id = aktor.vardenhet_hsa_id
        rad.vardenhet_namn = aktor.vardenhet_namn
    rad.save(force_insert=True)
    return rad
