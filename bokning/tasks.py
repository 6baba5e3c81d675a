from celery import shared_task
from django.utils.dateparse import parse_datetime


@shared_task
def paminnelser_skicka(nu: str | None = None) -> int:
    """Reminders for tomorrow's visits (beat: 17:00). ``nu`` (ISO time) lets tests move the clock."""
    from bokning.paminnelser import paminnelser_skicka as skicka

    return skicka(nu=parse_datetime(nu) if nu else None)
