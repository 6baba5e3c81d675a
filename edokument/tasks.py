"""Celery tasks of edokument: thin, re-read rows, call a service."""
from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

OMGANG_ATERUPPTA_EFTER = datetime.timedelta(minutes=2)


@shared_task
def utskriftslista_svep(nu: str | None = None) -> dict:
    """The 48-hour sweep (beat, every 5 minutes). ``nu`` (ISO time) makes the clock injectable in tests.
    Also drops previews (drafts) nobody confirmed within a day."""
    from edokument.services import dokument_utkast_rensa
    from edokument.svep import utskriftslista_svep as svep

    tid = parse_datetime(nu) if nu else None
    resultat = svep(nu=tid)
    rensade = dokument_utkast_rensa(nu=tid)
    aterupptagna = utskriftsomgangar_aterta()
    return {"lasta": resultat.lasta, "nya_poster": resultat.nya_poster, "avslutade": resultat.avslutade,
            "rensade_utkast": rensade, "aterupptagna_omgangar": aterupptagna}


def utskriftsomgangar_aterta() -> int:
    """Print batches still waiting a while after they were ordered lost their render message (broker or worker
    restart): enqueue them again. Rendering is idempotent."""
    from edokument.models import Utskriftsomgang

    ids = list(Utskriftsomgang.objects.filter(status=Utskriftsomgang.Status.VANTAR,
                                              skapad__lt=timezone.now() - OMGANG_ATERUPPTA_EFTER)
               .values_list("pk", flat=True)[:100])
    for pk in ids:
        utskriftsomgang_rendera.delay(pk)
    return len(ids)


@shared_task
def brevlada_utkorg_skicka() -> int:
    from edokument.utkorg import brevlada_utkorg_skicka as skicka

    return skicka()


@shared_task
def utskriftsomgang_rendera(omgang_id: int) -> str:
    from edokument.utskrift import utskriftsomgang_rendera as rendera

    return rendera(omgang_id=omgang_id)
