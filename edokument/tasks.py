"""Celery tasks of edokument: thin, re-read rows, call a service."""
from __future__ import annotations

from celery import shared_task
from django.utils.dateparse import parse_datetime


@shared_task
def utskriftslista_svep(nu: str | None = None) -> dict:
    """The 48-hour sweep (beat, every 5 minutes). ``nu`` (ISO time) makes the clock injectable in tests.
    Also drops previews (drafts) nobody confirmed within a day."""
    from edokument.services import dokument_utkast_rensa
    from edokument.svep import utskriftslista_svep as svep

    tid = parse_datetime(nu) if nu else None
    resultat = svep(nu=tid)
    rensade = dokument_utkast_rensa(nu=tid)
    return {"lasta": resultat.lasta, "nya_poster": resultat.nya_poster, "avslutade": resultat.avslutade,
            "rensade_utkast": rensade}


@shared_task
def brevlada_utkorg_skicka() -> int:
    from edokument.utkorg import brevlada_utkorg_skicka as skicka

    return skicka()


@shared_task
def utskriftsomgang_rendera(omgang_id: int) -> str:
    from edokument.utskrift import utskriftsomgang_rendera as rendera

    return rendera(omgang_id=omgang_id)
