"""Writes of forlossning: register, correct BF, set wishes (app or staff), capacity, move, end a pregnancy.

Every change of a citizen's data writes one access-log row in the same transaction. Changes that the
allocation reads (BF, wishes, capacity) take the allocation's advisory lock in shared mode, so they never
interleave with a run (which takes it exclusively).
"""
from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from forlossning import graviditetsvecka as gv
from forlossning import klocka
from forlossning.brev import BREV_FLYTT, beslutsbrev_skicka
from forlossning.fordelning.korning import LAS_NYCKEL, fordelning_kor, kliniker_aktiva
from forlossning.models import (
    Avslut,
    Beslut,
    Flytt,
    Fordelningskorning,
    Graviditet,
    Kapacitet,
    Onskemal,
    OnskemalHandelse,
)
from invanare.models import Invanare, Vardrelation
from notiser.regler import kraver_personalens_val
from notiser.sms.services import sms_enqueue
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga
from vardportalen.idempotens import token_knyt, token_ta
from vardportalen.models import Roll, Vardenhet

MAX_VECKOR_FRAM = 45
REGISTRERANDE_ENHETER = (Vardenhet.Typ.BARNMORSKEMOTTAGNING, Vardenhet.Typ.FORLOSSNINGSKLINIK)


def _las_delat() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [LAS_NYCKEL])


def far_registrera(*, roll: str, enhetstyp: str) -> bool:
    """A midwife at a midwife clinic or a birth clinic registers pregnancies and records wishes."""
    return roll == Roll.BARNMORSKA and enhetstyp in REGISTRERANDE_ENHETER


def _enhetstyp(aktor: Aktor) -> str | None:
    return Vardenhet.objects.filter(pk=aktor.vardenhet_id).values_list("typ", flat=True).first()


def far_skriva_onskemal(*, aktor: Aktor, enhetstyp: str | None, invanare: Invanare) -> bool:
    """Seed 000: for a reservnummer patient »ska barnmorskan (eller annan berörd personal) skriva in önskemålet«.
    Staff concerned, whatever their role: those of a birth clinic, and those of her own barnmorskemottagning
    (one with an active care relation with her)."""
    if enhetstyp == Vardenhet.Typ.FORLOSSNINGSKLINIK:
        return True
    return enhetstyp == Vardenhet.Typ.BARNMORSKEMOTTAGNING and Vardrelation.objects.aktiva().filter(
        invanare=invanare, vardenhet_id=aktor.vardenhet_id).exists()


def _krav_barnmorska(aktor: Aktor) -> None:
    if not far_registrera(roll=aktor.roll, enhetstyp=_enhetstyp(aktor)):
        raise PermissionDenied(_("Bara barnmorskor på en barnmorskemottagning eller förlossningsklinik får göra detta."))


def _logga(aktor: Aktor, invanare: Invanare, vad: str, detalj: str = "") -> None:
    atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                  vad=vad, detalj=detalj)


def bf_validera(*, bf: datetime.date | None, idag: datetime.date, falt: str = "bf") -> None:
    if bf is None:
        raise ValidationError({falt: _("Ange beräknad förlossning (BF) som ÅÅÅÅ-MM-DD.")})
    if bf <= idag:
        raise ValidationError({falt: _("BF %(bf)s har redan passerat. Ange ett datum efter i dag.") % {"bf": bf}})
    if bf > idag + datetime.timedelta(weeks=MAX_VECKOR_FRAM):
        raise ValidationError({falt: _("BF %(bf)s ligger mer än %(v)s veckor fram i tiden. Kontrollera datumet.")
                               % {"bf": bf, "v": MAX_VECKOR_FRAM}})


def _redan_registrerad() -> ValidationError:
    return ValidationError(_("Invånaren har redan en registrerad graviditet."), code="redan_registrerad")


