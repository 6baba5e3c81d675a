from celery import shared_task
from django.utils.dateparse import parse_datetime

from forlossning.fordelning.korning import fordelning_kor as _kor


@shared_task
def fordelning_kor(nu: str | None = None) -> dict:
    """The daily week-22 allocation (beat). ``nu`` (ISO datetime) lets tests move past 22+0."""
    korning = _kor(nu=parse_datetime(nu) if nu else None)
    return {"korning": korning.pk, "antal": korning.antal, "status": korning.status}
