"""Writes of bokning: slots, schedules, booking, cancelling, moving, visit outcome, vaccination.

The place in a slot is taken with one conditional UPDATE (``bokade = bokade + 1 WHERE bokade < kapacitet``):
PostgreSQL row-locks the slot for the UPDATE and re-checks the condition after a concurrent booking
commits, so the last place goes to exactly one request. A check constraint (bokade <= kapacitet) backs it up.
Every service raises ValidationError (Swedish message) on bad input, before or inside its transaction, so
nothing is changed.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bokning.efter_bokning import efter_bokning
from bokning.kallelse import kallelse_backend
from bokning.models import (
    BokadAv,
    Bokning,
    Halsodeklaration,
    Resurs,
    Schemarad,
    Tid,
    Tidbok,
    Tidstyp,
    Vaccination,
)
from bokning.regler import kontrollera_far_boka
from invanare.models import Invanare, Vardrelation
from notiser.services import Notistyp, notis_skicka
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga
from vardportalen.granser import otillatna_tecken
from vardportalen.idempotens import token_knyt, token_ta
from vardportalen.models import Medarbetaruppdrag, Roll, Vardenhet

logger = logging.getLogger(__name__)

SCHEMA_MAX_DAGAR = 26 * 7
OVERLAPP_CONSTRAINT = "tid_resurs_ej_overlappande"


def _overlapp_fel() -> ValidationError:
    return ValidationError(_("Resursen har redan en tid som överlappar. Inga tider har skapats."), code="overlapp")


# --- who may do what ---

SCHEMA_ROLLER = (Roll.SCHEMALAGGARE, Roll.REGIONAL_ADMINISTRATOR)


def far_schemalagga(aktor: Aktor) -> bool:
    return aktor.har_roll(*SCHEMA_ROLLER)


def far_administrera(aktor: Aktor) -> bool:
    return aktor.har_roll(Roll.REGIONAL_ADMINISTRATOR)


def enhet_ar_del_av_tidbok(*, tidbok: Tidbok, vardenhet_id: int) -> bool:
    if tidbok.vardenhet_id == vardenhet_id:
        return True
    return tidbok.gemensam and tidbok.deltagande_enheter.filter(pk=vardenhet_id).exists()


# --- slots and schedules ---


def tid_create(
    *,
    aktor: Aktor,
    tidbok: Tidbok,
    vardenhet: Vardenhet,
    resurs: Resurs,
    tidstyp: Tidstyp,
    start: datetime.datetime,
    kapacitet: int = 1,
) -> Tid:
    if not far_schemalagga(aktor):
        raise ValidationError(_("Bara schemaläggare och regionala administratörer kan lägga upp tider."))
    _kontrollera_plats(aktor=aktor, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs)
    if start <= timezone.now():
        raise ValidationError(_("Tiden har redan passerat. Välj en tid framåt i tiden."), code="passerad")
    tid = Tid(tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=tidstyp, start=start,
              slut=start + tidstyp.langd, kapacitet=kapacitet)
    tid.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            tid.save()
    except IntegrityError as err:
        if OVERLAPP_CONSTRAINT in str(err):
            raise _overlapp_fel() from err
        raise
    return tid


def _kontrollera_plats(*, aktor: Aktor, tidbok: Tidbok, vardenhet: Vardenhet, resurs: Resurs) -> None:
    if not enhet_ar_del_av_tidbok(tidbok=tidbok, vardenhet_id=vardenhet.pk):
        raise ValidationError(_("Enheten ingår inte i tidboken."))
    if not (far_administrera(aktor) or aktor.vardenhet_id in (vardenhet.pk, tidbok.vardenhet_id)):
        raise ValidationError(_("Du kan bara lägga upp tider för din egen enhet."))
    if resurs.vardenhet_id != vardenhet.pk:
        raise ValidationError(_("Resursen hör inte till enheten."))


def schemarad_create(*, aktor: Aktor, tidbok: Tidbok, vardenhet: Vardenhet, resurs: Resurs, tidstyp: Tidstyp,
                     veckodag: int, fran_klockan: datetime.time, till_klockan: datetime.time, kapacitet: int = 1) -> Schemarad:
    if not far_schemalagga(aktor):
        raise ValidationError(_("Bara schemaläggare och regionala administratörer kan ändra veckoschemat."))
    _kontrollera_plats(aktor=aktor, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs)
    rad = Schemarad(tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=tidstyp, veckodag=veckodag,
                    fran_klockan=fran_klockan, till_klockan=till_klockan, kapacitet=kapacitet)
    if till_klockan <= fran_klockan:
        raise ValidationError(_("Sluttiden måste vara efter starttiden."))
    rad.full_clean(validate_constraints=False)
    rad.save()
    return rad


def schema_starttider(rad: Schemarad, dag: datetime.date, tz) -> list[datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(dag, rad.fran_klockan), tz)
    slut = timezone.make_aware(datetime.datetime.combine(dag, rad.till_klockan), tz)
    langd = rad.tidstyp.langd
    tider = []
    while start + langd <= slut:
        tider.append(start)
        start += langd
    return tider


@dataclass(frozen=True)
class SchemaResultat:
    skapade: int
    hoppade_over_passerade: int


def schema_apply(*, aktor: Aktor, tidbok: Tidbok, fran: datetime.date, till: datetime.date) -> SchemaResultat:
    """Create the slots of the weekly template for every day in [fran, till]. All or nothing: one overlapping
    slot (with an existing slot or within the template) and none is created."""
    if not far_schemalagga(aktor):
        raise ValidationError(_("Bara schemaläggare och regionala administratörer kan lägga upp tider."))
    if till < fran:
        raise ValidationError(_("Slutdatum måste vara samma dag som eller efter startdatum."))
    if (till - fran).days >= SCHEMA_MAX_DAGAR:
        raise ValidationError(_("Ett schema kan läggas ut högst 26 veckor åt gången."))
    rader = list(tidbok.schemarader.select_related("tidstyp"))
    if not far_administrera(aktor):
        rader = [r for r in rader if aktor.vardenhet_id in (r.vardenhet_id, tidbok.vardenhet_id)]
    if not rader:
        raise ValidationError(_("Veckoschemat är tomt. Lägg till minst en rad först."))
    tz, nu = timezone.get_current_timezone(), timezone.now()
    nya, passerade = [], 0
    dag = fran
    while dag <= till:
        for rad in rader:
            if rad.veckodag != dag.weekday():
                continue
            for start in schema_starttider(rad, dag, tz):
                if start <= nu:
                    passerade += 1
                    continue
                nya.append(Tid(tidbok=tidbok, vardenhet_id=rad.vardenhet_id, resurs_id=rad.resurs_id,
                               tidstyp=rad.tidstyp, start=start, slut=start + rad.tidstyp.langd, kapacitet=rad.kapacitet))
        dag += datetime.timedelta(days=1)
    try:
        with transaction.atomic():
            Tid.objects.bulk_create(nya, batch_size=2000)
    except IntegrityError as err:
        if OVERLAPP_CONSTRAINT in str(err):
            raise _overlapp_fel() from err
        raise
    return SchemaResultat(skapade=len(nya), hoppade_over_passerade=passerade)


# --- booking ---


@dataclass(frozen=True)
class Deklaration:
    feber_idag: bool
    allvarlig_allergisk_reaktion: bool
    gravid: bool
    blodfortunnande: bool
    fritext: str = ""

    FALT = ("feber_idag", "allvarlig_allergisk_reaktion", "gravid", "blodfortunnande")

    @classmethod
    def fran_data(cls, data) -> Deklaration:
        """From the app's JSON; every question must be answered yes or no."""
        if not isinstance(data, dict):
            raise ValidationError(_("Hälsodeklarationen ska vara ett objekt med svar på frågorna."))
        saknas = [f for f in cls.FALT if not isinstance(data.get(f), bool)]
        if saknas:
            raise ValidationError(
                _("Svara ja eller nej på alla frågor i hälsodeklarationen (saknas: %(falt)s).") % {"falt": ", ".join(saknas)}
            )
        fritext = data.get("fritext")
        if fritext is None:
            fritext = ""
        if not isinstance(fritext, str) or len(fritext) > 1000:
            raise ValidationError(_("Fritexten ska vara text på högst 1000 tecken."))
        if otillatna_tecken(fritext):
            raise ValidationError(_("Fritexten innehåller tecken som inte är tillåtna."))
        return cls(**{f: data[f] for f in cls.FALT}, fritext=fritext.strip())

    @property
    def flaggad(self) -> bool:
        return any(getattr(self, f) for f in self.FALT) or bool(self.fritext)


