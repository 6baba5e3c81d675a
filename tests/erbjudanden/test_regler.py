"""The target-group and reachability rules, and the resumable send; each fails when its rule breaks."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bokning.models import Bokning
from erbjudanden import selectors, services
from erbjudanden.models import Erbjudande, Mottagare
from invanare.models import Kontosparr, OmbudBlockering
from notiser.models import SmsUtgaende
from tests.fixtures.bokning import VALID_DEKLARATION, TidbokFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    VardnadshavarskapFactory,
    aktor_for,
)
from vardportalen.models import Roll


def _ar_sedan(ar: int, dagar: int = 0) -> datetime.date:
    idag = timezone.localdate()
    try:
        d = idag.replace(year=idag.year - ar)
    except ValueError:
        d = idag.replace(year=idag.year - ar, day=28)
    return d - datetime.timedelta(days=dagar)


@pytest.fixture
def tidbok(vardenhet):
    return TidbokFactory(vardenhet=vardenhet)


@pytest.fixture
def erbjudande(aktor, tidbok):
    idag = timezone.localdate()
    return services.erbjudande_skapa(
        aktor=aktor, titel="Vaccination mot influensa", text="Välkommen att boka.", atgard=Erbjudande.Atgard.BOKA,
        tidbok=tidbok, tidstyp=vaccinationstyp(), giltig_fran=idag, giltig_till=idag + datetime.timedelta(days=30),
    )


def _kanaler(e) -> dict[int, str]:
    return {i.pk: i.kanal for i in selectors.med_kanal(e)}


def _skicka(e, aktor, chunk=2):
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)
    assert services.erbjudande_skicka(erbjudande_id=e.pk, chunk=chunk)
    e.refresh_from_db()
    return e


def test_age_rule_is_inclusive_at_the_birthday(erbjudande):
    erbjudande.alder_min = 65
    erbjudande.save()
    fyller_idag = InvanareFactory(fodelsedatum=_ar_sedan(65))
    fyller_i_morgon = InvanareFactory(fodelsedatum=_ar_sedan(65) + datetime.timedelta(days=1))
    assert set(selectors.malgrupp(erbjudande).values_list("pk", flat=True)) == {fyller_idag.pk}
    erbjudande.alder_min, erbjudande.alder_max = None, 64
    erbjudande.save()
    assert set(selectors.malgrupp(erbjudande).values_list("pk", flat=True)) == {fyller_i_morgon.pk}


def test_folkbokforing_listing_and_not_vaccinated(erbjudande, vardenhet):
    ja = InvanareFactory(kommunkod="0180", listad_vardcentral=vardenhet)
    InvanareFactory(kommunkod="0184", listad_vardcentral=vardenhet)
    InvanareFactory(kommunkod="0180", listad_vardcentral=None)
    erbjudande.kommunkoder, erbjudande.listad_pa = "0180", vardenhet
    erbjudande.save()
    assert list(selectors.malgrupp(erbjudande).values_list("pk", flat=True)) == [ja.pk]


def test_not_already_booked_leaves_out_a_booked_citizen(erbjudande, tidbok, vardenhet):
    bokad, fri = InvanareFactory(), InvanareFactory()
    tid = skapa_tid(tidbok=tidbok, tidstyp=erbjudande.tidstyp, start=om(dagar=3))
    Bokning.objects.create(tid=tid, invanare=bokad, vardenhet=vardenhet, bokad_av="personal")
    erbjudande.ej_bokad = True
    erbjudande.save()
    pks = set(selectors.malgrupp(erbjudande).values_list("pk", flat=True))
    assert fri.pk in pks and bokad.pk not in pks


def test_reachability_locked_protected_reservnummer(erbjudande):
    app = InvanareFactory(med_konto=True)
    sms = InvanareFactory()
    last = InvanareFactory(med_konto=True)
    Kontosparr.objects.create(invanare=last, orsak=Kontosparr.Orsak.EGEN_BEGARAN)
    skyddad_app = InvanareFactory(med_konto=True, skyddad=True)
    skyddad_sms = InvanareFactory(skyddad=True)
    reserv = InvanareFactory(reservnummer=True, med_konto=True)
    k = _kanaler(erbjudande)
    assert k[app.pk] == "app" and k[sms.pk] == "sms"
    assert k[last.pk] == "ingen"
    assert k[skyddad_app.pk] == "app"
    assert k[skyddad_sms.pk] == "ingen", "protected: never by SMS unless staff chose it"
    assert k[reserv.pk] == "ingen"
    erbjudande.sms_till_skyddade = True
    erbjudande.save()
    assert _kanaler(erbjudande)[skyddad_sms.pk] == "sms"
    r = selectors.rackvidd(erbjudande)
    assert (r["totalt"], r["app"], r["sms"], r["ingen"]) == (6, 2, 2, 2)


def test_child_reached_through_guardian_not_blocked_not_locked(erbjudande):
    barn = InvanareFactory(fodelsedatum=_ar_sedan(5))
    vh = InvanareFactory(med_konto=True, fodelsedatum=_ar_sedan(35))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=vh)
    barn.mobilnummer = ""
    barn.save()
    assert _kanaler(erbjudande)[barn.pk] == "app"
    OmbudBlockering.objects.create(huvudman=barn, ombud=vh, blankett="BLA-46557", anledning="LVU",
                                   beslutsdatum=timezone.localdate())
    assert _kanaler(erbjudande)[barn.pk] == "ingen"
    OmbudBlockering.objects.all().delete()
    Kontosparr.objects.create(invanare=vh, orsak=Kontosparr.Orsak.ANNAN, orsak_text="Test")
    assert _kanaler(erbjudande)[barn.pk] == "ingen"


def test_child_of_13_is_not_reached_through_guardian(erbjudande):
    barn = InvanareFactory(fodelsedatum=_ar_sedan(13), mobilnummer="")
    VardnadshavarskapFactory(barn=barn, vardnadshavare=InvanareFactory(med_konto=True))
    assert _kanaler(erbjudande)[barn.pk] == "ingen"


def test_send_writes_one_row_per_reachable_citizen_and_sms_only_for_sms(erbjudande, aktor):
    app = InvanareFactory.create_batch(3, med_konto=True)
    sms = InvanareFactory.create_batch(2)
    skyddad = InvanareFactory(skyddad=True)
    InvanareFactory(reservnummer=True)
    e = _skicka(erbjudande, aktor)
    assert e.status == Erbjudande.Status.SKICKAT and e.procent == 100
    rader = dict(Mottagare.objects.filter(erbjudande=e).values_list("invanare_id", "kanal"))
    assert rader == {**{i.pk: "app" for i in app}, **{i.pk: "sms" for i in sms}}
    assert skyddad.pk not in rader
    assert set(SmsUtgaende.objects.filter(syfte="erbjudande").values_list("invanare_id", flat=True)) == {i.pk for i in sms}
    assert e.antal_behandlade == e.antal_totalt == 5


def test_resume_after_a_lost_chunk_sends_nobody_twice(erbjudande, aktor):
    folk = InvanareFactory.create_batch(6, med_konto=True)
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=erbjudande.pk)
    # A worker got the first chunk in but died before saving progress: rows exist, senaste_pk is still 0.
    Mottagare.objects.create(erbjudande=erbjudande, invanare=folk[0], kanal="app")
    services.erbjudande_skicka(erbjudande_id=erbjudande.pk, chunk=4)
    assert Mottagare.objects.filter(erbjudande=erbjudande).count() == 6
    with pytest.raises(IntegrityError), transaction.atomic():
        Mottagare.objects.create(erbjudande=erbjudande, invanare=folk[1], kanal="app")


def test_sending_twice_is_refused(erbjudande, aktor):
    services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=erbjudande.pk)
    with pytest.raises(ValidationError, match="redan skickat"):
        services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=erbjudande.pk)


def test_regional_offer_only_by_regional_administrator(aktor, vardenhet):
    idag = timezone.localdate()
    data = dict(titel="Vaccination", text="t", atgard=Erbjudande.Atgard.KONVERSATION, giltig_fran=idag, giltig_till=idag)
    with pytest.raises(PermissionDenied):
        services.erbjudande_skapa(aktor=aktor, regionalt=True, **data)
    admin = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR))
    e = services.erbjudande_skapa(aktor=admin, regionalt=True, **data)
    assert e.regionalt
    with pytest.raises(PermissionDenied):
        services.erbjudande_skicka_start(aktor=aktor, erbjudande_id=e.pk)


def test_citizen_opens_books_and_declines(erbjudande, aktor, tidbok):
    inv = InvanareFactory(med_konto=True, listad_vardcentral=tidbok.vardenhet)
    e = _skicka(erbjudande, aktor)
    m = Mottagare.objects.get(erbjudande=e, invanare=inv)
    services.mottagare_oppna(invanare=inv, mottagare_id=m.pk)
    m.refresh_from_db()
    assert m.status == "oppnat" and m.oppnat
    annan_typ_tid = skapa_tid(tidbok=TidbokFactory(vardenhet=tidbok.vardenhet), tidstyp=e.tidstyp, start=om(dagar=2))
    with pytest.raises(ValidationError, match="hör inte till"):
        services.mottagare_boka(aktor=inv, invanare=inv, mottagare_id=m.pk, tid_id=annan_typ_tid.pk,
                                halsodeklaration=VALID_DEKLARATION)
    tid = skapa_tid(tidbok=tidbok, tidstyp=e.tidstyp, start=om(dagar=2))
    services.mottagare_boka(aktor=inv, invanare=inv, mottagare_id=m.pk, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    m.refresh_from_db()
    assert m.status == "bokat" and m.bokning.tid_id == tid.pk
    with pytest.raises(ValidationError, match="redan bokat"):
        services.mottagare_avboj(invanare=inv, mottagare_id=m.pk)
    # Another citizen can't touch her row.
    with pytest.raises(ValidationError, match="finns inte"):
        services.mottagare_oppna(invanare=InvanareFactory(), mottagare_id=m.pk)
    assert [d["bokat"] for d in selectors.uppfoljning_per_dag(e)] == [1]


def test_booking_from_offer_keeps_the_double_booking_guarantee(erbjudande, aktor, tidbok):
    a, b = (InvanareFactory(med_konto=True, listad_vardcentral=tidbok.vardenhet) for _ in range(2))
    e = _skicka(erbjudande, aktor)
    tid = skapa_tid(tidbok=tidbok, tidstyp=e.tidstyp, start=om(dagar=2))
    ma, mb = (Mottagare.objects.get(erbjudande=e, invanare=x) for x in (a, b))
    services.mottagare_boka(aktor=a, invanare=a, mottagare_id=ma.pk, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    with pytest.raises(ValidationError):
        services.mottagare_boka(aktor=b, invanare=b, mottagare_id=mb.pk, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    mb.refresh_from_db()
    assert mb.status == "skickat" and Bokning.objects.filter(tid=tid).count() == 1


def test_booking_from_offer_respects_the_units_booking_criteria(erbjudande, aktor, tidbok, vardenhet):
    """Criteria per function (funktion_oppen): the unit restricts app booking to citizens 70 and older."""
    from invanare.kriterier.models import Kriterieuppsattning, Kriterium, Syfte

    ung = InvanareFactory(med_konto=True, listad_vardcentral=vardenhet, fodelsedatum=_ar_sedan(40))
    e = _skicka(erbjudande, aktor)
    u = Kriterieuppsattning.objects.create(vardenhet=vardenhet, syfte=Syfte.BOKNING, namn="Äldre")
    Kriterium.objects.create(uppsattning=u, typ=Kriterium.Typ.ALDER, alder_min=70)
    tid = skapa_tid(tidbok=tidbok, tidstyp=e.tidstyp, start=om(dagar=2))
    m = Mottagare.objects.get(erbjudande=e, invanare=ung)
    with pytest.raises(ValidationError):
        services.mottagare_boka(aktor=ung, invanare=ung, mottagare_id=m.pk, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    m.refresh_from_db()
    assert m.status == "skickat" and not Bokning.objects.filter(invanare=ung).exists()
    u.aktiv = False
    u.save()
    services.mottagare_boka(aktor=ung, invanare=ung, mottagare_id=m.pk, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)
    assert Bokning.objects.filter(invanare=ung).count() == 1
