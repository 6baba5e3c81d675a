"""Set and remove the known-threat marker (känd hotbild, invanare.models.hotbild). Reason required, history
row and access-log row in the same transaction; ``Invanare.kand_hotbild`` follows the active row."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare, KandHotbild, Kontohistorik
from invanare.services.historik import historik_skriv
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, innehaller_kontaktuppgifter

TEXT_MAX = 2000


def _anledning(invanare: Invanare, text: str, saknas: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ValidationError({"anledning": saknas})
    if len(text) > TEXT_MAX:
        raise ValidationError({"anledning": _("Högst %(max)d tecken.") % {"max": TEXT_MAX}})
    if innehaller_kontaktuppgifter(invanare, text):
        raise ValidationError({"anledning": _("Skriv inte invånarens adress eller telefonnummer här.")})
    return text


def _las(invanare: Invanare) -> None:
    Invanare.objects.select_for_update().filter(pk=invanare.pk).values_list("pk", flat=True).get()


def _markering_satt(*, aktor: Aktor, invanare: Invanare, aktiv: bool, anledning: str) -> None:
    """The mirror column, the access-log row and the history row of a change (inside the caller's transaction)."""
    Invanare.objects.filter(pk=invanare.pk).update(kand_hotbild=aktiv)
    invanare.kand_hotbild = aktiv
    atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN, vad="känd hotbild",
                  detalj=_("Markerade känd hotbild.") if aktiv else _("Tog bort markeringen känd hotbild."))
    historik_skriv(invanare=invanare, beskrivning=anledning, aktor=aktor,
                   handelse=Kontohistorik.Handelse.HOTBILD_SATT if aktiv else Kontohistorik.Handelse.HOTBILD_BORTTAGEN)


def kand_hotbild_satt(*, aktor: Aktor, invanare: Invanare, anledning: str) -> KandHotbild:
    anledning = _anledning(invanare, anledning, _("Ange varför invånaren har en känd hotbild."))
    with transaction.atomic():
        _las(invanare)
        if KandHotbild.objects.aktiva().filter(invanare=invanare).exists():
            raise ValidationError({"anledning": _("Invånaren är redan markerad med känd hotbild.")})
        try:
            with transaction.atomic():
                rad = KandHotbild.objects.create(
                    invanare=invanare, anledning=anledning, satt=timezone.now(),
                    satt_av_hsa_id=aktor.medarbetare_hsa_id, satt_av_namn=aktor.medarbetare_namn,
                    vardenhet_hsa_id=aktor.vardenhet_hsa_id, vardenhet_namn=aktor.vardenhet_namn)
        except IntegrityError:  # the row lock makes this unreachable; the constraint is the backstop
            raise ValidationError({"anledning": _("Invånaren är redan markerad med känd hotbild.")}) from None
        _markering_satt(aktor=aktor, invanare=invanare, aktiv=True, anledning=anledning)
    return rad


def kand_hotbild_ta_bort(*, aktor: Aktor, invanare: Invanare, anledning: str) -> KandHotbild:
    anledning = _anledning(invanare, anledning, _("Ange varför markeringen tas bort."))
    with transaction.atomic():
        _las(invanare)
        rad = KandHotbild.objects.aktiva().select_for_update().filter(invanare=invanare).first()
        if rad is None:
            raise ValidationError({"anledning": _("Invånaren är inte markerad med känd hotbild.")})
        rad.borttagen, rad.borttagen_anledning = timezone.now(), anledning
        rad.borttagen_av_hsa_id, rad.borttagen_av_namn = aktor.medarbetare_hsa_id, aktor.medarbetare_namn
        rad.save(update_fields=["borttagen", "borttagen_anledning", "borttagen_av_hsa_id", "borttagen_av_namn"])
        _markering_satt(aktor=aktor, invanare=invanare, aktiv=False, anledning=anledning)
    return rad