def _las_tid(tid_id) -> Tid:
    try:
        return Tid.objects.select_related("tidstyp", "vardenhet", "tidbok").get(pk=int(tid_id))
    except (Tid.DoesNotExist, TypeError, ValueError) as err:
        raise ValidationError(_("Tiden finns inte."), code="finns_inte") from err


def _fullbokad() -> ValidationError:
    return ValidationError(_("Tiden är fullbokad. Välj en annan tid."), code="fullbokad")


def _ta_plats(tid: Tid) -> None:
    if not Tid.objects.filter(pk=tid.pk, bokade__lt=F("kapacitet")).update(bokade=F("bokade") + 1):
        raise _fullbokad()


def _frigor_plats(tid_id: int) -> None:
    Tid.objects.filter(pk=tid_id, bokade__gt=0).update(bokade=F("bokade") - 1)


def _sakerstall_vardrelation(*, invanare: Invanare, vardenhet_id: int, hsa_id: str = "") -> None:
    """A booking gives the unit a care relation, so its staff may see the citizen and her declaration."""
    if Vardrelation.objects.aktiva().filter(invanare=invanare, vardenhet_id=vardenhet_id).exists():
        return
    try:
        with transaction.atomic():
            Vardrelation.objects.create(invanare=invanare, vardenhet_id=vardenhet_id,
                                        anledning=_("Bokad tid"), skapad_av_hsa_id=hsa_id)
    except IntegrityError:
        pass  # a concurrent booking opened it


