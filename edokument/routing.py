"""Who gets a document, and through which channel: one small pure function, fed with what
invanare.behorighet knows (konto_ar_sparrat, ombud_for) and the unit's settings.

Rules (seed 001, "e-dokument skickas till", "Undantag från e-dokument", "Utskriftslista"):
- Alltid öppet inbox of the citizen when she has consented (account + accepted terms of use,
  invanare.samtycke.har_samtycke; ``villkor_version`` is the version in force) and the account is not locked.
- Alltid öppet inbox of everyone who may act as her proxy now (guardians of a child under 13, registered
  proxies; ``ombud_for`` already leaves out blocked and locked proxies) when that person has consented.
- Digital mailbox when she is 18 or older, has one, and has not declined this sender.
- Never electronically to a reservnummer; never where the unit's local exception covers the kind or
  template; never for an e-brev/e-remissbekräftelse whose template lacks a styrkod: those go on paper.
- Nothing electronic at all: paper.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from edokument.models import MALLTYPER, Kanal, Orsak
from invanare.models import Invanare
from invanare.samtycke import har_samtycke

BREVLADA_MIN_ALDER = 18


@dataclass(frozen=True)
class Mottagare:
    kanal: str
    invanare: Invanare | None
    relation: str = "sjalv"
    brevlada: str = ""


@dataclass(frozen=True)
class Routning:
    mottagare: list[Mottagare] = field(default_factory=list)
    papper_orsak: str = ""  # an Orsak when the document goes on the print list at once

    @property
    def har_brevlada(self) -> bool:
        return any(m.kanal == Kanal.BREVLADA for m in self.mottagare)

    @property
    def papper_orsak_text(self) -> str:
        return str(Orsak(self.papper_orsak).label) if self.papper_orsak else ""

    @property
    def har_app(self) -> bool:
        return any(m.kanal == Kanal.APP for m in self.mottagare)


def routning_bestam(
    *,
    invanare: Invanare,
    typ: str,
    mall_har_styrkod: bool | None,
    lokalt_undantag: bool,
    konto_sparrat: bool,
    ombud: list,
    avbojt_avsandare: bool,
    dag: datetime.date,
    villkor_version: int | None = None,
) -> Routning:
    """``ombud``: OmbudsRelation items from ``ombud_for(invanare=..., syfte=Syfte.DOKUMENT)``.
    ``mall_har_styrkod``: None when no template is used (e-kallelse)."""
    if invanare.har_reservnummer:
        return Routning(papper_orsak=Orsak.RESERVNUMMER)
    if lokalt_undantag:
        return Routning(papper_orsak=Orsak.LOKALT_UNDANTAG)
    if typ in MALLTYPER and not mall_har_styrkod:
        return Routning(papper_orsak=Orsak.SAKNAR_STYRKOD)

    mottagare: list[Mottagare] = []
    if har_samtycke(invanare, krav=villkor_version) and not konto_sparrat:
        mottagare.append(Mottagare(kanal=Kanal.APP, invanare=invanare))
    for rel in ombud:
        if har_samtycke(rel.ombud, krav=villkor_version) and rel.ombud.pk != invanare.pk:
            mottagare.append(Mottagare(kanal=Kanal.APP, invanare=rel.ombud, relation=str(rel.typ)))
    alder = invanare.alder(dag)
    if invanare.digital_brevlada and alder is not None and alder >= BREVLADA_MIN_ALDER and not avbojt_avsandare:
        mottagare.append(Mottagare(kanal=Kanal.BREVLADA, invanare=invanare, brevlada=invanare.digital_brevlada))
    if not mottagare:
        return Routning(papper_orsak=Orsak.INGEN_KANAL)
    return Routning(mottagare=mottagare)
