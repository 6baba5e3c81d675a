"""Proxies (ombud) registered by staff, and blocks of guardians/proxies decided by a verksamhetschef.

Rules (seed "Ombud och vårdnadshavare", "Blockera ombud"):
- A guardian of a child 13–16 may be proxy only on special need, with the decision recorded.
- A legal representative only with a district-court decision (reference, date) that says she is to care
  for the person's personal matters ("sörja för sin huvudman").
- A power-of-attorney holder (fullmaktstagare) as approved by staff under STY-42669, the approval recorded.
- A block is decided by the unit's verksamhetschef, on one of three forms, with reason and date; lifting
  it likewise. The block row and the unblock fields are kept as history.
- Seed 001: "Verksamhetschef fattar beslut om blockering". Recorded by anyone else, the block waits until the
  named verksamhetschef confirms it herself, logged in with her own card under her verksamhetschef commission
  (``ombud_block_bekrafta``); until then the proxy still works. Recorded by that chief, it takes effect at once.
  Lifting a block in force likewise: recorded by anyone else it waits for her (``ombud_unblock_bekrafta``) and
  the block stays in force until she confirms.

Every refusal is a ValidationError with a Swedish message per field, raised before anything is written.
"""
from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, SARSKILT_BEHOV_GRANS, arsdag, under_alder
from invanare.models import (
    Blankett,
    IdTyp,
    Invanare,
    Kontohistorik,
    Ombud,
    OmbudBlockering,
    Ombudstyp,
    Vardnadshavarskap,
)
from invanare.models.ombud import REGISTRERADE_TYPER
from invanare.services.historik import historik_skriv
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, innehaller_kontaktuppgifter
from vardportalen.models import Medarbetaruppdrag, Roll

MYNDIG = 18
TEXT_MAX = 2000


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def _krav_text(fel: dict, falt: str, value: str, meddelande: str, *, max_len: int = TEXT_MAX) -> str:
    text = _text(value)
    if not text:
        fel[falt] = meddelande
    elif len(text) > max_len:
        fel[falt] = _("Högst %(max)d tecken.") % {"max": max_len}
    return text


def _krav_datum(fel: dict, falt: str, value, meddelande: str, idag: datetime.date):
    if value is None:
        fel[falt] = meddelande
    elif value > idag:
        fel[falt] = _("Datumet kan inte ligga i framtiden.")
    return value


def ar_vardnadshavare(*, barn: Invanare, person: Invanare, dag: datetime.date) -> bool:
    return Vardnadshavarskap.objects.aktiva(dag).filter(barn=barn, vardnadshavare=person).exists()


def _las_huvudman(huvudman: Invanare) -> None:
    """Serialise all proxy/block changes of one citizen: two staff acting at once take turns."""
    Invanare.objects.select_for_update().filter(pk=huvudman.pk).values_list("pk", flat=True).get()


# --- register and end ---