def graviditet_registrera(*, aktor: Aktor, invanare: Invanare, mhv1_datum: datetime.date, bf: datetime.date,
                          patientnotering: str = "", sms_skyddad_bekraftad: bool = False,
                          nu: datetime.datetime | None = None, idempotensnyckel=None) -> Graviditet:
    """Register the pregnancy when MHV1 is opened: SMS invitation to choose; decided at once after 22+0.
    With ``idempotensnyckel`` (the form's token) a repeat of the same form returns the pregnancy it registered."""
    nu = nu or klocka.nu()
    idag = klocka.idag(nu)
    _krav_barnmorska(aktor)
    with transaction.atomic():
        if (redan := token_ta(idempotensnyckel, vad="forlossning.graviditet")) is not None:
            return Graviditet.objects.get(pk=redan)
        bf_validera(bf=bf, idag=idag)
        if mhv1_datum is None or mhv1_datum > idag:
            raise ValidationError({"mhv1_datum": _("MHV1 kan inte ha öppnats i framtiden.")})
        if mhv1_datum < bf - datetime.timedelta(days=gv.BF_DAGAR):
            raise ValidationError({"mhv1_datum": _("MHV1 kan inte ha öppnats före graviditeten "
                                                   "(mer än 40 veckor före BF).")})
        _las_delat()
        if Graviditet.objects.aktiva().filter(invanare=invanare).exists():
            raise _redan_registrerad()
        g = Graviditet(invanare=invanare, mhv1_datum=mhv1_datum, bf=bf, registrerad=nu,
                       registrerad_vid_id=aktor.vardenhet_id, registrerad_av_hsa_id=aktor.medarbetare_hsa_id,
                       registrerad_av_namn=aktor.medarbetare_namn, patientnotering=patientnotering,
                       sms_skyddad_bekraftad=sms_skyddad_bekraftad and kraver_personalens_val(invanare))
        g.full_clean(validate_constraints=False)  # the constraint is checked by the insert below: one message
        try:
            with transaction.atomic():
                g.save()
        except IntegrityError as err:  # a double submit won the race (en_aktiv_graviditet_per_invanare)
            raise _redan_registrerad() from err
        _logga(aktor, invanare, "förlossning: registrera graviditet", f"BF {bf}")
        if not invanare.har_reservnummer and idag <= g.sista_valdag:
            sms_enqueue(
                invanare=invanare, idempotensnyckel=f"forlossning:inbjudan:{g.pk}", syfte="forlossning_inbjudan",
                text=_("Alltid öppet: Välj vilken förlossningsklinik du önskar föda på i appen Alltid öppet. "
                       "Du kan ändra dig till och med %(dag)s.") % {"dag": g.sista_valdag.isoformat()},
                skyddad_bekraftad=g.sms_skyddad_bekraftad, aktor=aktor, nu=nu,
            )
        token_knyt(idempotensnyckel, g)
    if idag >= g.beslutsdag:
        fordelning_kor(nu=nu, typ=Fordelningskorning.Typ.OMEDELBAR, graviditet_ids=[g.pk])
    return g


def graviditet_bf_andra(*, aktor: Aktor, graviditet: Graviditet, bf: datetime.date,
                        nu: datetime.datetime | None = None) -> Graviditet:
    """Correct BF (ultrasound) until the clinic is decided."""
    nu = nu or klocka.nu()
    idag = klocka.idag(nu)
    _krav_barnmorska(aktor)
    bf_validera(bf=bf, idag=idag)
    with transaction.atomic():
        _las_delat()
        g = Graviditet.objects.select_for_update().select_related("invanare").get(pk=graviditet.pk)
        if Beslut.objects.filter(graviditet=g).exists():
            raise ValidationError({"bf": _("Kliniken är redan fördelad; BF kan inte längre ändras här.")})
        gammal, g.bf = g.bf, bf
        g.save(update_fields=["bf"])
        _logga(aktor, g.invanare, "förlossning: ändra BF", f"BF {gammal} -> {bf}")
    if idag >= g.beslutsdag:
        fordelning_kor(nu=nu, typ=Fordelningskorning.Typ.OMEDELBAR, graviditet_ids=[g.pk])
    return g


