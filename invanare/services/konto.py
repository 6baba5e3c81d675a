"""The lock (spärr) of a citizen's Alltid öppet account (seed "Spärra konto").

- Staff with access to the citizen lock it from the Invånarprofil, with a reason; only staff unlock it,
  with a reason. Both are access-logged and written to the history.
- The citizen may lock her own account when she deregisters it in the app; she cannot unlock it.
- While locked, neither she nor any proxy may log in or use the account (invanare.behorighet.far_agera).
- Other units are not notified: nothing is sent anywhere; they see the lock on her overview.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import AppSession, Invanare, Kontohistorik, Kontosparr
from invanare.services.historik import historik_skriv
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, innehaller_kontaktuppgifter

TEXT_MAX = 2000


def _las(invanare: Invanare) -> None:
    Invanare.objects.select_for_update().filter(pk=invanare.pk).values_list("pk", flat=True).get()


def konto_lock_validera(*, invanare: Invanare, orsak: str, orsak_text: str = "") -> None:
    """Raises what ``konto_lock`` would refuse on its input, so a page can check before asking to confirm."""
    orsak_text = " ".join((orsak_text or "").split())
    fel = {}
    if orsak not in Kontosparr.Orsak.values:
        fel["orsak"] = _("Välj orsak till spärren.")
    elif orsak == Kontosparr.Orsak.ANNAN and not orsak_text:
        fel["orsak_text"] = _("Beskriv orsaken när du väljer Annan orsak.")
    if len(orsak_text) > TEXT_MAX:
        fel["orsak_text"] = _("Högst %(max)d tecken.") % {"max": TEXT_MAX}
    elif innehaller_kontaktuppgifter(invanare, orsak_text):
        fel["orsak_text"] = _("Skriv inte invånarens adress eller telefonnummer här.")
    if fel:
        raise ValidationError(fel)


def konto_lock(*, aktor: Aktor, invanare: Invanare, orsak: str, orsak_text: str = "") -> Kontosparr:
    konto_lock_validera(invanare=invanare, orsak=orsak, orsak_text=orsak_text)
    orsak_text = " ".join((orsak_text or "").split())
    with transaction.atomic():
        _las(invanare)
        if Kontosparr.objects.aktiva().filter(invanare=invanare).exists():
            raise ValidationError({"orsak": _("Kontot är redan spärrat.")})
        sparr = Kontosparr(
            invanare=invanare,
            orsak=orsak,
            orsak_text=orsak_text,
            sparrad_av_hsa_id=aktor.medarbetare_hsa_id,
            sparrad_av_namn=aktor.medarbetare_namn,
            vardenhet_hsa_id=aktor.vardenhet_hsa_id,
            vardenhet_namn=aktor.vardenhet_namn,
        )
        sparr.full_clean(validate_constraints=False)
        sparr.save(force_insert=True)
        atkomst_logga(
            aktor=aktor,
            invanare=invanare,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="spärr av konto",
            detalj=_("Spärrade kontot i Alltid öppet. Orsak: %(orsak)s") % {"orsak": sparr.get_orsak_display()},
        )
        historik_skriv(
            invanare=invanare,
            handelse=Kontohistorik.Handelse.KONTO_SPARRAT,
            beskrivning=sparr.get_orsak_display() + (f": {orsak_text}" if orsak_text else ""),
            aktor=aktor,
        )
    return sparr


def konto_unlock(*, aktor: Aktor, invanare: Invanare, anledning: str) -> Kontosparr:
    anledning = " ".join((anledning or "").split())
    if not anledning:
        raise ValidationError({"anledning": _("Ange varför spärren hävs.")})
    if len(anledning) > TEXT_MAX:
        raise ValidationError({"anledning": _("Högst %(max)d tecken.") % {"max": TEXT_MAX}})
    if innehaller_kontaktuppgifter(invanare, anledning):
        raise ValidationError({"anledning": _("Skriv inte invånarens adress eller telefonnummer här.")})
    with transaction.atomic():
        _las(invanare)
        sparr = Kontosparr.objects.select_for_update().filter(invanare=invanare, havd__isnull=True).first()
        if sparr is None:
            raise ValidationError({"anledning": _("Kontot är inte spärrat.")})
        sparr.havd = timezone.now()
        sparr.havd_anledning = anledning
        sparr.havd_av_hsa_id = aktor.medarbetare_hsa_id
        sparr.havd_av_namn = aktor.medarbetare_namn
        sparr.havd_vardenhet_hsa_id = aktor.vardenhet_hsa_id
        sparr.save(update_fields=["havd", "havd_anledning", "havd_av_hsa_id", "havd_av_namn", "havd_vardenhet_hsa_id"])
        atkomst_logga(
            aktor=aktor,
            invanare=invanare,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="spärr av konto",
            detalj=_("Hävde spärren av kontot i Alltid öppet."),
        )
        historik_skriv(
            invanare=invanare, handelse=Kontohistorik.Handelse.KONTO_UPPLAST, beskrivning=anledning, aktor=aktor
        )
    return sparr


def konto_avregistrera(*, invanare: Invanare, sparra: bool) -> Kontosparr | None:
    """The citizen deregisters her account in the app, and locks it if she chose to.

    Called only after the app's confirmation steps (invanare.app_api.konto). Ends all her app sessions.
    Idempotent: deregistering twice changes nothing more; locking an already locked account keeps the lock.
    """
    with transaction.atomic():
        _las(invanare)
        Invanare.objects.filter(pk=invanare.pk).update(konto=Invanare.Konto.AVREGISTRERAT)
        AppSession.objects.filter(invanare=invanare, avslutad__isnull=True).update(avslutad=timezone.now())
        sparr = None
        if sparra:
            sparr = Kontosparr.objects.aktiva().filter(invanare=invanare).first()
            if sparr is None:
                try:
                    with transaction.atomic():
                        sparr = Kontosparr.objects.create(
                            invanare=invanare, orsak=Kontosparr.Orsak.EGEN_BEGARAN, sparrad_av_invanaren=True
                        )
                except IntegrityError:
                    sparr = Kontosparr.objects.aktiva().get(invanare=invanare)
        historik_skriv(
            invanare=invanare,
            handelse=Kontohistorik.Handelse.KONTO_SPARRAT if sparra else Kontohistorik.Handelse.KONTO_AVREGISTRERAT,
            beskrivning=_("Invånaren avregistrerade och spärrade sitt konto i appen.")
            if sparra
            else _("Invånaren avregistrerade sitt konto i appen."),
            av_invanaren=True,
        )
    return sparr