def ombud_register(
    *,
    aktor: Aktor,
    huvudman: Invanare,
    ombud: Invanare,
    typ: str,
    beslut_referens: str,
    beslut_datum: datetime.date | None,
    beslut_sorja_for_person: bool = False,
    motivering: str = "",
    giltig_till: datetime.date | None = None,
) -> Ombud:
    idag = timezone.localdate()
    fel: dict[str, str] = {}
    if typ not in REGISTRERADE_TYPER:
        raise ValidationError({"typ": _("Välj vilken sorts ombud som ska registreras.")})
    if ombud.pk == huvudman.pk:
        raise ValidationError({"ombud": _("En person kan inte vara ombud för sig själv.")})
    if huvudman.id_typ == IdTyp.RESERVNUMMER or ombud.id_typ == IdTyp.RESERVNUMMER:
        raise ValidationError(
            {"ombud": _("Personer med reservnummer kan inte använda Alltid öppet och kan inte ha eller vara ombud.")}
        )
    ombud_alder = ombud.alder(idag)
    if ombud_alder is None or ombud_alder < MYNDIG:
        fel["ombud"] = _("Ombudet måste vara myndigt (18 år).")

    referens_krav = {
        Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV: _("Ange referens till beslutet om särskilt behov."),
        Ombudstyp.LEGAL_STALLFORETRADARE: _("Ange tingsrättsbeslutets referens (målnummer)."),
        Ombudstyp.FULLMAKTSTAGARE: _("Ange referens till den godkända fullmakten (enligt rutin STY-42669)."),
    }[typ]
    referens = _krav_text(fel, "beslut_referens", beslut_referens, referens_krav, max_len=100)
    _krav_datum(fel, "beslut_datum", beslut_datum, _("Ange beslutsdatum."), idag)
    motivering = _text(motivering)
    if len(motivering) > TEXT_MAX:
        fel["motivering"] = _("Högst %(max)d tecken.") % {"max": TEXT_MAX}
    if giltig_till is not None and giltig_till <= idag:
        fel["giltig_till"] = _("Slutdatumet måste ligga efter i dag.")

    if typ == Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV:
        fodd = huvudman.fodelsedatum
        if fodd is None:
            fel["typ"] = _("Barnets födelsedatum saknas; åldern går inte att avgöra.")
        elif under_alder(fodd, AUTOMATISK_OMBUD_GRANS, idag):
            fel["typ"] = _("Barnet är under 13 år: vårdnadshavaren är redan ombud automatiskt.")
        elif not under_alder(fodd, SARSKILT_BEHOV_GRANS, idag):
            fel["typ"] = _("Vårdnadshavare kan vara ombud vid särskilt behov bara för barn 13–16 år.")
        else:
            grans = arsdag(fodd, SARSKILT_BEHOV_GRANS)
            giltig_till = min(giltig_till, grans) if giltig_till else grans
        if not motivering:
            fel["motivering"] = _("Beskriv det särskilda behovet.")
        if not ar_vardnadshavare(barn=huvudman, person=ombud, dag=idag):
            fel["ombud"] = _("Personen är inte vårdnadshavare för barnet enligt folkbokföringen.")
    elif typ == Ombudstyp.LEGAL_STALLFORETRADARE and not beslut_sorja_for_person:
        fel["beslut_sorja_for_person"] = _(
            "Av tingsrättsbeslutet ska framgå att den legala ställföreträdaren ska sörja för sin huvudmans person. "
            "Utan det kan hen inte bli ombud."
        )
    if innehaller_kontaktuppgifter(huvudman, referens, motivering):
        fel["motivering"] = _("Skriv inte invånarens adress eller telefonnummer här.")
    if fel:
        raise ValidationError(fel)

    with transaction.atomic():
        _las_huvudman(huvudman)
        if OmbudBlockering.objects.ej_havda().filter(huvudman=huvudman, ombud=ombud).exists():
            raise ValidationError(
                {"ombud": _("Personen är blockerad som ombud för invånaren (eller en blockering väntar på "
                            "verksamhetschefens beslut). Blockeringen måste hävas först.")}
            )
        if Ombud.objects.filter(huvudman=huvudman, ombud=ombud, typ=typ, avslutad__isnull=True).exists():
            raise ValidationError({"ombud": _("Personen är redan registrerad som den sortens ombud.")})
        rad = Ombud(
            huvudman=huvudman,
            ombud=ombud,
            typ=typ,
            giltig_fran=idag,
            giltig_till=giltig_till,
            beslut_referens=referens,
            beslut_datum=beslut_datum,
            beslut_sorja_for_person=bool(beslut_sorja_for_person) and typ == Ombudstyp.LEGAL_STALLFORETRADARE,
            beslut_motivering=motivering,
            registrerad_av_hsa_id=aktor.medarbetare_hsa_id,
            registrerad_av_namn=aktor.medarbetare_namn,
            registrerad_vardenhet_hsa_id=aktor.vardenhet_hsa_id,
        )
        rad.full_clean(validate_constraints=False)
        rad.save(force_insert=True)
        typ_text = Ombudstyp(typ).label
        atkomst_logga(
            aktor=aktor,
            invanare=huvudman,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="ombud",
            detalj=_("Registrerade ombud (%(typ)s), beslut %(ref)s.") % {"typ": typ_text, "ref": referens},
        )
        historik_skriv(
            invanare=huvudman,
            ombud=ombud,
            handelse=Kontohistorik.Handelse.OMBUD_REGISTRERAT,
            beskrivning=_("%(typ)s. Beslut %(ref)s (%(datum)s).")
            % {"typ": typ_text, "ref": referens, "datum": beslut_datum.isoformat()},
            aktor=aktor,
        )
    return rad


