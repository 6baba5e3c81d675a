"""The push outbox: devices, enqueueing (one row per active device), draining.

Refusals are recorded like the SMS outbox's (status ``nekad`` with the reason, notiser/regler.py): a locked
account, a protected identity without the staff's choice. No active device: nothing is written.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare, Kontosparr
from notiser.http import OgiltigMottagare
from notiser.models import PushEnhet, PushUtgaende
from notiser.push.backends import push_backend
from notiser.regler import nekande_orsak
from notiser.utkorg import Dranering, skicka_en

Status = PushUtgaende.Status
TOKEN_MAX = PushEnhet._meta.get_field("token").max_length


def push_enhet_registrera(*, invanare: Invanare, token, plattform) -> PushEnhet:
    """The app registers its device token (idempotent). A token seen with another citizen moves to this one:
    the phone changed hands, and the previous owner's notices must not reach it."""
    token = token.strip() if isinstance(token, str) else ""
    fel = {}
    if not token or len(token) > TOKEN_MAX or any(c.isspace() for c in token):
        fel["token"] = _("Ange enhetens token (högst %(n)d tecken, utan mellanslag).") % {"n": TOKEN_MAX}
    if plattform not in PushEnhet.Plattform.values:
        fel["plattform"] = _("Plattformen ska vara ios eller android.")
    if fel:
        raise ValidationError(fel)
    with transaction.atomic():
        enhet, _ny = PushEnhet.objects.select_for_update().update_or_create(
            token=token, defaults={"invanare": invanare, "plattform": plattform, "aktiv": True,
                                   "registrerad": timezone.now()})
    return enhet


def push_enhet_avregistrera(*, invanare: Invanare, token) -> int:
    return PushEnhet.objects.filter(invanare=invanare, token=str(token or "").strip(), aktiv=True).update(aktiv=False)


def push_enhet_borttagen(sender, instance: PushEnhet, **_kw) -> None:
    """pre_delete of a device (connected in notiser.apps), in the deleting transaction: its waiting rows fail,
    since a waiting row must have a device (push_vantande_har_enhet) and the device's on_delete only empties
    the reference. Staff see them on the failed push page; "Skicka igen" refuses, as for an unregistered phone."""
    PushUtgaende.objects.filter(enhet=instance, status=Status.VANTANDE).update(
        status=Status.MISSLYCKAD, orsak=_("Telefonen är inte längre registrerad för pushnotiser."))


def push_enqueue(*, invanare: Invanare, titel: str, text: str, idempotensnyckel: str, syfte: str,
                 skyddad_bekraftad: bool = False, aktor=None, nu: datetime.datetime | None = None) -> int:
    """One row per active device of hers, keys ``<idempotensnyckel>:<device id>``; returns rows to be sent."""
    nu = nu or timezone.now()
    enheter = list(PushEnhet.objects.filter(invanare=invanare, aktiv=True))
    if not enheter:
        return 0
    sparrad = Kontosparr.objects.aktiva().filter(invanare=invanare).exists()
    orsak = nekande_orsak(invanare, sparrad=sparrad, skyddad_bekraftad=skyddad_bekraftad)
    rader = [
        PushUtgaende(invanare=invanare, enhet=None if orsak else e, titel=titel[:100], text=text[:300], syfte=syfte,
                     idempotensnyckel=f"{idempotensnyckel}:{e.pk}"[:200], status=Status.NEKAD if orsak else Status.VANTANDE,
                     orsak=orsak or "", skyddad_bekraftad=skyddad_bekraftad, skapad=nu, nasta_forsok=nu,
                     skapad_av_hsa_id=getattr(aktor, "medarbetare_hsa_id", ""),
                     vardenhet_hsa_id=getattr(aktor, "vardenhet_hsa_id", ""))
        for e in enheter
    ]
    PushUtgaende.objects.bulk_create(rader, ignore_conflicts=True)
    return 0 if orsak else len(rader)


def push_forsok_igen(*, push_id: int, aktor, nu: datetime.datetime | None = None) -> PushUtgaende:
    """Staff put a failed push notice back in the queue. Only one their own unit sent (the scope of the failed
    SMS, issue 13), and only to a device that is still active: a token the service no longer knows, or one the
    app unregistered, would fail again. Lock and protection are checked again when it is sent (notiser.utkorg)."""
    nu = nu or timezone.now()
    with transaction.atomic():
        rad = (PushUtgaende.objects.select_for_update(of=("self",)).select_related("enhet")
               .filter(pk=push_id, vardenhet_hsa_id=aktor.vardenhet_hsa_id).first())
        if rad is None:
            raise ValueError(_("Pushnotisen finns inte bland enhetens misslyckade pushnotiser."))
        if rad.status != Status.MISSLYCKAD:
            raise ValueError(_("Bara pushnotiser som inte kunde skickas kan skickas igen."))
        if rad.enhet is None or not rad.enhet.aktiv or rad.enhet.invanare_id != rad.invanare_id:
            raise ValueError(_("Telefonen är inte längre registrerad för pushnotiser. Kontakta patienten på annat sätt."))
        rad.status, rad.forsok, rad.nasta_forsok = Status.VANTANDE, 0, nu
        rad.orsak = _("Skickas igen på begäran av %(namn)s.") % {"namn": aktor.medarbetare_namn}
        rad.save(update_fields=["status", "forsok", "nasta_forsok", "orsak"])
        return rad


def _token_borta(rad: PushUtgaende, err) -> None:
    if isinstance(err, OgiltigMottagare) and rad.enhet_id:
        PushEnhet.objects.filter(pk=rad.enhet_id).update(aktiv=False)


def push_skicka_vantande(*, nu: datetime.datetime | None = None, max_antal: int = 500, backend=None) -> Dranering:
    nu = nu or timezone.now()
    backend = backend or push_backend()
    resultat = Dranering()

    def skicka(rad):
        return backend.skicka(token=rad.enhet.token, plattform=rad.enhet.plattform, titel=rad.titel, text=rad.text,
                              idempotensnyckel=rad.idempotensnyckel)

    for _i in range(max_antal):
        if not skicka_en(model=PushUtgaende, nu=nu, skicka=skicka, resultat=resultat, nekad_falt={},
                         vid_permanent=_token_borta, select_related=("invanare", "enhet")):
            break
    return resultat
