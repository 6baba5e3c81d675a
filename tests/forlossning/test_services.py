"""Registering, correcting BF, wishes (app and patient note), capacity and moves: rules and bad input."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut, Flytt, Graviditet, Kapacitet, Onskemal
from forlossning.services import (
    beslut_flytta,
    graviditet_bf_andra,
    graviditet_registrera,
    kapacitet_satt,
    onskemal_fran_app,
    onskemal_fran_personal,
)
from invanare.models import Vardrelation
from notiser.models import SmsUtgaende
from tests.fixtures.forlossning import bf_for_22_0, gravid
from tests.fixtures.forlossning import kapacitet_satt as kap
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, aktor_for
from vardportalen.models import Atkomstlogg, Roll, Vardenhet


def _i_morgon(idag: datetime.date) -> datetime.datetime:
    """Noon tomorrow, Stockholm time. Not now + 24 hours: on the night the clocks go back, 00:30 + 24 h is
    23:30 the same day."""
    return timezone.make_aware(datetime.datetime.combine(idag + datetime.timedelta(days=1), datetime.time(12)))


@pytest.fixture
def idag():
    return timezone.localdate()


def _registrera(barnmorska, patient, bf, **kw):
    return graviditet_registrera(aktor=aktor_for(barnmorska), invanare=patient, bf=bf,
                                 mhv1_datum=kw.pop("mhv1_datum", timezone.localdate()), **kw)


def test_midwife_registers_and_an_sms_invites_her_to_choose(barnmorska, patient, idag, kliniker):
    g = _registrera(barnmorska, patient, idag + datetime.timedelta(weeks=30))
    sms = SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:inbjudan:{g.pk}")
    assert sms.status == "vantande" and "appen Alltid öppet" in sms.text
    logg = Atkomstlogg.objects.get(invanare_identitet=patient.id_nummer)
    assert logg.handelse == "andring" and logg.medarbetare_hsa_id == barnmorska.medarbetare.hsa_id


@pytest.mark.parametrize("veckor,fel", [(-1, "redan passerat"), (0, "redan passerat"), (46, "mer än 45 veckor")])
def test_a_bf_that_makes_no_sense_is_refused_and_nothing_is_saved(barnmorska, patient, idag, veckor, fel):
    with pytest.raises(ValidationError) as err:
        _registrera(barnmorska, patient, idag + datetime.timedelta(weeks=veckor))
    assert fel in str(err.value)
    assert not Graviditet.objects.exists() and not SmsUtgaende.objects.exists()


def test_only_a_midwife_at_a_midwife_or_birth_clinic_registers(patient, idag):
    for uppdrag in (MedarbetaruppdragFactory(roll=Roll.SJUKSKOTERSKA),
                    MedarbetaruppdragFactory(roll=Roll.BARNMORSKA)):  # a midwife at a vårdcentral
        with pytest.raises(PermissionDenied):
            _registrera(uppdrag, patient, idag + datetime.timedelta(weeks=20))
    assert not Graviditet.objects.exists()


def test_reservnummer_gets_no_app_invitation(barnmorska, idag, kliniker):
    inv = InvanareFactory(reservnummer=True, kon="K", mobilnummer="070-174 06 12")
    _registrera(barnmorska, inv, idag + datetime.timedelta(weeks=30))
    assert not SmsUtgaende.objects.exists()


def test_protected_identity_gets_sms_only_when_staff_chose_it(barnmorska, idag, kliniker):
    a = InvanareFactory(skyddad=True, kon="K", mobilnummer="070-174 06 13")
    b = InvanareFactory(skyddad=True, kon="K", mobilnummer="070-174 06 14")
    ga = _registrera(barnmorska, a, idag + datetime.timedelta(weeks=30))
    gb = _registrera(barnmorska, b, idag + datetime.timedelta(weeks=30), sms_skyddad_bekraftad=True)
    assert SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:inbjudan:{ga.pk}").status == "nekad"
    assert SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:inbjudan:{gb.pk}").status == "vantande"


def test_registered_after_22_0_is_decided_at_once(barnmorska, patient, idag, kliniker):
    bf = bf_for_22_0(idag) - datetime.timedelta(days=10)  # 23+3 today
    kap(kliniker, bf, 5)
    g = _registrera(barnmorska, patient, bf)
    beslut = Beslut.objects.get(graviditet=g)
    assert beslut.korning.typ == "omedelbar"
    assert SmsUtgaende.objects.filter(idempotensnyckel=f"forlossning:beslut:{g.pk}").exists()


def test_bf_can_be_corrected_until_the_allocation(barnmorska, patient, idag, kliniker):
    g = _registrera(barnmorska, patient, idag + datetime.timedelta(weeks=25))
    ny = idag + datetime.timedelta(weeks=24)
    assert graviditet_bf_andra(aktor=aktor_for(barnmorska), graviditet=g, bf=ny).bf == ny
    Beslut.objects.create(graviditet=g, klinik=kliniker["F_SOS"], vecka=gv.vecka_start(ny), avstand_m=1)
    with pytest.raises(ValidationError, match="redan fördelad"):
        graviditet_bf_andra(aktor=aktor_for(barnmorska), graviditet=g, bf=idag + datetime.timedelta(weeks=23))
    g.refresh_from_db()
    assert g.bf == ny


def test_app_wishes_are_saved_with_who_and_when(patient, kliniker, idag):
    g = gravid(invanare=patient, bf=idag + datetime.timedelta(weeks=25))
    onskemal_fran_app(aktor=patient, invanare=patient, kliniker=[kliniker["F_SOS"].pk, kliniker["F_KH"].pk])
    g.refresh_from_db()
    assert list(g.onskemal.values_list("klinik_id", "rang")) == [(kliniker["F_SOS"].pk, 1), (kliniker["F_KH"].pk, 2)]
    assert g.onskemal_kalla == "app" and patient.namn in g.onskemal_andrad_av
    assert g.onskemal_historik.get().kliniker == ["Södersjukhuset", "Karolinska Universitetssjukhuset Huddinge"]


@pytest.mark.parametrize("fall", ["tom", "atta", "dubblett", "okand", "text"])
def test_bad_wishes_are_refused_and_nothing_changes(patient, kliniker, idag, fall):
    g = gravid(invanare=patient, bf=idag + datetime.timedelta(weeks=25), onskemal=[kliniker["F_KS"]])
    ids = [k.pk for k in kliniker.values()]
    lista = {"tom": [], "atta": ids + [ids[0]], "dubblett": [ids[0], ids[0]], "okand": [999999],
             "text": ["Södersjukhuset"]}[fall]
    with pytest.raises(ValidationError):
        onskemal_fran_app(aktor=patient, invanare=patient, kliniker=lista)
    assert list(Onskemal.objects.filter(graviditet=g).values_list("klinik_id", flat=True)) == [kliniker["F_KS"].pk]


def test_wishes_change_until_21_6_but_not_after(patient, kliniker, idag):
    g = gravid(invanare=patient, bf=gv.bf_for_beslutsdag(idag) + datetime.timedelta(days=1))  # 21+6 today
    onskemal_fran_app(aktor=patient, invanare=patient, kliniker=[kliniker["F_SG"].pk])
    with pytest.raises(ValidationError, match="21\\+6"):
        onskemal_fran_app(aktor=patient, invanare=patient, kliniker=[kliniker["F_SOS"].pk],
                          nu=_i_morgon(idag))
    assert list(g.onskemal.values_list("klinik_id", flat=True)) == [kliniker["F_SG"].pk]


def test_reservnummer_wish_is_entered_by_the_midwife_and_counts_the_same(barnmorska, kliniker, idag):
    inv = InvanareFactory(reservnummer=True, kon="K")
    Vardrelation.objects.create(invanare=inv, vardenhet=barnmorska.vardenhet, anledning="Mödrahälsovård")
    g = gravid(invanare=inv, bf=bf_for_22_0(idag) + datetime.timedelta(days=1))  # 21+6
    with pytest.raises(ValidationError):
        onskemal_fran_app(aktor=inv, invanare=inv, kliniker=[kliniker["F_SOS"].pk])
    onskemal_fran_personal(aktor=aktor_for(barnmorska), graviditet=g, kliniker=[kliniker["F_STS"].pk],
                           patientnotering="Önskar Södertälje")
    g.refresh_from_db()
    assert g.onskemal_kalla == "personal" and barnmorska.medarbetare.namn in g.onskemal_andrad_av
    kap(kliniker, g.bf, 3)
    fordelning_kor(nu=_i_morgon(idag))
    b = Beslut.objects.get(graviditet=g)
    assert b.klinik == kliniker["F_STS"] and b.rang == 1  # far from Södertälje, but it was her wish


def test_other_staff_concerned_may_enter_the_wish_recorded_with_role(bmm, kliniker, idag):
    """Issue 15 item 5. Seed 000: »För dessa patienter ska barnmorskan (eller annan berörd personal) skriva in
    önskemålet i patientnoteringsrutan«: staff of her own barnmorskemottagning and of the birth clinics."""
    inv = InvanareFactory(reservnummer=True, kon="K")
    Vardrelation.objects.create(invanare=inv, vardenhet=bmm, anledning="Mödrahälsovård")
    g = gravid(invanare=inv, bf=idag + datetime.timedelta(weeks=25))
    underskoterska = MedarbetaruppdragFactory(vardenhet=bmm, roll=Roll.SJUKSKOTERSKA)
    onskemal_fran_personal(aktor=aktor_for(underskoterska), graviditet=g, kliniker=[kliniker["F_STS"].pk])
    g.refresh_from_db()
    assert underskoterska.medarbetare.namn in g.onskemal_andrad_av and "sjuksköterska" in g.onskemal_andrad_av
    lakare_forlossning = MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.LAKARE)
    onskemal_fran_personal(aktor=aktor_for(lakare_forlossning), graviditet=g, kliniker=[kliniker["F_SOS"].pk])
    assert list(g.onskemal.values_list("klinik_id", flat=True)) == [kliniker["F_SOS"].pk]
    # staff of a midwife clinic she has no care relation with, and of a vårdcentral, may not
    for fel in (MedarbetaruppdragFactory(vardenhet=VardenhetFactory(typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING),
                                         roll=Roll.BARNMORSKA),
                MedarbetaruppdragFactory(roll=Roll.ADMINISTRATOR)):
        with pytest.raises(PermissionDenied):
            onskemal_fran_personal(aktor=aktor_for(fel), graviditet=g, kliniker=[kliniker["F_KS"].pk])
    assert list(g.onskemal.values_list("klinik_id", flat=True)) == [kliniker["F_SOS"].pk]


def test_staff_do_not_enter_wishes_for_women_who_can_use_the_app(barnmorska, patient, kliniker, idag):
    g = gravid(invanare=patient, bf=idag + datetime.timedelta(weeks=25))
    with pytest.raises(ValidationError, match="själv i appen"):
        onskemal_fran_personal(aktor=aktor_for(barnmorska), graviditet=g, kliniker=[kliniker["F_STS"].pk])


def test_capacity_below_what_is_decided_is_refused_and_nothing_changes(planerare, kliniker, idag):
    vecka = gv.vecka_start(idag + datetime.timedelta(weeks=20))
    kap(kliniker, vecka, 3)
    for _ in range(2):
        Beslut.objects.create(graviditet=gravid(bf=vecka), klinik=kliniker["F_KS"], vecka=vecka, avstand_m=1)
    with pytest.raises(ValidationError, match="redan fått plats"):
        kapacitet_satt(aktor=aktor_for(planerare), andringar=[(kliniker["F_SOS"].pk, vecka, 9),
                                                                (kliniker["F_KS"].pk, vecka, 1)])
    assert Kapacitet.objects.get(klinik=kliniker["F_SOS"], vecka=vecka).platser == 3  # the valid change too
    kapacitet_satt(aktor=aktor_for(planerare), andringar=[(kliniker["F_KS"].pk, vecka, 2)])
    assert Kapacitet.objects.get(klinik=kliniker["F_KS"], vecka=vecka).platser == 2


def test_only_the_regional_planner_sets_capacity(barnmorska, kliniker, idag):
    with pytest.raises(PermissionDenied):
        kapacitet_satt(aktor=aktor_for(barnmorska), andringar=[(kliniker["F_KS"].pk, gv.vecka_start(idag), 5)])


def test_the_clinics_verksamhetschef_moves_for_a_medical_reason(kliniker, idag):
    g = gravid(bf=idag + datetime.timedelta(weeks=10), mobilnummer="070-174 06 15")
    Beslut.objects.create(graviditet=g, klinik=kliniker["F_STS"], vecka=gv.vecka_start(g.bf), avstand_m=1)
    annan_chef = MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.VERKSAMHETSCHEF)
    chef = MedarbetaruppdragFactory(vardenhet=kliniker["F_STS"], roll=Roll.VERKSAMHETSCHEF)
    barnmorska = MedarbetaruppdragFactory(vardenhet=kliniker["F_STS"], roll=Roll.BARNMORSKA)
    for vem in (annan_chef, barnmorska):
        with pytest.raises(PermissionDenied):
            beslut_flytta(aktor=aktor_for(vem), graviditet=g, till_klinik_id=kliniker["F_KH"].pk,
                          medicinsk_orsak="Tillväxthämning, behöver neonatalvård nivå III")
    with pytest.raises(ValidationError, match="medicinska orsaken"):
        beslut_flytta(aktor=aktor_for(chef), graviditet=g, till_klinik_id=kliniker["F_KH"].pk, medicinsk_orsak=" ")
    assert not Flytt.objects.exists()
    flytt = beslut_flytta(aktor=aktor_for(chef), graviditet=g, till_klinik_id=kliniker["F_KH"].pk,
                          medicinsk_orsak="Tillväxthämning, behöver neonatalvård nivå III")
    assert Beslut.objects.get(graviditet=g).klinik == kliniker["F_KH"]
    assert flytt.av_hsa_id == chef.medarbetare.hsa_id and flytt.fran_klinik == kliniker["F_STS"]
    assert SmsUtgaende.objects.get(idempotensnyckel=f"forlossning:flytt:{flytt.pk}").status == "vantande"
    logg = Atkomstlogg.objects.get(handelse="andring")
    assert logg.invanare_identitet == g.invanare.id_nummer and "Tillväxthämning" not in logg.detalj
    assert Vardrelation.objects.filter(invanare=g.invanare, vardenhet=kliniker["F_KH"]).exists()


@pytest.mark.parametrize("skyddad", ["kvinnan", "ombudet"])
def test_a_proxy_is_not_named_in_the_wish_history_when_either_is_protected(kliniker, idag, skyddad):
    """The wish history is shown to staff on her page: relatives of a protected woman, and protected proxies,
    are never named there."""
    kvinna = InvanareFactory(kon="K", skyddad=skyddad == "kvinnan")
    ombud = InvanareFactory(fornamn="Ombudsmamma", skyddad=skyddad == "ombudet")
    g = gravid(invanare=kvinna, bf=idag + datetime.timedelta(weeks=25))
    onskemal_fran_app(aktor=ombud, invanare=kvinna, kliniker=[kliniker["F_SOS"].pk])
    g.refresh_from_db()
    assert g.onskemal_kalla == "ombud"
    for text in (g.onskemal_andrad_av, g.onskemal_historik.get().av):
        assert "Ombudsmamma" not in text and "namn visas inte" in text