def _kontrollera_bokningsbar(tid: Tid, nu: datetime.datetime) -> None:
    if tid.start <= nu:
        raise ValidationError(_("Tiden har redan passerat."), code="passerad")
    if tid.bokade >= tid.kapacitet:
        # Full when read: answer at once. A free place is only ever taken by the conditional UPDATE in _ta_plats.
        raise _fullbokad()


def _skicka_kallelse(*, bokning: Bokning, aktor, skyddad_bekraftad: bool) -> None:
    backend = kallelse_backend()
    if backend is None:
        return
    dokument = backend.skicka(bokning=bokning, aktor=aktor, skyddad_bekraftad=skyddad_bekraftad)
    bokning.kallelse_id = str(getattr(dokument, "pk", dokument) or "")
    bokning.kallelse_avbokad = False
    bokning.save(update_fields=["kallelse_id", "kallelse_avbokad"])


def bokning_create_app(*, aktor: Invanare, invanare: Invanare, tid_id, halsodeklaration: dict | None) -> Bokning:
    """The citizen (or her proxy) books in the app."""
    nu = timezone.now()
    tid = _las_tid(tid_id)
    typ = tid.tidstyp
    if typ.dold or not typ.bokningsbar_i_app or not typ.aktiv:
        raise ValidationError(_("Den här tiden kan inte bokas i appen."), code="ej_bokningsbar")
    _kontrollera_bokningsbar(tid, nu)
    if tid.start - datetime.timedelta(hours=typ.boka_senast_timmar) < nu:
        raise ValidationError(
            _("Tiden kan bokas i appen senast %(h)s timmar före. Kontakta mottagningen.") % {"h": typ.boka_senast_timmar},
            code="for_sent",
        )
    kontrollera_far_boka(invanare=invanare, tid=tid, nu=nu)
    deklaration = None
    if typ.kraver_halsodeklaration:
        if halsodeklaration is None:
            raise ValidationError(_("Fyll i hälsodeklarationen för att boka den här tiden."), code="deklaration_saknas")
        deklaration = Deklaration.fran_data(halsodeklaration)
    som_ombud = aktor.pk != invanare.pk
    with transaction.atomic():
        bokning = _boka(
            tid=tid, invanare=invanare, bokad_av=BokadAv.OMBUD if som_ombud else BokadAv.INVANARE,
            bokad_av_invanare=aktor if som_ombud else None,
        )
        if deklaration is not None:
            _spara_deklaration(bokning=bokning, deklaration=deklaration, av_ombud=som_ombud, ny=True)
        efter_bokning(bokning=bokning)
        _kallelse_for_appbokning(bokning=bokning, tid=tid)
    return bokning


