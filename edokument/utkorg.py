"""Draining the mailbox outbox: one row at a time under a row lock (SKIP LOCKED, so workers share the
work), the operator called with the row's idempotency key, the result written in the same transaction."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from edokument.brevlada import Brevladeforsandelse, PermanentFel, TillfalligtFel, brevlada_backend
from edokument.models import BrevladaUtkorg, Kanal, Leverans, Orsak
from edokument.services import utskriftslista_lagg_till

MAX_FORSOK = 8


def _vantetid(forsok: int) -> datetime.timedelta:
    return datetime.timedelta(seconds=min(30 * 2 ** (forsok - 1), 3600))


def _forsandelse(rad: BrevladaUtkorg) -> Brevladeforsandelse:
    leverans = rad.leverans
    dokument = leverans.dokument
    return Brevladeforsandelse(
        idempotensnyckel=rad.idempotensnyckel,
        operator=leverans.brevlada,
        mottagare_id_nummer=leverans.mottagare.id_nummer,
        avsandare_hsa_id=dokument.vardenhet.hsa_id,
        avsandare_namn=dokument.vardenhet.namn,
        rubrik=dokument.rubrik,
        text=dokument.text,
        bilagor=[(b.filnamn, bytes(b.innehall)) for b in dokument.bilagor.all()],
    )


def _misslyckad(rad: BrevladaUtkorg, fel: str, nu) -> None:
    """The mailbox could not take it: the document is no longer 'delivered to a mailbox', so its app
    deliveries are watched again (rule 1), or, with no app delivery, it goes on paper at once."""
    leverans = rad.leverans
    rad.klar, rad.senaste_fel = nu, fel[:500]
    rad.save(update_fields=["klar", "senaste_fel", "forsok"])
    Leverans.objects.filter(pk=leverans.pk).update(status=Leverans.Status.MISSLYCKAD)
    dokument = leverans.dokument
    if dokument.leveranser.filter(kanal=Kanal.BREVLADA, status=Leverans.Status.LEVERERAD).exists():
        return
    app = dokument.leveranser.filter(kanal=Kanal.APP)
    if app.exists():
        if not app.filter(last__isnull=False).exists():
            app.update(bevakas=True)
        return
    Leverans.objects.create(dokument=dokument, kanal=Kanal.PAPPER, mottagare=dokument.invanare,
                            status=Leverans.Status.UTSKRIFTSLISTA, orsak=Orsak.BREVLADA_MISSLYCKAD, skickad=nu)
    utskriftslista_lagg_till(dokument=dokument, orsak=Orsak.BREVLADA_MISSLYCKAD, nu=nu)


def brevlada_utkorg_skicka(*, nu: datetime.datetime | None = None, backend=None, max_antal: int = 200) -> int:
    """Send what is due; returns the number delivered."""
    backend = backend or brevlada_backend()
    levererade = 0
    for _ in range(max_antal):
        tid = nu or timezone.now()
        with transaction.atomic():
            rad = (
                BrevladaUtkorg.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("leverans__dokument__vardenhet", "leverans__mottagare")
                .filter(klar__isnull=True, nasta_forsok__lte=tid)
                .order_by("nasta_forsok", "id")
                .first()
            )
            if rad is None:
                break
            rad.forsok += 1
            try:
                backend.skicka(_forsandelse(rad))
            except TillfalligtFel as err:
                if rad.forsok >= MAX_FORSOK:
                    _misslyckad(rad, str(err), tid)
                else:
                    rad.nasta_forsok = tid + _vantetid(rad.forsok)
                    rad.senaste_fel = str(err)[:500]
                    rad.save(update_fields=["forsok", "nasta_forsok", "senaste_fel"])
                continue
            except PermanentFel as err:
                _misslyckad(rad, str(err), tid)
                continue
            rad.klar = tid
            rad.save(update_fields=["klar", "forsok"])
            Leverans.objects.filter(pk=rad.leverans_id).update(status=Leverans.Status.LEVERERAD, last=tid)
            levererade += 1
    return levererade
