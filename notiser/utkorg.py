"""Draining an outbox (SMS, push), one due row at a time: lock it (SKIP LOCKED, so two workers never send the
same row), check the refusal rules again, send, record. Temporary errors retry after 1, 2, 4 … minutes (at
most 2 h between attempts), giving up after MAX_FORSOK attempts; permanent errors at once."""
from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from notiser.http import PermanentFel, TillfalligtFel
from notiser.models import SmsUtgaende
from notiser.regler import orsak_fore_sandning

logger = logging.getLogger("notiser")

Status = SmsUtgaende.Status
MAX_FORSOK = 8
FORSTA_VANTETID = datetime.timedelta(minutes=1)
LANGSTA_VANTETID = datetime.timedelta(hours=2)


def vantetid(forsok: int) -> datetime.timedelta:
    """Backoff after the n-th failed attempt: 1, 2, 4, … minutes, at most two hours."""
    return min(FORSTA_VANTETID * (2 ** max(forsok - 1, 0)), LANGSTA_VANTETID)


@dataclass
class Dranering:
    skickade: int = 0
    omforsok: int = 0
    misslyckade: int = 0
    nekade: int = 0


def skicka_en(*, model, nu, skicka: Callable, resultat: Dranering, nekad_falt: dict,
              vid_permanent: Callable | None = None, select_related: tuple = ("invanare",)) -> bool:
    """One due row of ``model``: ``skicka(rad)`` returns the service's id or raises TillfalligtFel/PermanentFel.
    ``nekad_falt``: what a refused row's fields become (the SMS number is emptied). ``vid_permanent(rad, err)``
    runs on a permanent error (a push token the service no longer knows is deactivated)."""
    with transaction.atomic():
        rad = (model.objects.select_for_update(skip_locked=True, of=("self",)).select_related(*select_related)
               .filter(status=Status.VANTANDE, nasta_forsok__lte=nu).order_by("nasta_forsok", "pk").first())
        if rad is None:
            return False
        orsak = orsak_fore_sandning(rad.invanare, skyddad_bekraftad=rad.skyddad_bekraftad)
        if orsak:
            rad.status, rad.orsak = Status.NEKAD, orsak
            for namn, varde in nekad_falt.items():
                setattr(rad, namn, varde)
            rad.save(update_fields=["status", "orsak", *nekad_falt])
            resultat.nekade += 1
            return True
        rad.forsok += 1
        try:
            rad.gateway_id = skicka(rad)
        except TillfalligtFel as err:
            if rad.forsok >= MAX_FORSOK:
                rad.status = Status.MISSLYCKAD
                rad.orsak = _("Gav upp efter %(n)s försök. Senaste fel: %(fel)s") % {"n": rad.forsok, "fel": err}
                resultat.misslyckade += 1
            else:
                rad.nasta_forsok = nu + vantetid(rad.forsok)
                rad.orsak = str(err)
                resultat.omforsok += 1
        except PermanentFel as err:
            rad.status, rad.orsak = Status.MISSLYCKAD, str(err)
            if vid_permanent is not None:
                vid_permanent(rad, err)
            resultat.misslyckade += 1
        else:
            rad.status, rad.skickad, rad.orsak = Status.SKICKAD, nu, ""
            resultat.skickade += 1
        rad.save(update_fields=["status", "orsak", "forsok", "nasta_forsok", "skickad", "gateway_id"])
        logger.info("%s %s: %s (försök %s)", model._meta.model_name, rad.idempotensnyckel, rad.status, rad.forsok)
        return True