def ombud_end(*, aktor: Aktor, huvudman: Invanare, ombud_id: int, anledning: str) -> Ombud:
    fel: dict[str, str] = {}
    anledning = _krav_text(fel, "anledning", anledning, _("Ange varför ombudet avslutas."), max_len=500)
    if fel:
        raise ValidationError(fel)
    with transaction.atomic():
        _las_huvudman(huvudman)
        rad = (
            Ombud.objects.select_for_update()
            .select_related("ombud")
            .filter(pk=ombud_id, huvudman=huvudman, avslutad__isnull=True)
            .first()
        )
        if rad is None:
            raise ValidationError({"ombud": _("Ombudet finns inte eller är redan avslutat.")})
        rad.avslutad = timezone.now()
        rad.avslutad_anledning = anledning
        rad.avslutad_av_hsa_id = aktor.medarbetare_hsa_id
        rad.avslutad_av_namn = aktor.medarbetare_namn
        rad.save(update_fields=["avslutad", "avslutad_anledning", "avslutad_av_hsa_id", "avslutad_av_namn"])
        atkomst_logga(
            aktor=aktor,
            invanare=huvudman,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="ombud",
            detalj=_("Avslutade ombud (%(typ)s).") % {"typ": rad.get_typ_display()},
        )
        historik_skriv(
            invanare=huvudman,
            ombud=rad.ombud,
            handelse=Kontohistorik.Handelse.OMBUD_AVSLUTAT,
            beskrivning=_("%(typ)s. Anledning: %(anledning)s") % {"typ": rad.get_typ_display(), "anledning": anledning},
            aktor=aktor,
        )
    return rad


# --- blocks ---


def tillatna_blanketter(*, huvudman: Invanare, ombud: Invanare, dag: datetime.date | None = None) -> list[str]:
    """The forms that fit this person's relation to the citizen; empty when she is no guardian or proxy.

    BLA-46557: a guardian of a child under 13; BLA-42671: a guardian of a child 13 or older (proxy on special
    need, or not a proxy now); BLA-43926: a legal representative. A power-of-attorney holder who is neither
    may be blocked on either fullmaktstagare form *(design: the seed names no form of its own)*.
    """
    dag = dag or timezone.localdate()
    blanketter: list[str] = []
    if ar_vardnadshavare(barn=huvudman, person=ombud, dag=dag):
        under_13 = under_alder(huvudman.fodelsedatum, AUTOMATISK_OMBUD_GRANS, dag)
        blanketter.append(Blankett.BLA_46557 if under_13 else Blankett.BLA_42671)
    typer = set(Ombud.objects.aktiva(dag).filter(huvudman=huvudman, ombud=ombud).values_list("typ", flat=True))
    if Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV in typer and Blankett.BLA_42671 not in blanketter:
        blanketter.append(Blankett.BLA_42671)
    if Ombudstyp.LEGAL_STALLFORETRADARE in typer:
        blanketter.append(Blankett.BLA_43926)
    if Ombudstyp.FULLMAKTSTAGARE in typer:
        blanketter += [b for b in (Blankett.BLA_42671, Blankett.BLA_43926) if b not in blanketter]
    return [str(b) for b in blanketter]


def verksamhetschef_get(*, aktor: Aktor, hsa_id: str) -> Medarbetaruppdrag | None:
    """The active verksamhetschef commission of ``hsa_id`` at the aktor's unit, or None."""
    return (
        Medarbetaruppdrag.objects.aktiva()
        .select_related("medarbetare")
        .filter(medarbetare__hsa_id=hsa_id, vardenhet_id=aktor.vardenhet_id, roll=Roll.VERKSAMHETSCHEF)
        .first()
        if hsa_id
        else None
    )


