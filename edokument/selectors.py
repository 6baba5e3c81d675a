"""Reads of edokument, scoped to the active unit (staff) or to the citizen acted for (app)."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Prefetch
from django.utils import timezone

from edokument.hallning import hallen_orsak
from edokument.models import (
    Dokument,
    Dokumenttyp,
    Hallning,
    Kanal,
    Leverans,
    Orsak,
    Utskriftslistepost,
    Utskriftsomgang,
)
from invanare.behorighet import konto_ar_sparrat, sparrade_konton
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera
from vardportalen.nyckelsidor import Sida, nyckelsida

SIDSTORLEK = 50

ALDER_VAL = {
    "": None,
    "1d": datetime.timedelta(days=1),
    "3d": datetime.timedelta(days=3),
    "7d": datetime.timedelta(days=7),
}


@dataclass(frozen=True)
class Utskriftsrad:
    """One row of the print-list page, labels resolved once (the page shows up to SIDSTORLEK rows)."""

    pk: int
    skapad: datetime.datetime
    dokument_id: int
    namn: str
    skyddad: bool
    typ: str
    rubrik: str
    orsak: str
    hallen: str = ""  # the Hallning label when the entry is held (edokument.hallning), else ""


@dataclass(frozen=True)
class Utskriftslistesida:
    poster: list[Utskriftsrad]
    antal: int
    sidnav: Sida

    @property
    def sida(self) -> int:
        return self.sidnav.sida

    @property
    def sidor(self) -> int:
        return self.sidnav.sidor


def utskriftslista_for_enhet(*, aktor: Aktor, orsak: str = "", typ: str = "", alder: str = "", sida: int = 1,
                             efter: str = "", fore: str = "", sista: bool = False,
                             nu: datetime.datetime | None = None) -> Utskriftslistesida:
    """One page of the unit's print list, oldest first. Four queries whatever the list size (count, page,
    the locked accounts among the page's citizens, one bulk insert of access-log rows for the citizens shown),
    and the same time for the last page as for the first: keyset paging (vardportalen.nyckelsidor)."""
    nu = nu or timezone.now()
    qs = Utskriftslistepost.objects.filter(vardenhet_id=aktor.vardenhet_id, utskriven__isnull=True)
    if orsak:
        qs = qs.filter(orsak=orsak)
    if typ:
        qs = qs.filter(dokumenttyp=typ)
    if ALDER_VAL.get(alder):
        qs = qs.filter(skapad__lte=nu - ALDER_VAL[alder])
    antal = qs.count()
    sidnav = nyckelsida(
        qs.select_related("dokument__invanare")
        .only("pk", "skapad", "orsak", "dokumenttyp", "dokument__id", "dokument__rubrik", "dokument__invanare__fornamn",
              "dokument__invanare__efternamn", "dokument__invanare__skydd", "dokument__invanare__id_typ",
              "dokument__invanare__id_nummer", "dokument__invanare__gatuadress", "dokument__invanare__mobilnummer",
              "dokument__invanare__postnummer", "dokument__invanare__ort", "beslut"),
        falt="skapad", fallande=False, antal=antal, storlek=SIDSTORLEK, efter=efter, fore=fore, sista=sista, sida=sida)
    poster = sidnav.rader
    if poster:
        atkomst_logga_flera(aktor=aktor, invanare_lista=[p.dokument.invanare for p in poster],
                            handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad="e-dokument: utskriftslista")
    typer, orsaker, hallningar = dict(Dokumenttyp.choices), dict(Orsak.choices), dict(Hallning.choices)
    sparrade = sparrade_konton(p.dokument.invanare_id for p in poster) if poster else set()
    rader = [
        Utskriftsrad(pk=p.pk, skapad=timezone.localtime(p.skapad), dokument_id=p.dokument_id,
                     namn=p.dokument.invanare.namn, skyddad=p.dokument.invanare.ar_skyddad,
                     typ=str(typer.get(p.dokumenttyp, "")), rubrik=p.dokument.rubrik, orsak=str(orsaker.get(p.orsak, "")),
                     hallen=str(hallningar.get(hallen_orsak(invanare=p.dokument.invanare,
                                                            sparrad=p.dokument.invanare_id in sparrade,
                                                            beslut=p.beslut), "")))
        for p in poster
    ]
    return Utskriftslistesida(poster=rader, antal=antal, sidnav=sidnav)


@dataclass(frozen=True)
class HallenPost:
    post: Utskriftslistepost
    hallen: str  # a Hallning value, or "" when the entry is not (or no longer) held


def utskriftslistepost_for_beslut(*, aktor: Aktor, post_id) -> HallenPost | None:
    """An unprinted entry of the unit's print list with its document and citizen, and why it is held.
    The caller checks the care relation and logs the read (invanare_get_for_uppdrag)."""
    try:
        pk = int(post_id)
    except (TypeError, ValueError):
        return None
    post = (Utskriftslistepost.objects.select_related("dokument__invanare")
            .filter(pk=pk, vardenhet_id=aktor.vardenhet_id, utskriven__isnull=True).first())
    if post is None:
        return None
    invanare = post.dokument.invanare
    return HallenPost(post=post, hallen=hallen_orsak(invanare=invanare, sparrad=konto_ar_sparrat(invanare),
                                                      beslut=post.beslut))


@dataclass(frozen=True)
class Utskriftslistestatus:
    antal: int
    aldsta: datetime.datetime | None


def utskriftslista_status(*, vardenhet_id: int) -> Utskriftslistestatus:
    # The wait counts from when the document was sent: an e-letter unread for 48 hours reaches the list only
    # then, so the entry's own time would say "3 minutes" for a letter two days old.
    rad = Utskriftslistepost.objects.filter(vardenhet_id=vardenhet_id, utskriven__isnull=True).aggregate(
        antal=Count("pk"), aldsta=Min("dokument__skapad")
    )
    return Utskriftslistestatus(antal=rad["antal"], aldsta=rad["aldsta"])


def utskriftsomgangar_for_enhet(*, aktor: Aktor, antal: int = 10) -> list[Utskriftsomgang]:
    return list(Utskriftsomgang.objects.filter(vardenhet_id=aktor.vardenhet_id).defer("pdf").order_by("-skapad")[:antal])


def utskriftsomgang_get(*, aktor: Aktor, omgang_id: int) -> Utskriftsomgang | None:
    return Utskriftsomgang.objects.filter(pk=omgang_id, vardenhet_id=aktor.vardenhet_id).defer("pdf").first()


def utskriftsomgang_pdf(*, aktor: Aktor, omgang_id: int) -> Utskriftsomgang | None:
    """The finished PDF of a batch; logs one 'utskrift' row per citizen in it (an export of their letters)."""
    from edokument.utskrift import omgang_dokument

    omgang = Utskriftsomgang.objects.filter(pk=omgang_id, vardenhet_id=aktor.vardenhet_id,
                                            status=Utskriftsomgang.Status.KLAR).first()
    if omgang is None:
        return None
    atkomst_logga_flera(aktor=aktor, invanare_lista=[d.invanare for d in omgang_dokument(omgang)],
                        handelse=Handelse.EXPORT, utfall=Utfall.TILLATEN, vad="e-dokument: hämta utskrift-PDF",
                        detalj=f"utskriftsomgång {omgang.pk}")
    return omgang


def _med_leveranser(qs):
    return qs.prefetch_related(
        Prefetch("leveranser", queryset=Leverans.objects.select_related("mottagare").order_by("pk")),
    ).select_related("utskriftslistepost")


def dokument_for_invanare(*, aktor: Aktor, invanare, antal: int = 20) -> list[Dokument]:
    """The unit's sent documents to a citizen the caller already loaded (and logged). Constant queries."""
    return list(
        _med_leveranser(Dokument.objects.filter(invanare=invanare, vardenhet_id=aktor.vardenhet_id,
                                                status=Dokument.Status.SKICKAT)).order_by("-skickat")[:antal]
    )


