"""The staff's "Skicka igen" on a notice that could not be sent, the same for SMS (notiser.sms.views) and push
(notiser.push.views): the row must be among her unit's failed ones, the retry is access-logged, and she is
told how it went."""
from collections.abc import Callable

from django.contrib import messages

from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga


def skicka_igen(request, *, aktor: Aktor, rad, forsok_igen: Callable[[int], None], finns_inte: str, vad: str,
                skickas: str) -> None:
    """rad: the failed row found for her unit, or None; forsok_igen(pk) retries it (ValueError: refused)."""
    if rad is None:
        messages.error(request, finns_inte)
        return
    try:
        forsok_igen(rad.pk)
    except ValueError as err:
        messages.error(request, str(err))
        return
    atkomst_logga(aktor=aktor, invanare=rad.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN, vad=vad)
    messages.success(request, skickas)
