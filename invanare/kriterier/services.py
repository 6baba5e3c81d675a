"""Changes to a unit's citizen criteria: only the unit's system administrator (systemförvaltare)."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from invanare.kriterier.models import Kriterieuppsattning, Kriterium, Syfte
from vardportalen.accesslog.aktor import Aktor
from vardportalen.models import Roll


def _krav_systemforvaltare(aktor: Aktor) -> None:
    if aktor.roll != Roll.SYSTEMFORVALTARE:
        raise PermissionDenied(_("Bara enhetens systemförvaltare kan ändra invånarkriterier."))


def _uppsattning(aktor: Aktor, uppsattning_id) -> Kriterieuppsattning:
    u = Kriterieuppsattning.objects.select_for_update().filter(pk=uppsattning_id, vardenhet_id=aktor.vardenhet_id).first()
    if u is None:
        raise ValidationError({"uppsattning": _("Kriterieuppsättningen finns inte på enheten.")})
    return u


def kriterieuppsattning_skapa(*, aktor: Aktor, namn: str, syfte: str = Syfte.MEDDELANDEN) -> Kriterieuppsattning:
    _krav_systemforvaltare(aktor)
    if syfte not in Syfte.values:
        raise ValidationError({"syfte": _("Välj en funktion i listan.")})
    namn = " ".join((namn or "").split())
    if not namn:
        raise ValidationError({"namn": _("Ge uppsättningen ett namn, t.ex. ”Diabetespatienter”.")})
    if len(namn) > 100:
        raise ValidationError({"namn": _("Namnet får vara högst 100 tecken.")})
    try:
        with transaction.atomic():
            return Kriterieuppsattning.objects.create(vardenhet_id=aktor.vardenhet_id, syfte=syfte, namn=namn,
                                                      andrad_av_id=aktor.medarbetare_id)
    except IntegrityError:
        raise ValidationError({"namn": _("Det finns redan en uppsättning med det namnet.")}) from None


def kriterieuppsattning_andra(*, aktor: Aktor, uppsattning_id: int, aktiv: bool | None = None, ta_bort: bool = False) -> None:
    _krav_systemforvaltare(aktor)
    with transaction.atomic():
        u = _uppsattning(aktor, uppsattning_id)
        if ta_bort:
            u.delete()
            return
        if aktiv is not None:
            u.aktiv, u.andrad_av_id = aktiv, aktor.medarbetare_id
            u.save(update_fields=["aktiv", "andrad_av"])


def kriterium_lagg_till(*, aktor: Aktor, uppsattning_id: int, typ: str, **parametrar) -> Kriterium:
    _krav_systemforvaltare(aktor)
    if typ not in Kriterium.Typ.values:
        raise ValidationError({"typ": _("Välj vilken sorts kriterium.")})
    falt = {"alder_min", "alder_max", "kommunkoder", "icd10_koder", "besok_dagar_bakat"}
    with transaction.atomic():
        u = _uppsattning(aktor, uppsattning_id)
        k = Kriterium(uppsattning=u, typ=typ, **{n: v for n, v in parametrar.items() if n in falt})
        for n in ("kommunkoder", "icd10_koder"):
            setattr(k, n, getattr(k, n) or "")
        k.full_clean()
        k.save()
        u.andrad_av_id = aktor.medarbetare_id
        u.save(update_fields=["andrad_av"])
    return k


def kriterium_ta_bort(*, aktor: Aktor, kriterium_id: int) -> None:
    _krav_systemforvaltare(aktor)
    deleted, _n = Kriterium.objects.filter(pk=kriterium_id, uppsattning__vardenhet_id=aktor.vardenhet_id).delete()
    if not deleted:
        raise ValidationError({"kriterium": _("Kriteriet finns inte på enheten.")})
