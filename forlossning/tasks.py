from celery import shared_task
from django.utils.dateparse import parse_datetime

from forlossning import klocka
from forlossning.fordelning import prognos
from forlossning.fordelning.korning import fordelning_kor as _kor
from forlossning.paminnelser import paminnelser_skapa as _paminnelser


@shared_task
def fordelning_kor(nu: str | None = None) -> dict:
    """The daily week-22 allocation (beat). ``nu`` (ISO datetime) lets tests move past 22+0."""
    tid = parse_datetime(nu) if nu else None
    korning = _kor(nu=tid)
    prognos.spara_i_korning(korning, klocka.idag(tid or klocka.nu()))  # the planner's warning, weeks ahead
    return {"korning": korning.pk, "antal": korning.antal, "status": korning.status}


@shared_task
def paminnelser_skapa(nu: str | None = None) -> int:
    """Every 15 minutes (beat): the reminder SMS of decisions that are a day old."""
    return _paminnelser(nu=parse_datetime(nu) if nu else None)