def _onskemal_spara(*, graviditet: Graviditet, kliniker: list, kalla: str, av: str, av_hsa_id: str, nu) -> Graviditet:
    idag = klocka.idag(nu)
    if not isinstance(kliniker, list) or not 1 <= len(kliniker) <= 7:
        raise ValidationError({"kliniker": _("Ange mellan en och sju kliniker i önskad ordning.")})
    if any(not isinstance(k, int) or isinstance(k, bool) for k in kliniker):
        raise ValidationError({"kliniker": _("Klinikerna anges med sina id-nummer (heltal).")})
    if len(set(kliniker)) != len(kliniker):
        raise ValidationError({"kliniker": _("Samma klinik får bara finnas med en gång i rangordningen.")})
    giltiga = {k.pk: k for k in kliniker_aktiva()}
    okanda = [k for k in kliniker if k not in giltiga]
    if okanda:
        raise ValidationError({"kliniker": _("Okänd förlossningsklinik: %(id)s.") % {"id": ", ".join(map(str, okanda))}})
    with transaction.atomic():
        _las_delat()
        g = Graviditet.objects.select_for_update().select_related("invanare").get(pk=graviditet.pk)
        if Beslut.objects.filter(graviditet=g).exists():
            raise ValidationError({"kliniker": _("Kliniken är redan fördelad; önskemålen kan inte längre ändras.")})
        if idag > g.sista_valdag:
            raise ValidationError({"kliniker": _(
                "Önskemål kan bara ändras till och med graviditetsvecka 21+6 (%(dag)s).") % {"dag": g.sista_valdag}})
        g.onskemal.all().delete()
        Onskemal.objects.bulk_create([Onskemal(graviditet=g, klinik_id=k, rang=i) for i, k in enumerate(kliniker, 1)])
        g.onskemal_andrad, g.onskemal_kalla, g.onskemal_andrad_av = nu, kalla, av[:200]
        g.save(update_fields=["onskemal_andrad", "onskemal_kalla", "onskemal_andrad_av"])
        OnskemalHandelse.objects.create(graviditet=g, tidpunkt=nu, kalla=kalla, av=av[:200], av_hsa_id=av_hsa_id,
                                        kliniker=[giltiga[k].namn for k in kliniker])
    return g


def onskemal_fran_app(*, aktor: Invanare, invanare: Invanare, kliniker, nu: datetime.datetime | None = None) -> Graviditet:
    """The citizen (or her proxy) ranks clinics in the app."""
    nu = nu or klocka.nu()
    if invanare.har_reservnummer:
        raise ValidationError(_("Med reservnummer görs önskemålet hos barnmorskan, inte i appen."))
    g = Graviditet.objects.aktiva().filter(invanare=invanare).first()
    if g is None:
        raise ValidationError(_("Det finns ingen registrerad graviditet att välja förlossningsklinik för."))
    som_ombud = aktor.pk != invanare.pk
    if not som_ombud:
        av = _("%(namn)s själv") % {"namn": aktor.namn}
    elif aktor.ar_skyddad or invanare.ar_skyddad:
        # Shown on her page to staff: a protected proxy, or any relative of a protected woman, is not named.
        av = _("Ombud (namn visas inte: skyddade personuppgifter)")
    else:
        av = aktor.namn
    return _onskemal_spara(
        graviditet=g, kliniker=kliniker, nu=nu, av_hsa_id="",
        kalla=Graviditet.Kalla.OMBUD if som_ombud else Graviditet.Kalla.APP, av=av,
    )


def onskemal_fran_personal(*, aktor: Aktor, graviditet: Graviditet, kliniker: list, patientnotering: str = "",
                           nu: datetime.datetime | None = None) -> Graviditet:
    """The midwife or other staff concerned (``far_skriva_onskemal``) write the wish into the patient note for a
    reservnummer patient (the app can't); who and in which role is recorded with the wish."""
    nu = nu or klocka.nu()
    if not graviditet.invanare.har_reservnummer:
        raise ValidationError(_("Invånaren väljer själv i appen Alltid öppet; personalen registrerar önskemål "
                                "bara för patienter med reservnummer."))
    if not far_skriva_onskemal(aktor=aktor, enhetstyp=_enhetstyp(aktor), invanare=graviditet.invanare):
        raise PermissionDenied(_("Bara personal på kvinnans barnmorskemottagning eller på en förlossningsklinik får "
                                 "skriva in önskemålet."))
    with transaction.atomic():
        g = _onskemal_spara(graviditet=graviditet, kliniker=kliniker, kalla=Graviditet.Kalla.PERSONAL,
                            av=f"{aktor.medarbetare_namn} ({Roll(aktor.roll).label.lower()}), {aktor.vardenhet_namn}",
                            av_hsa_id=aktor.medarbetare_hsa_id,
                            nu=nu)
        if patientnotering:
            g.patientnotering = patientnotering[:2000]
            g.save(update_fields=["patientnotering"])
        _logga(aktor, g.invanare, "förlossning: önskemål i patientnotering", f"{len(kliniker)} kliniker")
    return g