def dokument_get_for_enhet(*, aktor: Aktor, invanare, dokument_id) -> Dokument | None:
    try:
        pk = int(dokument_id)
    except (TypeError, ValueError):
        return None
    return _med_leveranser(Dokument.objects.filter(pk=pk, invanare=invanare, vardenhet_id=aktor.vardenhet_id)).prefetch_related(
        "bilagor").select_related("brevmall").first()


def bilaga_get_for_enhet(*, aktor: Aktor, invanare, dokument_id: int, bilaga_id: int):
    from edokument.models import Bilaga

    bilaga = Bilaga.objects.filter(pk=bilaga_id, dokument_id=dokument_id, dokument__invanare=invanare,
                                   dokument__vardenhet_id=aktor.vardenhet_id).first()
    if bilaga is not None:
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.EXPORT, utfall=Utfall.TILLATEN,
                      vad="e-dokument: hämta bilaga", detalj=f"bilaga {bilaga.pk}")
    return bilaga


# --- the citizen app ---


def app_dokument(*, invanare):
    """Documents of the citizen that went to Alltid öppet (to her or to a proxy for her)."""
    return (
        Dokument.objects.filter(invanare=invanare, status=Dokument.Status.SKICKAT)
        .filter(Exists(Leverans.objects.filter(dokument=OuterRef("pk"), kanal=Kanal.APP)))
        .select_related("vardenhet")
        .order_by("-skickat", "-pk")
    )


def app_last_status(*, dokument_ids: list[int], lasare) -> set[int]:
    """Ids of the documents this reader has opened."""
    return set(
        Leverans.objects.filter(dokument_id__in=dokument_ids, kanal=Kanal.APP, mottagare=lasare, last__isnull=False)
        .values_list("dokument_id", flat=True)
    )