def _kallelse_for_appbokning(*, bokning: Bokning, tid: Tid) -> None:
    """Seed 001: citizens with an Alltid öppet account get an e-kallelse, also for a time they book themselves,
    at units that send e-kallelser. Not for a hidden time type (not bookable in the app anyway), and not for a
    protected citizen: staff agree with her how she wants to be called before a kallelse goes out. A kallelse
    that cannot be sent (say no postal address for the paper route) does not undo her booking: staff see the
    booking and call her another way."""
    if not tid.vardenhet.skickar_ekallelser or tid.tidstyp.dold or bokning.invanare.skydd_eller_hotbild:
        return
    try:
        with transaction.atomic():
            _skicka_kallelse(bokning=bokning, aktor=app_aktor(bokning), skyddad_bekraftad=False)
    except ValidationError as err:
        logger.warning("Ingen e-kallelse för appbokning %s: %s", bokning.pk, "; ".join(err.messages))


def bokning_create_staff(*, aktor: Aktor, invanare: Invanare, tid_id, skicka_kallelse: bool = False,
                         skyddad_bekraftad: bool = False, idempotensnyckel=None) -> Bokning:
    """Staff book a slot of their unit for a citizen the unit may see; optionally with an e-kallelse. With
    ``idempotensnyckel`` (the form's token) a repeat of the same form returns the booking the first one made."""
    with transaction.atomic():
        if (redan := token_ta(idempotensnyckel, vad="bokning.bokning")) is not None:
            return Bokning.objects.get(pk=redan)
        nu = timezone.now()
        tid = _las_tid(tid_id)
        if aktor.vardenhet_id not in (tid.vardenhet_id, tid.tidbok.vardenhet_id):
            raise ValidationError(_("Tiden hör inte till din enhet."), code="annan_enhet")
        _kontrollera_bokningsbar(tid, nu)
        kallelse = skicka_kallelse or tid.vardenhet.skickar_ekallelser
        if skicka_kallelse and tid.tidstyp.dold:
            raise ValidationError(
                _("Kallelse kan inte skickas för en dold tidstyp, eftersom kallelsen inte kan döljas för invånaren."),
                code="dold_kallelse",
            )
        bokning = _boka(tid=tid, invanare=invanare, bokad_av=BokadAv.PERSONAL, bokad_av_hsa_id=aktor.medarbetare_hsa_id)
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: boka tid", detalj=str(tid))
        efter_bokning(bokning=bokning)
        if kallelse and not tid.tidstyp.dold:
            _skicka_kallelse(bokning=bokning, aktor=aktor, skyddad_bekraftad=skyddad_bekraftad)
        _notis(bokning=bokning, typ=Notistyp.BOKNING_NY, aktor=aktor, skyddad_bekraftad=skyddad_bekraftad)
        token_knyt(idempotensnyckel, bokning)
    return bokning


def _notis(*, bokning: Bokning, typ: str, aktor, skyddad_bekraftad: bool) -> None:
    """A booking made or moved by staff is told to her phone; never a hidden booking (it must not show)."""
    if not bokning.tid.tidstyp.dold:
        notis_skicka(invanare=bokning.invanare, typ=typ, nyckel=f"bokning:{bokning.pk}:{typ}", aktor=aktor,
                     skyddad_bekraftad=skyddad_bekraftad)
def bokning_create_hanvisning(*, aktor: Aktor, invanare: Invanare, tid_id, vardenhet_id: int, tidstyp_kod: str,
                              nu: datetime.datetime | None = None) -> Bokning:
    """Book a time at *another* unit for a patient the staff member refers there (Hänvisningsstödet): only a slot
    of that unit and of the time type the unit keeps for referred patients (``tidstyp_kod``), never a hidden one.
    The caller checks that the referral suggests this unit; the booking opens the receiving unit's care relation."""
    nu = nu or timezone.now()
    tid = _las_tid(tid_id)
    if not tidstyp_kod or tid.vardenhet_id != vardenhet_id or tid.tidstyp.kod != tidstyp_kod or tid.tidstyp.dold:
        raise ValidationError(_("Tiden är inte en tid för hänvisade patienter på den föreslagna mottagningen."),
                              code="ej_hanvisningstid")
    _kontrollera_bokningsbar(tid, nu)
    with transaction.atomic():
        bokning = _boka(tid=tid, invanare=invanare, bokad_av=BokadAv.PERSONAL, bokad_av_hsa_id=aktor.medarbetare_hsa_id)
        atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: boka tid vid hänvisning", detalj=f"{tid} ({tid.vardenhet.namn})")
    return bokning


