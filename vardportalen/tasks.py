from celery import shared_task

from vardportalen.siths.services import nonce_purge


@shared_task
def siths_nonce_purge():
    return nonce_purge()

