"""Issue 15 items 11 and 12 for booking in the app (bokning.regler).

11. Listing governs a vårdcentral's own timebooks; the regional vaccination timebook is open to every citizen
    (seed 004: »Invånare kan själva boka vaccinationstid«), its slots at vårdcentraler included.
12. Seed 001, "Invånarkriterier": »Vilka invånare som kan använda vårdens funktioner i Alltid öppet kan styras
    med invånarkriterier«. A unit's booking criteria decide who may book there in the app; video likewise.
"""
import pytest
from django.core.exceptions import ValidationError

from bokning import selectors, services
from bokning.models import Bokning
from invanare.kriterier.bedomning import funktion_oppen
from invanare.kriterier.models import Kriterieuppsattning, Kriterium, Syfte
from tests.fixtures.bokning import VALID_DEKLARATION, TidbokFactory, TidstypFactory, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, VardenhetFactory
from vardportalen.models import Vardenhet


def _kriterier(enhet, syfte, **regel):
    u = Kriterieuppsattning.objects.create(vardenhet=enhet, namn=f"{syfte} test", syfte=syfte)
    Kriterium.objects.create(uppsattning=u, **regel)
    return u


def test_regional_vaccination_slot_at_a_vardcentral_is_open_to_everyone(regional_tidbok):
    vc = VardenhetFactory(typ=Vardenhet.Typ.VARDCENTRAL)
    regional_tidbok.deltagande_enheter.add(vc)
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=vc, tidstyp=vaccinationstyp(), start=om(dagar=2))
    listad_annanstans = InvanareFactory(listad_vardcentral=VardenhetFactory(typ=Vardenhet.Typ.VARDCENTRAL))
    hittade = selectors.lediga_tider_sok(invanare=listad_annanstans, tidstyp_id=tid.tidstyp_id)
    assert [t.pk for t in hittade] == [tid.pk]
    services.bokning_create_app(aktor=listad_annanstans, invanare=listad_annanstans, tid_id=tid.pk,
                                halsodeklaration=VALID_DEKLARATION)
    assert Bokning.objects.filter(invanare=listad_annanstans).count() == 1


def test_the_vardcentrals_own_timebook_stays_closed_to_others():
    vc = VardenhetFactory(typ=Vardenhet.Typ.VARDCENTRAL)
    typ = TidstypFactory(bokningsbar_i_app=True)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=vc), tidstyp=typ, start=om(dagar=2))
    annan = InvanareFactory(listad_vardcentral=VardenhetFactory(typ=Vardenhet.Typ.VARDCENTRAL))
    assert selectors.lediga_tider_sok(invanare=annan, tidstyp_id=typ.pk) == []
    with pytest.raises(ValidationError, match="där du är listad"):
        services.bokning_create_app(aktor=annan, invanare=annan, tid_id=tid.pk, halsodeklaration=None)


def test_booking_criteria_decide_who_may_book_at_the_unit():
    enhet = VardenhetFactory(typ=Vardenhet.Typ.SPECIALISTMOTTAGNING, namn="Diabetesmottagningen")
    typ = TidstypFactory(bokningsbar_i_app=True)
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=enhet), tidstyp=typ, start=om(dagar=2), kapacitet=2)
    stockholmare = InvanareFactory(kommunkod="0180")
    solnabo = InvanareFactory(kommunkod="0184")
    # no criteria for booking: open to both (messages criteria do not govern booking)
    _kriterier(enhet, Syfte.MEDDELANDEN, typ=Kriterium.Typ.FOLKBOKFORING, kommunkoder="0999")
    assert [t.pk for t in selectors.lediga_tider_sok(invanare=solnabo, tidstyp_id=typ.pk)] == [tid.pk]
    _kriterier(enhet, Syfte.BOKNING, typ=Kriterium.Typ.FOLKBOKFORING, kommunkoder="0180")
    assert [t.pk for t in selectors.lediga_tider_sok(invanare=stockholmare, tidstyp_id=typ.pk)] == [tid.pk]
    assert selectors.lediga_tider_sok(invanare=solnabo, tidstyp_id=typ.pk) == []
    with pytest.raises(ValidationError) as info:
        services.bokning_create_app(aktor=solnabo, invanare=solnabo, tid_id=tid.pk, halsodeklaration=None)
    assert info.value.code == "kriterier" and "Diabetesmottagningen" in info.value.messages[0]
    services.bokning_create_app(aktor=stockholmare, invanare=stockholmare, tid_id=tid.pk, halsodeklaration=None)
    assert list(Bokning.objects.values_list("invanare_id", flat=True)) == [stockholmare.pk]


def test_video_criteria_per_function():
    enhet = VardenhetFactory(typ=Vardenhet.Typ.SPECIALISTMOTTAGNING)
    ung, aldre = InvanareFactory(fodelsedatum=om(dagar=-365 * 30).date()), InvanareFactory(fodelsedatum=om(dagar=-365 * 80).date())
    assert funktion_oppen(invanare=aldre, vardenhet=enhet, syfte=Syfte.VIDEO).uppfyller
    _kriterier(enhet, Syfte.VIDEO, typ=Kriterium.Typ.ALDER, alder_min=65)
    assert funktion_oppen(invanare=aldre, vardenhet=enhet, syfte=Syfte.VIDEO).uppfyller
    assert not funktion_oppen(invanare=ung, vardenhet=enhet, syfte=Syfte.VIDEO).uppfyller
    assert funktion_oppen(invanare=ung, vardenhet=enhet, syfte=Syfte.BOKNING).uppfyller  # per function


def test_system_administrator_creates_a_set_for_a_function(vardenhet):
    from invanare.kriterier.services import kriterieuppsattning_skapa
    from tests.fixtures.staff import MedarbetaruppdragFactory, aktor_for
    from vardportalen.models import Roll

    admin = aktor_for(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SYSTEMFORVALTARE))
    u = kriterieuppsattning_skapa(aktor=admin, namn="Bara listade", syfte=Syfte.BOKNING)
    assert u.syfte == "bokning"
    with pytest.raises(ValidationError):
        kriterieuppsattning_skapa(aktor=admin, namn="Okänd", syfte="teleportering")



def test_a_search_in_an_area_with_no_unit_reads_no_slot(regional_tidbok, django_assert_num_queries):
    """An area without a unit is answered from the unit table alone: no scan of the window's free slots."""
    enhet = VardenhetFactory(typ=Vardenhet.Typ.VACCINATIONSMOTTAGNING, ort="Solna")
    regional_tidbok.deltagande_enheter.add(enhet)
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=2))
    invanare = InvanareFactory()
    with django_assert_num_queries(1):
        assert selectors.lediga_tider_sok(invanare=invanare, tidstyp_id=tid.tidstyp_id, ort="Kiruna") == []
    assert [t.pk for t in selectors.lediga_tider_sok(invanare=invanare, tidstyp_id=tid.tidstyp_id, ort="SOLNA")] == [tid.pk]