def kapacitet_satt(*, aktor: Aktor, andringar: list[tuple[int, datetime.date, int]],
                   nu: datetime.datetime | None = None) -> int:
    """Set places per clinic and week (regional planner). All or nothing; never below what is decided."""
    nu = nu or klocka.nu()
    if aktor.roll != Roll.REGIONAL_PLANERARE:
        raise PermissionDenied(_("Bara regional planerare får ändra förlossningskapaciteten."))
    kliniker = {k.pk: k for k in Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK)}
    fel = []
    with transaction.atomic():
        _las_delat()
        for klinik_id, vecka, platser in andringar:
            klinik = kliniker.get(klinik_id)
            if klinik is None:
                fel.append(_("Okänd förlossningsklinik: %(id)s.") % {"id": klinik_id})
                continue
            if vecka.isoweekday() != 1:
                fel.append(_("Veckan anges med sin måndag."))
                continue
            if not isinstance(platser, int) or platser < 0:
                fel.append(_("%(klinik)s %(v)s: antalet platser måste vara ett heltal, noll eller mer.")
                           % {"klinik": klinik.namn, "v": gv.vecka_text(vecka)})
                continue
            beslutade = Beslut.objects.filter(klinik=klinik, vecka=vecka).count()
            if platser < beslutade:
                fel.append(_("%(klinik)s %(v)s: %(n)s kvinnor har redan fått plats, kapaciteten kan inte sättas "
                             "till %(p)s.") % {"klinik": klinik.namn, "v": gv.vecka_text(vecka), "n": beslutade,
                                               "p": platser})
                continue
            Kapacitet.objects.update_or_create(
                klinik=klinik, vecka=vecka,
                defaults={"platser": platser, "andrad": nu, "andrad_av_hsa_id": aktor.medarbetare_hsa_id,
                          "andrad_av_namn": aktor.medarbetare_namn})
        if fel:
            transaction.set_rollback(True)
            raise ValidationError(fel)
    return len(andringar)


def far_flytta(*, aktor: Aktor, beslut: Beslut | None) -> bool:
    """Only the verksamhetschef of the clinic she is decided to moves her."""
    return aktor.roll == Roll.VERKSAMHETSCHEF and beslut is not None and beslut.klinik_id == aktor.vardenhet_id


