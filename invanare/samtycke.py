"""Consent (samtycke): one rule, used by every channel that reaches the citizen through the app.

Seed 001, "Samtycke": "När invånaren har skapat ett konto och godkänt användarvillkoren så har de samtidigt
gett samtycke att använda tjänsten. Det innebär att de godkänt att få SMS-aviseringar och/eller pushnotiser
om bokade besök och andra ärenden [...]. Användaren accepterar också att elektroniska dokument skickas till
Alltid öppet och digital brevlåda om användaren har detta."

- First login creates the account (``Konto.SKAPAT``); accepting the current terms registers it
  (``Konto.REGISTRERAT``, version and time stored, one VillkorGodkannande row per acceptance).
- New terms (a higher version in force): a registered account that accepted an older version has no consent
  until it accepts the new one: no documents to the app, no notices.
- Accounts registered before terms were versioned (``villkor_version`` NULL) keep their consent until their
  next login, where they are asked to accept *(design: data migration by rule, nothing rewritten)*.
- No terms published at all: registered accounts keep their consent (nothing to accept); a new account stays
  ``SKAPAT`` until the region publishes terms.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Anvandarvillkor, Invanare, VillkorGodkannande

Konto = Invanare.Konto


def aktuella_villkor(nu: datetime.datetime | None = None) -> Anvandarvillkor | None:
    """The terms in force: the highest version published at ``nu``."""
    return Anvandarvillkor.objects.filter(publicerad__lte=nu or timezone.now()).order_by("-version").first()


def krav_version(nu: datetime.datetime | None = None) -> int | None:
    villkor = aktuella_villkor(nu)
    return villkor.version if villkor else None


def har_samtycke(invanare: Invanare, *, krav: int | None) -> bool:
    """Account + accepted terms. ``krav``: the version in force (``krav_version()``), None when none is."""
    if invanare.konto != Konto.REGISTRERAT:
        return False
    if krav is None or invanare.villkor_version is None:
        return True
    return invanare.villkor_version >= krav


def samtycke_q(*, krav: int | None, falt: str = ""):
    """``har_samtycke`` as a filter on Invanare (``falt``: the path to her, e.g. ``"vardnadshavare__"``), for
    set-based sends."""
    from django.db.models import Q

    villkor = Q(**{f"{falt}konto": Konto.REGISTRERAT})
    if krav is not None:
        villkor &= Q(**{f"{falt}villkor_version__isnull": True}) | Q(**{f"{falt}villkor_version__gte": krav})
    return villkor


def maste_godkanna(invanare: Invanare, *, krav: int | None) -> bool:
    """What the app shows after login: the terms in force and an "accept" button."""
    return krav is not None and (invanare.villkor_version or 0) < krav


def konto_vid_inloggning(*, invanare: Invanare, nu: datetime.datetime | None = None) -> Invanare:
    """The first login creates the account (not yet registered). A registered account from before the terms
    were versioned is asked now: from this login on, consent needs the accepted terms."""
    krav = krav_version(nu)
    ny = invanare.konto
    if invanare.konto in (Konto.INGET, Konto.AVREGISTRERAT):
        ny = Konto.SKAPAT
    elif invanare.konto == Konto.REGISTRERAT and invanare.villkor_version is None and krav is not None:
        ny = Konto.SKAPAT
    if ny != invanare.konto:
        Invanare.objects.filter(pk=invanare.pk).update(konto=ny)
        invanare.konto = ny
    return invanare


def villkor_godkann(*, invanare: Invanare, version, nu: datetime.datetime | None = None) -> Invanare:
    """She accepts the terms in force (the version she was shown; an older one is refused). Registers the account."""
    nu = nu or timezone.now()
    villkor = aktuella_villkor(nu)
    if villkor is None:
        raise ValidationError(_("Det finns inga användarvillkor att godkänna just nu."), code="villkor_saknas")
    if str(version) != str(villkor.version):
        raise ValidationError(_("Användarvillkoren har ändrats. Läs den nya versionen (%(v)s) och godkänn den.")
                              % {"v": villkor.version}, code="fel_version")
    with transaction.atomic():
        inv = Invanare.objects.select_for_update().get(pk=invanare.pk)
        VillkorGodkannande.objects.get_or_create(invanare=inv, villkor=villkor, defaults={"godkant": nu})
        inv.konto, inv.villkor_version, inv.villkor_godkanda = Konto.REGISTRERAT, villkor.version, nu
        inv.save(update_fields=["konto", "villkor_version", "villkor_godkanda"])
    return inv


def villkor_publicera(*, text: str, publicerad: datetime.datetime | None = None, skapad_av: str = "") -> Anvandarvillkor:
    """A new version (the next number). From ``publicerad`` on, everyone must accept it again."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Skriv villkorstexten.")})
    with transaction.atomic():
        senaste = Anvandarvillkor.objects.select_for_update().order_by("-version").first()
        return Anvandarvillkor.objects.create(version=(senaste.version + 1) if senaste else 1, text=text.strip(),
                                              publicerad=publicerad or timezone.now(), skapad_av=skapad_av[:200])