def _redan_bokad() -> ValidationError:
    return ValidationError(_("Det finns redan en bokning på den här tiden för samma person."), code="redan_bokad")


def _boka(*, tid: Tid, invanare: Invanare, bokad_av: str, bokad_av_invanare=None, bokad_av_hsa_id="",
          flyttad_fran: Bokning | None = None) -> Bokning:
    if Bokning.objects.aktiva().filter(tid=tid, invanare=invanare).exists():
        raise _redan_bokad()
    _ta_plats(tid)
    try:
        with transaction.atomic():
            bokning = Bokning.objects.create(
                tid=tid, invanare=invanare, vardenhet_id=tid.vardenhet_id, bokad_av=bokad_av,
                bokad_av_invanare=bokad_av_invanare, bokad_av_hsa_id=bokad_av_hsa_id, flyttad_fran=flyttad_fran,
            )
    except IntegrityError as err:
        # A concurrent request booked the same slot for her first (bokning_en_aktiv_per_tid_och_invanare): the
        # answer a sequential duplicate gets. Raising rolls back the place taken above.
        raise _redan_bokad() from err
    _sakerstall_vardrelation(invanare=invanare, vardenhet_id=tid.vardenhet_id, hsa_id=bokad_av_hsa_id)
    return bokning


def _spara_deklaration(*, bokning: Bokning, deklaration: Deklaration, av_ombud: bool, ny: bool = False) -> Halsodeklaration:
    falt = dict(
        feber_idag=deklaration.feber_idag,
        allvarlig_allergisk_reaktion=deklaration.allvarlig_allergisk_reaktion,
        gravid=deklaration.gravid,
        blodfortunnande=deklaration.blodfortunnande,
        fritext=deklaration.fritext,
        flaggad=deklaration.flaggad,
        ifylld=timezone.now(),
        ifylld_av_ombud=av_ombud,
    )
    if ny:
        return Halsodeklaration.objects.create(bokning=bokning, **falt)
    return Halsodeklaration.objects.update_or_create(bokning=bokning, defaults=falt)[0]


def _las_app_bokning(*, invanare: Invanare, bokning_id) -> Bokning:
    try:
        return (
            Bokning.objects.synliga_i_appen().select_for_update(of=("self",))
            .select_related("tid__tidstyp", "vardenhet", "invanare")
            .get(pk=int(bokning_id), invanare=invanare)
        )
    except (Bokning.DoesNotExist, TypeError, ValueError) as err:
        raise ValidationError(_("Bokningen finns inte."), code="finns_inte") from err


def halsodeklaration_app_spara(*, aktor: Invanare, invanare: Invanare, bokning_id, data) -> Halsodeklaration:
    deklaration = Deklaration.fran_data(data)
    with transaction.atomic():
        bokning = _las_app_bokning(invanare=invanare, bokning_id=bokning_id)
        if not bokning.ar_aktiv or bokning.tid.start <= timezone.now():
            raise ValidationError(_("Hälsodeklarationen kan bara fyllas i före besöket."), code="ej_aktiv")
        return _spara_deklaration(bokning=bokning, deklaration=deklaration, av_ombud=aktor.pk != invanare.pk)


# --- cancelling ---


def _avboka(*, bokning: Bokning, av: str, hsa_id: str, kallelse_aktor) -> Bokning:
    if not bokning.ar_aktiv:
        raise ValidationError(_("Bokningen är inte längre aktiv (%(status)s).") % {"status": bokning.get_status_display().lower()},
                              code="ej_aktiv")
    if bokning.tid.start <= timezone.now():
        raise ValidationError(_("Tiden har redan passerat och kan inte avbokas. Markera besöket som genomfört eller uteblivet."),
                              code="passerad")
    bokning.status = Bokning.Status.AVBOKAD
    bokning.avbokad_av = av
    bokning.avbokad_av_hsa_id = hsa_id
    bokning.avbokad_tidpunkt = timezone.now()
    bokning.save(update_fields=["status", "avbokad_av", "avbokad_av_hsa_id", "avbokad_tidpunkt"])
    _frigor_plats(bokning.tid_id)
    backend = kallelse_backend()
    if bokning.kallelse_id and not bokning.kallelse_avbokad and backend is not None:
        backend.avboka(bokning=bokning, aktor=kallelse_aktor)
        bokning.kallelse_avbokad = True
        bokning.save(update_fields=["kallelse_avbokad"])
    return bokning


