from celery import shared_task

from vardportalen.siths.services import nonce_purge


@shared_task
def siths_nonce_purge():
    return nonce_purge()


from vardportalen.sms import tasks as _sms_tasks  # noqa: E402,F401 - the SMS outbox task lives in its own package