def _beslutsfattare(fel: dict, aktor: Aktor, hsa_id: str):
    chef = verksamhetschef_get(aktor=aktor, hsa_id=_text(hsa_id))
    if chef is None:
        fel["beslutsfattare"] = _(
            "Beslutet fattas av verksamhetschefen: välj en person med aktivt uppdrag som verksamhetschef på "
            "%(enhet)s."
        ) % {"enhet": aktor.vardenhet_namn}
    return chef


def ombud_block(
    *,
    aktor: Aktor,
    huvudman: Invanare,
    ombud: Invanare,
    beslutsfattare_hsa_id: str,
    blankett: str,
    anledning: str,
    beslutsdatum: datetime.date | None,
) -> OmbudBlockering:
    idag = timezone.localdate()
    fel: dict[str, str] = {}
    chef = _beslutsfattare(fel, aktor, beslutsfattare_hsa_id)
    anledning = _krav_text(fel, "anledning", anledning, _("Ange anledningen till blockeringen."))
    _krav_datum(fel, "beslutsdatum", beslutsdatum, _("Ange beslutsdatum."), idag)
    if ombud.pk == huvudman.pk:
        fel["ombud"] = _("En person kan inte blockeras som ombud för sig själv.")
    else:
        tillatna = tillatna_blanketter(huvudman=huvudman, ombud=ombud, dag=idag)
        if not tillatna:
            fel["ombud"] = _("Personen är inte vårdnadshavare eller registrerat ombud för invånaren.")
        elif blankett not in tillatna:
            fel["blankett"] = _("Fel blankett för den här relationen. Använd %(b)s.") % {"b": " eller ".join(tillatna)}
    if anledning and innehaller_kontaktuppgifter(huvudman, anledning):
        fel["anledning"] = _("Skriv inte invånarens adress eller telefonnummer här.")
    if fel:
        raise ValidationError(fel)
    sjalv = ar_beslutsfattaren(aktor=aktor, hsa_id=chef.medarbetare.hsa_id)
    nu = timezone.now()
    with transaction.atomic():
        _las_huvudman(huvudman)
        befintlig = OmbudBlockering.objects.ej_havda().filter(huvudman=huvudman, ombud=ombud).first()
        if befintlig is not None:
            raise ValidationError({"ombud": _("Personen är redan blockerad som ombud för invånaren.")
                                   if befintlig.bekraftad else
                                   _("En blockering av personen väntar redan på verksamhetschefens beslut.")})
        blockering = OmbudBlockering(
            blockerad=nu,
            bekraftad=nu if sjalv else None,
            bekraftad_av_hsa_id=aktor.medarbetare_hsa_id if sjalv else "",
            bekraftad_av_namn=aktor.medarbetare_namn if sjalv else "",
            huvudman=huvudman,
            ombud=ombud,
            blankett=blankett,
            anledning=anledning,
            beslutsdatum=beslutsdatum,
            beslutsfattare_hsa_id=chef.medarbetare.hsa_id,
            beslutsfattare_namn=chef.medarbetare.namn,
            registrerad_av_hsa_id=aktor.medarbetare_hsa_id,
            vardenhet_hsa_id=aktor.vardenhet_hsa_id,
        )
        blockering.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                blockering.save(force_insert=True)
        except IntegrityError:  # the row lock makes this unreachable in practice; the constraint is the backstop
            raise ValidationError({"ombud": _("Personen är redan blockerad som ombud för invånaren.")}) from None
        atkomst_logga(
            aktor=aktor,
            invanare=huvudman,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="blockering av ombud",
            detalj=(_("Blockerade ombud enligt %(blankett)s; beslut av %(chef)s.") if sjalv else
                    _("Registrerade blockering av ombud enligt %(blankett)s; väntar på beslut av %(chef)s."))
            % {"blankett": blankett, "chef": chef.medarbetare.hsa_id},
        )
        historik_skriv(
            invanare=huvudman,
            ombud=ombud,
            handelse=Kontohistorik.Handelse.BLOCKERAD if sjalv else Kontohistorik.Handelse.BLOCKERING_VANTAR,
            beskrivning=_("%(blankett)s, beslut %(datum)s av %(chef)s. Anledning: %(anledning)s")
            % {"blankett": blankett, "datum": beslutsdatum.isoformat(), "chef": chef.medarbetare.namn, "anledning": anledning},
            aktor=aktor,
        )
    return blockering