def app_aktor(bokning: Bokning) -> Aktor:
    """Who acts when the citizen cancels in the app, for the kallelse backend and its access-log row: no staff
    member, the unit of the booking. (The backend takes an Aktor; a citizen is not one.)"""
    enhet = bokning.vardenhet
    return Aktor(medarbetare_id=0, medarbetare_hsa_id="", medarbetare_namn=_("Invånaren i Alltid öppet"), uppdrag_id=0,
                 vardenhet_id=enhet.pk, vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn, roll="")


def bokning_cancel_app(*, aktor: Invanare, invanare: Invanare, bokning_id) -> Bokning:
    with transaction.atomic():
        bokning = _las_app_bokning(invanare=invanare, bokning_id=bokning_id)
        typ = bokning.tid.tidstyp
        if not typ.avbokningsbar_i_app:
            raise ValidationError(_("Den här tiden kan inte avbokas i appen. Kontakta mottagningen."), code="ej_avbokningsbar")
        if bokning.ar_aktiv and timezone.now() > bokning.tid.start - datetime.timedelta(hours=typ.avboka_senast_timmar):
            raise ValidationError(
                _("Det är för sent att avboka i appen: avboka senast %(h)s timmar före besöket. Kontakta mottagningen.")
                % {"h": typ.avboka_senast_timmar},
                code="for_sent",
            )
        av = BokadAv.OMBUD if aktor.pk != invanare.pk else BokadAv.INVANARE
        return _avboka(bokning=bokning, av=av, hsa_id="", kallelse_aktor=app_aktor(bokning))


def _las_enhetens_bokning(*, aktor: Aktor, bokning_id) -> Bokning:
    try:
        bokning = (
            Bokning.objects.select_for_update(of=("self",))
            .select_related("tid__tidstyp", "tid__tidbok", "vardenhet", "invanare")
            .get(pk=int(bokning_id))
        )
    except (Bokning.DoesNotExist, TypeError, ValueError) as err:
        raise ValidationError(_("Bokningen finns inte."), code="finns_inte") from err
    if aktor.vardenhet_id not in (bokning.vardenhet_id, bokning.tid.tidbok.vardenhet_id):
        raise ValidationError(_("Bokningen finns inte."), code="finns_inte")
    return bokning


