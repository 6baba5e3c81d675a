"""Writing to the SMS outbox and draining it.

    from notiser.sms.services import sms_enqueue

    with transaction.atomic():
        ...                                   # the change the SMS is about
        sms_enqueue(invanare=inv, text=_("..."), idempotensnyckel=f"bokning:{b.pk}:bekraftelse", syfte="bokning")

Rules kept here for every caller:
- No SMS to a locked (spärrat) account, and none to a protected identity or a known threat unless the staff explicitly chose it
  (``skyddad_bekraftad=True``). Refused SMS are recorded (status ``nekad`` with the reason, no number) and
  ``sms_enqueue`` returns None. Both are checked again just before sending.
- One idempotency key, one row: enqueueing again returns the first row (or None if it was refused).
- Sending retries with exponential backoff on temporary errors; a permanent error, or too many attempts,
  marks the row ``misslyckad`` and staff see it (notiser.sms.views).
"""
from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare, Kontosparr
from notiser.models import SmsUtgaende
from notiser.regler import nekande_orsak
from notiser.sms.backends import sms_backend
from notiser.sms.bulk import copy_insert_ignore
from notiser.utkorg import MAX_FORSOK, Dranering, skicka_en, vantetid  # noqa: F401 - re-exported

logger = logging.getLogger("notiser.sms")

Status = SmsUtgaende.Status


def normalisera_mobilnummer(text: str) -> str | None:
    """A Swedish mobile number as +467XXXXXXXX, or None. Accepts 070-123 45 67, +46 70 123 45 67, 0046…."""
    siffror = re.sub(r"[\s\-()]", "", text or "")
    if siffror.startswith("+46"):
        siffror = "0" + siffror[3:]
    elif siffror.startswith("0046"):
        siffror = "0" + siffror[4:]
    if not re.fullmatch(r"07[0-9]{8}", siffror):  # ASCII digits: \d would pass e.g. fullwidth digits on to the gateway
        return None
    return "+46" + siffror[1:]


@dataclass(frozen=True)
class SmsNytt:
    """One SMS for ``sms_enqueue_flera``. ``invanare`` is an Invanare, or anything with ``pk``, ``skydd_eller_hotbild``,
    ``ar_skyddad`` and ``mobilnummer`` (a bulk caller that read just those columns)."""

    invanare: Invanare
    text: str
    idempotensnyckel: str
    syfte: str
    skicka_efter: datetime.datetime | None = None
    skyddad_bekraftad: bool = False


def _nekande_orsak(invanare: Invanare, *, sparrad: bool, skyddad_bekraftad: bool) -> str | None:
    orsak = nekande_orsak(invanare, sparrad=sparrad, skyddad_bekraftad=skyddad_bekraftad)
    if orsak is None and normalisera_mobilnummer(invanare.mobilnummer) is None:
        return _("Invånaren har inget giltigt svenskt mobilnummer.")
    return orsak


_KOLUMNER = ("invanare_id", "mobilnummer", "text", "syfte", "idempotensnyckel", "status", "orsak",
             "skyddad_bekraftad", "skapad", "skicka_efter", "nasta_forsok", "skapad_av_hsa_id", "skapad_av_namn",
             "vardenhet_hsa_id")


def _rad(nytt: SmsNytt, *, sparrad: bool, aktor, nu) -> tuple:
    orsak = _nekande_orsak(nytt.invanare, sparrad=sparrad, skyddad_bekraftad=nytt.skyddad_bekraftad)
    skicka_efter = nytt.skicka_efter or nu
    return (
        nytt.invanare.pk,
        "" if orsak else normalisera_mobilnummer(nytt.invanare.mobilnummer),
        nytt.text,
        nytt.syfte,
        nytt.idempotensnyckel,
        Status.NEKAD if orsak else Status.VANTANDE,
        orsak or "",
        nytt.skyddad_bekraftad,
        nu,
        skicka_efter,
        skicka_efter,
        getattr(aktor, "medarbetare_hsa_id", ""),
        getattr(aktor, "medarbetare_namn", ""),
        getattr(aktor, "vardenhet_hsa_id", ""),
    )


def _validera(nytt: SmsNytt) -> None:
    if not nytt.text.strip():
        raise ValueError("Ett SMS måste ha en text.")
    if len(nytt.text) > SmsUtgaende._meta.get_field("text").max_length:
        raise ValueError("SMS-texten är för lång (högst 640 tecken).")
    if not nytt.idempotensnyckel or len(nytt.idempotensnyckel) > 200:
        raise ValueError("Ange en idempotensnyckel (högst 200 tecken).")


def sms_enqueue(
    *,
    invanare: Invanare,
    text: str,
    idempotensnyckel: str,
    syfte: str,
    skicka_efter: datetime.datetime | None = None,
    skyddad_bekraftad: bool = False,
    aktor=None,
    nu: datetime.datetime | None = None,
) -> SmsUtgaende | None:
    """Queue one SMS in the caller's transaction. Returns the row, or None when it is refused (recorded)."""
    nytt = SmsNytt(invanare, text, idempotensnyckel, syfte, skicka_efter, skyddad_bekraftad)
    sms_enqueue_flera(meddelanden=[nytt], aktor=aktor, nu=nu)
    rad = SmsUtgaende.objects.get(idempotensnyckel=idempotensnyckel)
    return None if rad.status == Status.NEKAD else rad