def beslut_flytta(*, aktor: Aktor, graviditet: Graviditet, till_klinik_id: int, medicinsk_orsak: str,
                  nu: datetime.datetime | None = None) -> Flytt:
    """The verksamhetschef of the decided clinic moves her elsewhere for a medical reason: recorded,
    logged, new care relation, new SMS."""
    nu = nu or klocka.nu()
    orsak = (medicinsk_orsak or "").strip()
    if aktor.roll != Roll.VERKSAMHETSCHEF:  # before the reason: no hint to others of what the form would take
        raise PermissionDenied(_("Bara verksamhetschefen för den tilldelade kliniken kan flytta en kvinna."))
    if len(orsak) < 10:
        raise ValidationError({"medicinsk_orsak": _("Beskriv den medicinska orsaken (minst tio tecken).")})
    with transaction.atomic():
        beslut = Beslut.objects.select_for_update().select_related("graviditet__invanare", "klinik").filter(
            graviditet=graviditet).first()
        if beslut is None:
            raise ValidationError(_("Kvinnan har ännu ingen tilldelad klinik att flytta från."))
        if not far_flytta(aktor=aktor, beslut=beslut):
            raise PermissionDenied(_("Bara verksamhetschefen för den tilldelade kliniken kan flytta en kvinna."))
        till = Vardenhet.objects.filter(pk=till_klinik_id, typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, aktiv=True).first()
        if till is None:
            raise ValidationError({"till_klinik": _("Välj en aktiv förlossningsklinik.")})
        if till.pk == beslut.klinik_id:
            raise ValidationError({"till_klinik": _("Kvinnan har redan plats på %(k)s.") % {"k": till.namn}})
        invanare = beslut.graviditet.invanare
        flytt = Flytt.objects.create(beslut=beslut, fran_klinik=beslut.klinik, till_klinik=till, medicinsk_orsak=orsak,
                                     tidpunkt=nu, av_hsa_id=aktor.medarbetare_hsa_id, av_namn=aktor.medarbetare_namn,
                                     vardenhet_hsa_id=aktor.vardenhet_hsa_id)
        beslut.klinik = till
        beslut.save(update_fields=["klinik"])
        Vardrelation.objects.bulk_create(
            [Vardrelation(invanare=invanare, vardenhet=till, fran=nu, anledning=_("Flyttad förlossningsplats"),
                          skapad_av_hsa_id=aktor.medarbetare_hsa_id)], ignore_conflicts=True)
        _logga(aktor, invanare, "förlossning: flytta förlossningsplats",
               f"Från {flytt.fran_klinik.namn} till {till.namn} av medicinsk orsak")
        sms_enqueue(
            invanare=invanare, idempotensnyckel=f"forlossning:flytt:{flytt.pk}", syfte="forlossning_flytt",
            text=(_("Region Stockholm: Din förlossningsplats är ändrad till %(k)s. Din barnmorska eller kliniken "
                    "berättar mer.") if invanare.har_reservnummer else  # no app for her (issue 15 item 3)
                  _("Alltid öppet: Din förlossningsplats är ändrad till %(k)s. Din barnmorska eller kliniken "
                    "berättar mer. Se appen Alltid öppet.")) % {"k": till.namn},
            skyddad_bekraftad=beslut.graviditet.sms_skyddad_bekraftad, aktor=aktor, nu=nu,
        )
        beslutsbrev_skicka(graviditet=beslut.graviditet, klinik=till, vecka=beslut.vecka, aktor=aktor, flyttad=True,
                           nyckel=BREV_FLYTT.format(flytt=flytt.pk))
    return flytt


def far_avsluta(*, aktor: Aktor, enhetstyp: str, beslut: Beslut | None) -> bool:
    """The midwife (who registered it, or any midwife at a midwife clinic or birth clinic), or anyone with a
    commission at the clinic she is decided to (they see the birth), ends a pregnancy."""
    return far_registrera(roll=aktor.roll, enhetstyp=enhetstyp) or (
        beslut is not None and beslut.klinik_id == aktor.vardenhet_id)


def graviditet_avsluta(*, aktor: Aktor, graviditet: Graviditet, orsak: str,
                       nu: datetime.datetime | None = None) -> Graviditet:
    """End the pregnancy (birth, miscarriage, moved away, wrongly registered): she leaves the allocation and its
    reminders, her decision and wishes stay as history, and a new pregnancy can be registered."""
    nu = nu or klocka.nu()
    if orsak not in Avslut.values:
        raise ValidationError({"orsak": _("Välj varför graviditeten avslutas.")})
    with transaction.atomic():
        _las_delat()
        g = Graviditet.objects.select_for_update().select_related("invanare").get(pk=graviditet.pk)
        if g.avslutad is not None:
            raise ValidationError(_("Graviditeten är redan avslutad."))
        if not far_avsluta(aktor=aktor, enhetstyp=_enhetstyp(aktor), beslut=Beslut.objects.filter(graviditet=g).first()):
            raise PermissionDenied(_("Bara barnmorskor eller personal på den tilldelade kliniken får avsluta en "
                                     "graviditet."))
        g.avslutad, g.avslutad_orsak = nu, orsak
        g.avslutad_av_namn, g.avslutad_av_hsa_id = aktor.medarbetare_namn, aktor.medarbetare_hsa_id
        g.save(update_fields=["avslutad", "avslutad_orsak", "avslutad_av_namn", "avslutad_av_hsa_id"])
        _logga(aktor, g.invanare, "förlossning: avsluta graviditet", str(Avslut(orsak).label))
    return g