def ar_beslutsfattaren(*, aktor: Aktor, hsa_id: str) -> bool:
    """Is the logged-in staff member herself the verksamhetschef named as decision-maker, acting under her
    verksamhetschef commission? (The commission is the one chosen after her card login.)"""
    return aktor.roll == Roll.VERKSAMHETSCHEF and bool(hsa_id) and aktor.medarbetare_hsa_id == hsa_id


def ombud_block_bekrafta(*, aktor: Aktor, huvudman: Invanare, blockering_id: int) -> OmbudBlockering:
    """The named verksamhetschef confirms a pending block herself: it takes effect now (the proxy loses access
    at her next request, see invanare.behorighet)."""
    with transaction.atomic():
        _las_huvudman(huvudman)
        blockering = (
            OmbudBlockering.objects.vantande().select_for_update().select_related("ombud")
            .filter(pk=blockering_id, huvudman=huvudman).first()
        )
        if blockering is None:
            raise ValidationError({"blockering": _("Det finns ingen blockering som väntar på beslut.")})
        if not ar_beslutsfattaren(aktor=aktor, hsa_id=blockering.beslutsfattare_hsa_id) \
                or aktor.vardenhet_hsa_id != blockering.vardenhet_hsa_id:
            raise ValidationError({"blockering": _(
                "Bara verksamhetschefen %(chef)s kan bekräfta blockeringen, inloggad med sitt eget kort och med "
                "uppdraget som verksamhetschef på enheten.") % {"chef": blockering.beslutsfattare_namn}})
        nu = timezone.now()
        blockering.bekraftad, blockering.bekraftad_av_hsa_id = nu, aktor.medarbetare_hsa_id
        blockering.bekraftad_av_namn = aktor.medarbetare_namn
        blockering.save(update_fields=["bekraftad", "bekraftad_av_hsa_id", "bekraftad_av_namn"])
        atkomst_logga(
            aktor=aktor, invanare=huvudman, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
            vad="blockering av ombud",
            detalj=_("Bekräftade blockering av ombud enligt %(blankett)s.") % {"blankett": blockering.blankett},
        )
        historik_skriv(
            invanare=huvudman, ombud=blockering.ombud, handelse=Kontohistorik.Handelse.BLOCKERAD,
            beskrivning=_("%(blankett)s, bekräftad av verksamhetschefen %(chef)s. Anledning: %(anledning)s")
            % {"blankett": blockering.blankett, "chef": aktor.medarbetare_namn, "anledning": blockering.anledning},
            aktor=aktor,
        )
    return blockering