def bokning_cancel_staff(*, aktor: Aktor, bokning_id) -> Bokning:
    with transaction.atomic():
        bokning = _las_enhetens_bokning(aktor=aktor, bokning_id=bokning_id)
        _avboka(bokning=bokning, av=BokadAv.PERSONAL, hsa_id=aktor.medarbetare_hsa_id, kallelse_aktor=aktor)
        atkomst_logga(aktor=aktor, invanare=bokning.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: avboka", detalj=str(bokning.tid))
    return bokning


def bokning_move(*, aktor: Aktor, bokning_id, ny_tid_id, skyddad_bekraftad: bool = False) -> Bokning:
    """Move a booking to another slot of the unit, in one transaction: the new place is taken first, then the old
    booking is cancelled (its place freed, its kallelse cancelled) and a new booking made with the same declaration.
    A new booking row rather than a changed one: a kallelse belongs to one booking and one time."""
    with transaction.atomic():
        gammal = _las_enhetens_bokning(aktor=aktor, bokning_id=bokning_id)
        if not gammal.ar_aktiv:
            raise ValidationError(_("Bara en aktiv bokning kan flyttas."), code="ej_aktiv")
        ny = _las_tid(ny_tid_id)
        if ny.pk == gammal.tid_id:
            raise ValidationError(_("Välj en annan tid än den bokade."))
        if aktor.vardenhet_id not in (ny.vardenhet_id, ny.tidbok.vardenhet_id):
            raise ValidationError(_("Tiden hör inte till din enhet."), code="annan_enhet")
        _kontrollera_bokningsbar(ny, timezone.now())
        if ny.tidstyp_id != gammal.tid.tidstyp_id:
            raise ValidationError(_("Den nya tiden har en annan tidstyp."))
        hade_kallelse = bool(gammal.kallelse_id) and not gammal.kallelse_avbokad
        _avboka(bokning=gammal, av=BokadAv.PERSONAL, hsa_id=aktor.medarbetare_hsa_id, kallelse_aktor=aktor)
        bokning = _boka(tid=ny, invanare=gammal.invanare, bokad_av=BokadAv.PERSONAL, bokad_av_hsa_id=aktor.medarbetare_hsa_id,
                        flyttad_fran=gammal)
        efter_bokning(bokning=bokning)  # e.g. the new time's video meeting; the old one went with the old booking
        deklaration = Halsodeklaration.objects.filter(bokning=gammal).first()
        if deklaration is not None:
            deklaration.pk, deklaration.bokning = None, bokning
            deklaration.save(force_insert=True)
        if hade_kallelse and not ny.tidstyp.dold:
            _skicka_kallelse(bokning=bokning, aktor=aktor, skyddad_bekraftad=skyddad_bekraftad)
        _notis(bokning=bokning, typ=Notistyp.BOKNING_FLYTTAD, aktor=aktor, skyddad_bekraftad=skyddad_bekraftad)
        atkomst_logga(aktor=aktor, invanare=bokning.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: flytta", detalj=str(ny))
    return bokning


# --- after the visit ---


def _kontrollera_besoksdag(bokning: Bokning) -> None:
    if timezone.localdate(bokning.tid.start) > timezone.localdate():
        raise ValidationError(_("Besöket är inte i dag än. Det kan markeras först på besöksdagen."), code="framtida")


def bokning_utfall_set(*, aktor: Aktor, bokning_id, status: str) -> Bokning:
    if status not in (Bokning.Status.GENOMFORD, Bokning.Status.UTEBLEV):
        raise ValidationError(_("Okänt utfall."))
    with transaction.atomic():
        bokning = _las_enhetens_bokning(aktor=aktor, bokning_id=bokning_id)
        if not bokning.ar_aktiv:
            raise ValidationError(_("Bokningen är inte aktiv (%(status)s).") % {"status": bokning.get_status_display().lower()},
                                  code="ej_aktiv")
        _kontrollera_besoksdag(bokning)
        bokning.status = status
        bokning.status_andrad_av_hsa_id = aktor.medarbetare_hsa_id
        bokning.save(update_fields=["status", "status_andrad_av_hsa_id"])
        atkomst_logga(aktor=aktor, invanare=bokning.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: markera besök", detalj=bokning.get_status_display())
    return bokning


def vaccination_register(*, aktor: Aktor, bokning_id, produkt: str, batchnummer: str, dos: int, stalle: str) -> Vaccination:
    """Record a given vaccination; the booking becomes done."""
    with transaction.atomic():
        bokning = _las_enhetens_bokning(aktor=aktor, bokning_id=bokning_id)
        if not bokning.tid.tidstyp.vaccination:
            raise ValidationError(_("Tiden är ingen vaccinationstid."))
        if bokning.status not in (Bokning.Status.BOKAD, Bokning.Status.GENOMFORD):
            raise ValidationError(_("Bokningen är %(status)s; ingen vaccination kan registreras.")
                                  % {"status": bokning.get_status_display().lower()}, code="ej_aktiv")
        if Vaccination.objects.filter(bokning=bokning).exists():
            raise ValidationError(_("Vaccinationen är redan registrerad för den här bokningen."), code="redan")
        _kontrollera_besoksdag(bokning)
        vaccination = Vaccination(
            bokning=bokning, invanare=bokning.invanare, vardenhet_id=bokning.vardenhet_id, tidstyp=bokning.tid.tidstyp,
            produkt=produkt.strip(), batchnummer=batchnummer.strip(), dos=dos, stalle=stalle,
            given_av_hsa_id=aktor.medarbetare_hsa_id, given_av_namn=aktor.medarbetare_namn,
        )
        vaccination.full_clean(exclude=["bokning", "invanare", "vardenhet", "tidstyp"])
        vaccination.save()
        bokning.status = Bokning.Status.GENOMFORD
        bokning.status_andrad_av_hsa_id = aktor.medarbetare_hsa_id
        bokning.save(update_fields=["status", "status_andrad_av_hsa_id"])
        atkomst_logga(aktor=aktor, invanare=bokning.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                      vad="bokning: registrera vaccination", detalj=f"{vaccination.produkt} dos {vaccination.dos}")
    return vaccination


# --- the regional administrator (4US admin) ---


def tidstyp_update(*, aktor: Aktor, tidstyp: Tidstyp, data: dict) -> Tidstyp:
    if not far_administrera(aktor):
        raise ValidationError(_("Bara regionala administratörer (4US admin) kan ändra tidstyper."))
    for falt, varde in data.items():
        setattr(tidstyp, falt, varde)
    if tidstyp.dold and tidstyp.bokningsbar_i_app:
        raise ValidationError(_("En dold tidstyp kan inte vara bokningsbar i appen."))
    tidstyp.full_clean()
    tidstyp.save()
    return tidstyp


def tidstyp_create(*, aktor: Aktor, data: dict) -> Tidstyp:
    if not far_administrera(aktor):
        raise ValidationError(_("Bara regionala administratörer (4US admin) kan lägga upp tidstyper."))
    tidstyp = Tidstyp(**data)
    if not tidstyp.kod:
        tidstyp.kod = slugify(tidstyp.namn)[:60]
    if Tidstyp.objects.filter(kod=tidstyp.kod).exists():
        raise ValidationError(_("Det finns redan en tidstyp med namnet %(namn)s.") % {"namn": tidstyp.namn})
    return tidstyp_update(aktor=aktor, tidstyp=tidstyp, data={})


def tid_delete(*, aktor: Aktor, tid_id) -> None:
    """Remove a slot that nobody has booked (a booked slot is emptied by cancelling its bookings first)."""
    if not far_schemalagga(aktor):
        raise ValidationError(_("Bara schemaläggare och regionala administratörer kan ta bort tider."))
    with transaction.atomic():
        tid = Tid.objects.select_for_update().select_related("tidbok").filter(pk=tid_id).first()
        if tid is None or not (far_administrera(aktor) or aktor.vardenhet_id in (tid.vardenhet_id, tid.tidbok.vardenhet_id)):
            raise ValidationError(_("Tiden finns inte."), code="finns_inte")
        if tid.bokade or tid.bokningar.exists():
            raise ValidationError(_("Tiden har bokningar och kan inte tas bort. Avboka eller flytta dem först."))
        tid.delete()


def vardenhet_update(*, aktor: Aktor, vardenhet: Vardenhet, data: dict) -> Vardenhet:
    if not far_administrera(aktor):
        raise ValidationError(_("Bara regionala administratörer (4US admin) kan ändra enhetens uppgifter."))
    for falt, varde in data.items():
        setattr(vardenhet, falt, varde)
    vardenhet.full_clean()
    vardenhet.save()
    return vardenhet


def schemalaggare_add(*, aktor: Aktor, hsa_id: str, vardenhet: Vardenhet, giltig_till: datetime.date | None = None):
    """Give a staff member the scheduler role at a unit (seed: "lägga till användare för schemaläggning")."""
    from vardportalen.models import Medarbetare

    if not far_administrera(aktor):
        raise ValidationError(_("Bara regionala administratörer (4US admin) kan lägga till schemaläggare."))
    medarbetare = Medarbetare.objects.filter(hsa_id=hsa_id.strip(), is_active=True).first()
    if medarbetare is None:
        raise ValidationError(_("Det finns ingen aktiv medarbetare med HSA-id %(hsa)s.") % {"hsa": hsa_id.strip()[:48]})
    idag = timezone.localdate()
    if Medarbetaruppdrag.objects.aktiva().filter(medarbetare=medarbetare, vardenhet=vardenhet,
                                                 roll=Roll.SCHEMALAGGARE).exists():
        raise ValidationError(_("%(namn)s är redan schemaläggare på enheten.") % {"namn": medarbetare.namn})
    return Medarbetaruppdrag.objects.create(medarbetare=medarbetare, vardenhet=vardenhet, roll=Roll.SCHEMALAGGARE,
                                            giltig_fran=idag, giltig_till=giltig_till)


def resurs_create(*, aktor: Aktor, vardenhet: Vardenhet, namn: str, typ: str) -> Resurs:
    if not far_schemalagga(aktor):
        raise ValidationError(_("Bara schemaläggare och regionala administratörer kan lägga upp resurser."))
    if not (far_administrera(aktor) or aktor.vardenhet_id == vardenhet.pk):
        raise ValidationError(_("Du kan bara lägga upp resurser för din egen enhet."))
    resurs = Resurs(vardenhet=vardenhet, namn=namn.strip(), typ=typ)
    resurs.full_clean()
    resurs.save()
    return resurs

