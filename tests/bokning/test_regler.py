"""The booking rules, each with a test that fails when the rule breaks (services called directly)."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bokning import services
from bokning.models import Bokning, Halsodeklaration, Schemarad, Tid, Vaccination
from invanare.besok import besok_for, har_aktivt_besok
from invanare.models import Vardrelation
from tests.fixtures.bokning import (
    VALID_DEKLARATION,
    ResursFactory,
    TidbokFactory,
    TidstypFactory,
    om,
    skapa_tid,
    vaccinationstyp,
)
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, aktor_for
from vardportalen.models import Atkomstlogg, Roll, Vardenhet


@pytest.fixture
def tidbok(vardenhet):
    return TidbokFactory(vardenhet=vardenhet)


@pytest.fixture
def schemalaggare(vardenhet):
    return aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SCHEMALAGGARE))


def _antal():
    return Bokning.objects.count(), Tid.objects.count(), Halsodeklaration.objects.count()


# --- slots and schedules ---


def test_a_slot_in_the_past_is_refused(schemalaggare, tidbok, vardenhet):
    resurs = ResursFactory(vardenhet=vardenhet)
    with pytest.raises(ValidationError, match="redan passerat"):
        services.tid_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs,
                            tidstyp=TidstypFactory(), start=om(timmar=-1))
    assert not Tid.objects.exists()


def test_overlapping_slots_for_one_resource_are_refused(schemalaggare, tidbok, vardenhet):
    resurs, typ = ResursFactory(vardenhet=vardenhet), TidstypFactory(langd_minuter=30)
    start = om(dagar=2)
    services.tid_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=typ, start=start)
    with pytest.raises(ValidationError, match="överlappar"):
        services.tid_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=typ,
                            start=start + datetime.timedelta(minutes=15))
    # Back to back is fine, and another resource may have the same time.
    services.tid_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=typ,
                        start=start + datetime.timedelta(minutes=30))
    services.tid_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=ResursFactory(vardenhet=vardenhet),
                        tidstyp=typ, start=start)
    assert Tid.objects.count() == 3


def test_the_database_itself_refuses_overlap(tidbok, vardenhet):
    """The exclusion constraint, not only the service: a raw insert of an overlapping slot fails."""
    typ = TidstypFactory(langd_minuter=30)
    tid = skapa_tid(tidbok=tidbok, tidstyp=typ, start=om(dagar=1))
    with pytest.raises(IntegrityError, match="tid_resurs_ej_overlappande"), transaction.atomic():
        skapa_tid(tidbok=tidbok, tidstyp=typ, start=tid.start + datetime.timedelta(minutes=10), resurs=tid.resurs)


def test_only_schedulers_create_slots(aktor, tidbok, vardenhet):
    with pytest.raises(ValidationError, match="schemaläggare"):
        services.tid_create(aktor=aktor, tidbok=tidbok, vardenhet=vardenhet, resurs=ResursFactory(vardenhet=vardenhet),
                            tidstyp=TidstypFactory(), start=om(dagar=1))


def test_weekly_template_lays_out_slots_over_a_date_range(schemalaggare, tidbok, vardenhet):
    typ, resurs = TidstypFactory(langd_minuter=20), ResursFactory(vardenhet=vardenhet)
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    services.schemarad_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=typ,
                              veckodag=Schemarad.Veckodag.MANDAG, fran_klockan=datetime.time(8), till_klockan=datetime.time(9))
    services.schemarad_create(aktor=schemalaggare, tidbok=tidbok, vardenhet=vardenhet, resurs=resurs, tidstyp=typ,
                              veckodag=Schemarad.Veckodag.ONSDAG, fran_klockan=datetime.time(13), till_klockan=datetime.time(13, 50))
    resultat = services.schema_apply(aktor=schemalaggare, tidbok=tidbok, fran=monday, till=monday + datetime.timedelta(days=13))
    # Two weeks: 3 slots on each Monday (8:00, 8:20, 8:40) and 2 on each Wednesday (13:00, 13:20; 13:40 would end 14:00).
    assert resultat.skapade == Tid.objects.count() == 10
    starts = sorted(timezone.localtime(t.start) for t in Tid.objects.all())
    assert starts[0].date() == monday and (starts[0].hour, starts[0].minute) == (8, 0)
    assert {s.weekday() for s in starts} == {0, 2}
    # Laying it out again overlaps everything: refused, nothing added.
    with pytest.raises(ValidationError, match="överlappar"):
        services.schema_apply(aktor=schemalaggare, tidbok=tidbok, fran=monday, till=monday + datetime.timedelta(days=13))
    assert Tid.objects.count() == 10


# --- booking ---


@pytest.fixture
def vaccinationstid(regional_tidbok):
    enhet = regional_tidbok.deltagande_enheter.order_by("pk").first()
    return skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=3), kapacitet=2)


def test_vaccination_is_open_to_every_citizen_and_the_declaration_is_flagged(vaccinationstid):
    inv = InvanareFactory()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk,
                                          halsodeklaration={**VALID_DEKLARATION, "blodfortunnande": True})
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 1
    assert bokning.vardenhet_id == vaccinationstid.vardenhet_id and bokning.bokad_av == "invanare"
    assert bokning.halsodeklaration.flaggad and bokning.halsodeklaration.flaggor == ["Blodförtunnande läkemedel"]
    # The unit now has a care relation, so its staff may open the booking.
    assert Vardrelation.objects.aktiva().filter(invanare=inv, vardenhet=vaccinationstid.vardenhet).exists()


def test_a_declaration_without_anything_to_check_is_not_flagged(vaccinationstid):
    inv = InvanareFactory()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    assert not bokning.halsodeklaration.flaggad


def test_vaccination_needs_a_complete_declaration(vaccinationstid):
    inv = InvanareFactory()
    for deklaration, fel in ((None, "Fyll i hälsodeklarationen"), ({"feber_idag": False}, "Svara ja eller nej")):
        with pytest.raises(ValidationError, match=fel):
            services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=deklaration)
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 0 and not Bokning.objects.exists()


def test_a_full_slot_is_refused_and_nothing_changes(vaccinationstid):
    for _ in range(2):
        inv = InvanareFactory()
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    fore = _antal()
    inv = InvanareFactory()
    with pytest.raises(ValidationError, match="fullbokad"):
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 2 and _antal() == fore


def test_the_counter_can_never_pass_the_capacity_in_the_database(vaccinationstid):
    with pytest.raises(IntegrityError, match="tid_bokade_inom_kapacitet"), transaction.atomic():
        Tid.objects.filter(pk=vaccinationstid.pk).update(bokade=3)


def test_the_same_citizen_cannot_book_one_slot_twice(vaccinationstid):
    inv = InvanareFactory()
    services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError, match="redan en bokning"):
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 1


def test_a_slot_in_the_past_cannot_be_booked(regional_tidbok):
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(timmar=-2))
    inv = InvanareFactory()
    with pytest.raises(ValidationError, match="redan passerat"):
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    assert not Bokning.objects.exists()


def test_vardcentral_only_for_citizens_listed_there(vardenhet, tidbok):
    assert vardenhet.typ == Vardenhet.Typ.VARDCENTRAL
    tid = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(), start=om(dagar=2))
    ej_listad = InvanareFactory()
    with pytest.raises(ValidationError, match="där du är listad"):
        services.bokning_create_app(aktor=ej_listad, invanare=ej_listad, tid_id=tid.pk, halsodeklaration=None)
    listad = InvanareFactory(listad_vardcentral=vardenhet)
    services.bokning_create_app(aktor=listad, invanare=listad, tid_id=tid.pk, halsodeklaration=None)
    assert list(Bokning.objects.values_list("invanare_id", flat=True)) == [listad.pk]


def test_hidden_and_staff_only_types_cannot_be_booked_in_the_app(tidbok, vardenhet):
    inv = InvanareFactory(listad_vardcentral=vardenhet)
    for typ in (TidstypFactory(dold=True, bokningsbar_i_app=False), TidstypFactory(bokningsbar_i_app=False)):
        tid = skapa_tid(tidbok=tidbok, tidstyp=typ, start=om(dagar=2))
        with pytest.raises(ValidationError, match="kan inte bokas i appen"):
            services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=None)
    assert not Bokning.objects.exists()


def test_app_booking_deadline(tidbok, vardenhet):
    typ = TidstypFactory(boka_senast_timmar=24)
    tid = skapa_tid(tidbok=tidbok, tidstyp=typ, start=om(timmar=5))
    inv = InvanareFactory(listad_vardcentral=vardenhet)
    with pytest.raises(ValidationError, match="senast 24 timmar"):
        services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=None)


# --- cancelling ---


def test_cancelling_frees_the_place_at_once(vaccinationstid):
    inv, annan = InvanareFactory(), InvanareFactory()
    vaccinationstid.kapacitet = 1
    vaccinationstid.save()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError, match="fullbokad"):
        services.bokning_create_app(aktor=annan, invanare=annan, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    services.bokning_cancel_app(aktor=inv, invanare=inv, bokning_id=bokning.pk)
    bokning.refresh_from_db()
    assert (bokning.status, bokning.avbokad_av) == ("avbokad", "invanare")
    services.bokning_create_app(aktor=annan, invanare=annan, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 1


def test_cancelling_too_late_in_the_app_is_refused(regional_tidbok):
    enhet = regional_tidbok.deltagande_enheter.first()
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(timmar=1))  # deadline 2 h
    inv = InvanareFactory()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError, match="för sent att avboka"):
        services.bokning_cancel_app(aktor=inv, invanare=inv, bokning_id=bokning.pk)
    bokning.refresh_from_db()
    tid.refresh_from_db()
    assert bokning.status == "bokad" and tid.bokade == 1


def test_cancelling_twice_is_refused_and_frees_only_one_place(vaccinationstid):
    inv, annan = InvanareFactory(), InvanareFactory()
    services.bokning_create_app(aktor=annan, invanare=annan, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    services.bokning_cancel_app(aktor=inv, invanare=inv, bokning_id=bokning.pk)
    with pytest.raises(ValidationError, match="inte längre aktiv"):
        services.bokning_cancel_app(aktor=inv, invanare=inv, bokning_id=bokning.pk)
    vaccinationstid.refresh_from_db()
    assert vaccinationstid.bokade == 1


def test_a_citizen_cannot_cancel_someone_elses_booking(vaccinationstid):
    inv, annan = InvanareFactory(), InvanareFactory()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError, match="finns inte"):
        services.bokning_cancel_app(aktor=annan, invanare=annan, bokning_id=bokning.pk)
    bokning.refresh_from_db()
    assert bokning.status == "bokad"


# --- staff ---


@pytest.fixture
def kista(vaccinationstid):
    return vaccinationstid.vardenhet


@pytest.fixture
def kista_aktor(kista):
    return aktor_for(MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SJUKSKOTERSKA))


def test_staff_book_move_and_cancel_with_access_log(kista_aktor, vaccinationstid, regional_tidbok):
    inv = InvanareFactory()
    bokning = services.bokning_create_staff(aktor=kista_aktor, invanare=inv, tid_id=vaccinationstid.pk)
    assert bokning.bokad_av == "personal" and bokning.bokad_av_hsa_id == kista_aktor.medarbetare_hsa_id
    ny = skapa_tid(tidbok=regional_tidbok, vardenhet=vaccinationstid.vardenhet, tidstyp=vaccinationstid.tidstyp,
                   start=om(dagar=4))
    flyttad = services.bokning_move(aktor=kista_aktor, bokning_id=bokning.pk, ny_tid_id=ny.pk)
    vaccinationstid.refresh_from_db()
    ny.refresh_from_db()
    bokning.refresh_from_db()
    assert (vaccinationstid.bokade, ny.bokade) == (0, 1)
    assert (bokning.status, flyttad.flyttad_fran_id, flyttad.tid_id, flyttad.invanare_id) == ("avbokad", bokning.pk, ny.pk, inv.pk)
    services.bokning_cancel_staff(aktor=kista_aktor, bokning_id=flyttad.pk)
    ny.refresh_from_db()
    flyttad.refresh_from_db()
    assert ny.bokade == 0 and (flyttad.status, flyttad.avbokad_av) == ("avbokad", "personal")
    assert list(Atkomstlogg.objects.filter(invanare_identitet=inv.id_nummer).values_list("vad", flat=True).order_by("id")) == [
        "bokning: boka tid", "bokning: flytta", "bokning: avboka"]


def test_moving_to_a_full_slot_is_refused_and_nothing_changes(kista_aktor, vaccinationstid, regional_tidbok):
    bokning = services.bokning_create_staff(aktor=kista_aktor, invanare=InvanareFactory(), tid_id=vaccinationstid.pk)
    full = skapa_tid(tidbok=regional_tidbok, vardenhet=vaccinationstid.vardenhet, tidstyp=vaccinationstid.tidstyp,
                     start=om(dagar=5))
    services.bokning_create_staff(aktor=kista_aktor, invanare=InvanareFactory(), tid_id=full.pk)
    with pytest.raises(ValidationError, match="fullbokad"):
        services.bokning_move(aktor=kista_aktor, bokning_id=bokning.pk, ny_tid_id=full.pk)
    bokning.refresh_from_db()
    vaccinationstid.refresh_from_db()
    assert bokning.tid_id == vaccinationstid.pk and vaccinationstid.bokade == 1


def test_staff_of_another_unit_cannot_book_or_cancel(vaccinationstid, regional_tidbok):
    solna = regional_tidbok.deltagande_enheter.exclude(pk=vaccinationstid.vardenhet_id).get()
    solna_aktor = aktor_for(MedarbetaruppdragFactory(vardenhet=solna))
    with pytest.raises(ValidationError, match="inte till din enhet"):
        services.bokning_create_staff(aktor=solna_aktor, invanare=InvanareFactory(), tid_id=vaccinationstid.pk)
    inv = InvanareFactory()
    bokning = services.bokning_create_app(aktor=inv, invanare=inv, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError, match="finns inte"):
        services.bokning_cancel_staff(aktor=solna_aktor, bokning_id=bokning.pk)


def test_done_and_no_show_only_on_the_visit_day(kista_aktor, vaccinationstid, regional_tidbok):
    bokning = services.bokning_create_staff(aktor=kista_aktor, invanare=InvanareFactory(), tid_id=vaccinationstid.pk)
    with pytest.raises(ValidationError, match="inte i dag än"):
        services.bokning_utfall_set(aktor=kista_aktor, bokning_id=bokning.pk, status="genomford")
    idag = skapa_tid(tidbok=regional_tidbok, vardenhet=vaccinationstid.vardenhet, tidstyp=vaccinationstid.tidstyp,
                     start=timezone.now() - datetime.timedelta(minutes=1))
    b2 = Bokning.objects.create(tid=idag, invanare=InvanareFactory(), vardenhet=idag.vardenhet, bokad_av="personal")
    services.bokning_utfall_set(aktor=kista_aktor, bokning_id=b2.pk, status="uteblev")
    b2.refresh_from_db()
    assert b2.status == "uteblev"
    with pytest.raises(ValidationError, match="inte aktiv"):
        services.bokning_utfall_set(aktor=kista_aktor, bokning_id=b2.pk, status="genomford")


def test_vaccination_record_for_the_national_register(kista_aktor, vaccinationstid, regional_tidbok):
    idag = skapa_tid(tidbok=regional_tidbok, vardenhet=vaccinationstid.vardenhet, tidstyp=vaccinationstid.tidstyp,
                     start=timezone.now() - datetime.timedelta(minutes=5))
    inv = InvanareFactory()
    bokning = Bokning.objects.create(tid=idag, invanare=inv, vardenhet=idag.vardenhet, bokad_av="invanare")
    with pytest.raises(ValidationError):
        services.vaccination_register(aktor=kista_aktor, bokning_id=bokning.pk, produkt="Comirnaty", batchnummer="AB12",
                                      dos=0, stalle="vanster_overarm")
    assert not Vaccination.objects.exists()
    v = services.vaccination_register(aktor=kista_aktor, bokning_id=bokning.pk, produkt="Comirnaty", batchnummer="AB12",
                                      dos=2, stalle="vanster_overarm")
    bokning.refresh_from_db()
    assert bokning.status == "genomford"
    assert (v.invanare_id, v.vardenhet_id, v.tidstyp.kod, v.produkt, v.batchnummer, v.dos, v.stalle, v.given_av_hsa_id) == (
        inv.pk, idag.vardenhet_id, "vaccination-covid-19", "Comirnaty", "AB12", 2, "vanster_overarm",
        kista_aktor.medarbetare_hsa_id)
    with pytest.raises(ValidationError, match="redan registrerad"):
        services.vaccination_register(aktor=kista_aktor, bokning_id=bokning.pk, produkt="X", batchnummer="Y", dos=1,
                                      stalle="hoger_overarm")


# --- the visits hook ---


def test_bookings_are_visits_for_other_domains(vaccinationstid, django_assert_num_queries):
    invs = [InvanareFactory() for _ in range(3)]
    bokningar = [services.bokning_create_app(aktor=i, invanare=i, tid_id=vaccinationstid.pk, halsodeklaration=VALID_DEKLARATION)
                 for i in invs[:2]]
    services.bokning_cancel_app(aktor=invs[1], invanare=invs[1], bokning_id=bokningar[1].pk)
    with django_assert_num_queries(1):
        besok = besok_for(invanare_ids=[i.pk for i in invs], vardenhet_id=vaccinationstid.vardenhet_id)
    assert sorted((b.invanare_id, b.status) for b in besok) == [(invs[0].pk, "bokad"), (invs[1].pk, "avbokad")]
    assert har_aktivt_besok(invanare_id=invs[0].pk, vardenhet_id=vaccinationstid.vardenhet_id)
    assert not har_aktivt_besok(invanare_id=invs[1].pk, vardenhet_id=vaccinationstid.vardenhet_id)
    assert not besok_for(invanare_ids=[invs[0].pk], vardenhet_id=vaccinationstid.tidbok.vardenhet_id)


# --- 4US admin ---


def test_regional_admin_adds_schedulers_and_edits_contact_card(vardenhet):
    admin = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR))
    sjukskoterska = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet))
    ny = MedarbetaruppdragFactory(vardenhet=vardenhet).medarbetare
    with pytest.raises(ValidationError, match="4US admin"):
        services.schemalaggare_add(aktor=sjukskoterska, hsa_id=ny.hsa_id, vardenhet=vardenhet)
    uppdrag = services.schemalaggare_add(aktor=admin, hsa_id=ny.hsa_id, vardenhet=vardenhet)
    assert uppdrag.roll == Roll.SCHEMALAGGARE
    with pytest.raises(ValidationError, match="redan schemaläggare"):
        services.schemalaggare_add(aktor=admin, hsa_id=ny.hsa_id, vardenhet=vardenhet)
    with pytest.raises(ValidationError):
        services.vardenhet_update(aktor=admin, vardenhet=vardenhet, data={"om_oss": "x" * 2049})
    vardenhet.refresh_from_db()
    assert vardenhet.om_oss == ""
    services.vardenhet_update(aktor=admin, vardenhet=vardenhet, data={"om_oss": "x" * 2048, "yttre_fardvag": "Buss 4"})
    vardenhet.refresh_from_db()
    assert len(vardenhet.om_oss) == 2048


def test_a_hidden_type_cannot_be_bookable_in_the_app(vardenhet):
    admin = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR))
    typ = TidstypFactory()
    with pytest.raises(ValidationError, match="dold tidstyp"):
        services.tidstyp_update(aktor=admin, tidstyp=typ, data={"dold": True})
    typ.refresh_from_db()
    assert not typ.dold


def test_the_seed_vaccination_types_exist():
    from bokning.models import Tidstyp

    namn = set(Tidstyp.objects.filter(vaccination=True).values_list("kod", flat=True))
    assert {"vaccination-covid-19", "vaccination-covid-19-influensa", "vaccination-sasongsinfluensa",
            "vaccination-pneumokocker"} <= namn


def test_hidden_bookings_are_counted_for_the_overview(vardenhet, aktor, django_assert_num_queries):
    from invanare.dolja import dolda_bokningar_antal

    tidbok = TidbokFactory(vardenhet=vardenhet)
    dold = TidstypFactory(dold=True, bokningsbar_i_app=False)
    a, b = InvanareFactory(), InvanareFactory()
    for dagar in (1, 2):
        services.bokning_create_staff(aktor=aktor, invanare=a, tid_id=skapa_tid(tidbok=tidbok, tidstyp=dold, start=om(dagar=dagar)).pk)
    services.bokning_create_staff(aktor=aktor, invanare=b, tid_id=skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(), start=om(dagar=1)).pk)
    with django_assert_num_queries(1):
        antal = dolda_bokningar_antal(invanare_ids=[a.pk, b.pk], vardenhet_id=vardenhet.pk)
    assert antal == {a.pk: 2, b.pk: 0}
