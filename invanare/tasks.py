from dataclasses import asdict

from celery import shared_task

from invanare.aldersgranser import ombud_alder_avsluta


@shared_task
def ombud_13_ar_avsluta():
    """Daily: end proxy relations that stop by age (13th birthday, special need past 17). Idempotent."""
    return asdict(ombud_alder_avsluta())