def ombud_unblock(
    *,
    aktor: Aktor,
    huvudman: Invanare,
    blockering_id: int,
    beslutsfattare_hsa_id: str,
    anledning: str,
    beslutsdatum: datetime.date | None,
) -> OmbudBlockering:
    """Lift a block, or withdraw a pending one. Seed 001: the verksamhetschef decides, lifting included: recorded
    by the named chief herself it takes effect at once; recorded by anyone else the lift waits for her own
    confirmation (``ombud_unblock_bekrafta``) and the block stays in force. A pending block (never in force) is
    withdrawn at once: nothing the chief decided is undone."""
    idag = timezone.localdate()
    fel: dict[str, str] = {}
    chef = _beslutsfattare(fel, aktor, beslutsfattare_hsa_id)
    anledning = _krav_text(fel, "anledning", anledning, _("Ange anledningen till att blockeringen hävs."))
    _krav_datum(fel, "beslutsdatum", beslutsdatum, _("Ange beslutsdatum."), idag)
    if anledning and innehaller_kontaktuppgifter(huvudman, anledning):
        fel["anledning"] = _("Skriv inte invånarens adress eller telefonnummer här.")
    if fel:
        raise ValidationError(fel)
    with transaction.atomic():
        _las_huvudman(huvudman)
        blockering = (
            OmbudBlockering.objects.select_for_update()
            .select_related("ombud")
            .filter(pk=blockering_id, huvudman=huvudman, havd__isnull=True)
            .first()
        )
        if blockering is None:
            raise ValidationError({"blockering": _("Blockeringen finns inte eller är redan hävd.")})
        if blockering.havning_begard is not None:
            raise ValidationError({"blockering": _("En hävning av blockeringen väntar redan på verksamhetschefens "
                                                   "beslut.")})
        nu = timezone.now()
        genast = blockering.bekraftad is None or ar_beslutsfattaren(aktor=aktor, hsa_id=chef.medarbetare.hsa_id)
        blockering.havd_anledning = anledning
        blockering.havd_beslutsdatum = beslutsdatum
        blockering.havd_beslutsfattare_hsa_id = chef.medarbetare.hsa_id
        blockering.havd_beslutsfattare_namn = chef.medarbetare.namn
        if genast:
            blockering.havd = nu
        else:
            blockering.havning_begard = nu
            blockering.havning_begard_av_hsa_id = aktor.medarbetare_hsa_id
            blockering.havning_vardenhet_hsa_id = aktor.vardenhet_hsa_id
        blockering.save(update_fields=["havd", "havd_anledning", "havd_beslutsdatum", "havd_beslutsfattare_hsa_id",
                                       "havd_beslutsfattare_namn", "havning_begard", "havning_begard_av_hsa_id",
                                       "havning_vardenhet_hsa_id"])
        atkomst_logga(
            aktor=aktor,
            invanare=huvudman,
            handelse=Handelse.ANDRING,
            utfall=Utfall.TILLATEN,
            vad="blockering av ombud",
            detalj=(_("Hävde blockering (%(blankett)s); beslut av %(chef)s.") if genast else
                    _("Registrerade hävning av blockering (%(blankett)s); väntar på beslut av %(chef)s."))
            % {"blankett": blockering.blankett, "chef": chef.medarbetare.hsa_id},
        )
        historik_skriv(
            invanare=huvudman,
            ombud=blockering.ombud,
            handelse=Kontohistorik.Handelse.BLOCKERING_HAVD if genast else Kontohistorik.Handelse.HAVNING_VANTAR,
            beskrivning=_("Beslut %(datum)s av %(chef)s. Anledning: %(anledning)s")
            % {"datum": beslutsdatum.isoformat(), "chef": chef.medarbetare.namn, "anledning": anledning},
            aktor=aktor,
        )
    return blockering


def ombud_unblock_bekrafta(*, aktor: Aktor, huvudman: Invanare, blockering_id: int) -> OmbudBlockering:
    """The named verksamhetschef confirms a pending lift herself: the block ends now (the proxy may act again)."""
    with transaction.atomic():
        _las_huvudman(huvudman)
        blockering = (
            OmbudBlockering.objects.havning_vantar().select_for_update().select_related("ombud")
            .filter(pk=blockering_id, huvudman=huvudman).first()
        )
        if blockering is None:
            raise ValidationError({"blockering": _("Det finns ingen hävning som väntar på beslut.")})
        if not ar_beslutsfattaren(aktor=aktor, hsa_id=blockering.havd_beslutsfattare_hsa_id) \
                or aktor.vardenhet_hsa_id != blockering.havning_vardenhet_hsa_id:
            raise ValidationError({"blockering": _(
                "Bara verksamhetschefen %(chef)s kan bekräfta hävningen, inloggad med sitt eget kort och med "
                "uppdraget som verksamhetschef på enheten.") % {"chef": blockering.havd_beslutsfattare_namn}})
        blockering.havd = timezone.now()
        blockering.save(update_fields=["havd"])
        atkomst_logga(
            aktor=aktor, invanare=huvudman, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
            vad="blockering av ombud",
            detalj=_("Bekräftade hävning av blockering (%(blankett)s).") % {"blankett": blockering.blankett},
        )
        historik_skriv(
            invanare=huvudman, ombud=blockering.ombud, handelse=Kontohistorik.Handelse.BLOCKERING_HAVD,
            beskrivning=_("Hävning bekräftad av verksamhetschefen %(chef)s. Anledning: %(anledning)s")
            % {"chef": aktor.medarbetare_namn, "anledning": blockering.havd_anledning},
            aktor=aktor,
        )
    return blockering