def sms_enqueue_flera(*, meddelanden: list[SmsNytt], aktor=None, nu: datetime.datetime | None = None) -> None:
    """Queue many SMS in two queries (locks, insert), refusing like ``sms_enqueue``. Keys already in the
    outbox are left as they are (INSERT … ON CONFLICT DO NOTHING)."""
    if not meddelanden:
        return
    nu = nu or timezone.now()
    for nytt in meddelanden:
        _validera(nytt)
    sparrar = Kontosparr.objects.aktiva()
    if len(meddelanden) <= MANGA:  # a long IN list is slower than reading every active lock (a small table)
        sparrar = sparrar.filter(invanare_id__in={m.invanare.pk for m in meddelanden})
    sparrade = set(sparrar.values_list("invanare_id", flat=True))
    rader = [_rad(m, sparrad=m.invanare.pk in sparrade, aktor=aktor, nu=nu) for m in meddelanden]
    if len(rader) > MANGA:
        copy_insert_ignore(SmsUtgaende, _KOLUMNER, rader, direkt=not _nagon_nyckel_finns([r[4] for r in rader]))
    else:
        SmsUtgaende.objects.bulk_create([SmsUtgaende(**dict(zip(_KOLUMNER, r))) for r in rader], ignore_conflicts=True)


MANGA = 500


def _nagon_nyckel_finns(nycklar: list[str]) -> bool:
    """One index probe per key, but no second copy of 100,000s of rows when none is taken (the usual case)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {SmsUtgaende._meta.db_table} WHERE idempotensnyckel = ANY(%s))",
                       [nycklar])
        return cursor.fetchone()[0]


def sms_enqueue_till_nummer(*, mobilnummer: str, text: str, idempotensnyckel: str, syfte: str, aktor=None,
                            nu: datetime.datetime | None = None) -> SmsUtgaende:
    """Queue an SMS to a number that belongs to no citizen account, e.g. a video guest (an interpreter, a
    relative). Raises ValueError (Swedish message) for a number that is not a Swedish mobile number."""
    nummer = normalisera_mobilnummer(mobilnummer)
    if nummer is None:
        raise ValueError(_("Ange ett svenskt mobilnummer, till exempel 070-123 45 67."))
    nu = nu or timezone.now()
    _validera(SmsNytt(None, text, idempotensnyckel, syfte))
    rad, _skapad = SmsUtgaende.objects.get_or_create(idempotensnyckel=idempotensnyckel, defaults=dict(
        mobilnummer=nummer, text=text, syfte=syfte, status=Status.VANTANDE, skapad=nu, skicka_efter=nu, nasta_forsok=nu,
        skapad_av_hsa_id=getattr(aktor, "medarbetare_hsa_id", ""), skapad_av_namn=getattr(aktor, "medarbetare_namn", ""),
        vardenhet_hsa_id=getattr(aktor, "vardenhet_hsa_id", "")))
    return rad


# --- sending ---


def sms_skicka_en(*, nu: datetime.datetime, backend, resultat: Dranering) -> bool:
    """Lock the next due row, send it, record the outcome (notiser.utkorg.skicka_en)."""
    return skicka_en(
        model=SmsUtgaende, nu=nu, resultat=resultat, nekad_falt={"mobilnummer": ""},
        skicka=lambda rad: backend.skicka(till=rad.mobilnummer, text=rad.text, idempotensnyckel=rad.idempotensnyckel),
    )


def sms_skicka_vantande(*, nu: datetime.datetime | None = None, max_antal: int = 500, backend=None) -> Dranering:
    """Send due SMS (``nasta_forsok <= nu``), at most ``max_antal`` in this call."""
    nu = nu or timezone.now()
    backend = backend or sms_backend()
    resultat = Dranering()
    for _i in range(max_antal):
        if not sms_skicka_en(nu=nu, backend=backend, resultat=resultat):
            break
    return resultat


def sms_forsok_igen(*, sms_id: int, aktor, nu: datetime.datetime | None = None) -> SmsUtgaende:
    """Staff put a permanently failed SMS back in the queue (after fixing the number, say). Only an SMS their own
    unit sent (issue 13, finding 2). The lock is on the SMS row alone: the citizen is a nullable foreign key,
    and PostgreSQL can't lock the nullable side of an outer join."""
    nu = nu or timezone.now()
    with transaction.atomic():
        rad = (SmsUtgaende.objects.select_for_update(of=("self",)).select_related("invanare")
               .filter(pk=sms_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id).first())
        if rad is None:
            raise ValueError(_("SMS:et finns inte bland enhetens misslyckade SMS."))
        if rad.status != Status.MISSLYCKAD:
            raise ValueError(_("Bara SMS som inte kunde skickas kan skickas igen."))
        nummer = normalisera_mobilnummer(rad.invanare.mobilnummer if rad.invanare else rad.mobilnummer)
        if nummer is None:
            raise ValueError(_("Invånaren har inget giltigt svenskt mobilnummer."))
        rad.status, rad.forsok, rad.nasta_forsok, rad.mobilnummer = Status.VANTANDE, 0, nu, nummer
        rad.orsak = _("Skickas igen på begäran av %(namn)s.") % {"namn": aktor.medarbetare_namn}
        rad.save(update_fields=["status", "forsok", "nasta_forsok", "mobilnummer", "orsak"])
        return rad
