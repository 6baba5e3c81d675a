from celery import shared_task
from django.utils.dateparse import parse_datetime

from notiser.push.services import push_skicka_vantande as _skicka_push
from notiser.sms.services import sms_skicka_vantande as _skicka


@shared_task
def sms_skicka_vantande(nu: str | None = None) -> dict:
    """Drain the outbox (beat: every minute). ``nu`` (ISO datetime) lets tests move the clock."""
    resultat = _skicka(nu=parse_datetime(nu) if nu else None)
    return resultat.__dict__


@shared_task
def push_skicka_vantande(nu: str | None = None) -> dict:
    """Drain the push outbox (beat: every minute)."""
    return _skicka_push(nu=parse_datetime(nu) if nu else None).__dict__
