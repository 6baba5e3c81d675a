from celery import shared_task

from .services import erbjudande_skicka as _skicka


@shared_task(name="erbjudanden.tasks.erbjudande_skicka", acks_late=True, reject_on_worker_lost=True)
def erbjudande_skicka(erbjudande_id: int, chunk: int | None = None) -> bool:
    kwargs = {"chunk": chunk} if chunk else {}
    return _skicka(erbjudande_id=erbjudande_id, **kwargs)


@shared_task(name="erbjudanden.tasks.erbjudande_aterupptag")
def erbjudande_aterupptag() -> int:
    """Beat: resume every send left in "skickas" (a killed worker); the advisory lock skips running ones."""
    from .models import Erbjudande

    ids = list(Erbjudande.objects.filter(status=Erbjudande.Status.SKICKAS).values_list("pk", flat=True))
    for pk in ids:
        erbjudande_skicka.delay(pk)
    return len(ids)
