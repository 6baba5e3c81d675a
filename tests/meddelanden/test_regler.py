"""Who on the citizen's side may start a conversation or write in one: each rule with a test that fails if it breaks."""
import pytest

from invanare.kriterier.models import Kriterium
from meddelanden.regler import far_skriva, far_starta
from tests.fixtures.meddelanden import KonversationFactory, kriterier
from tests.fixtures.staff import InvanareFactory, VardenhetFactory


def test_active_booking_at_a_unit_sending_ekallelser_opens_it(ekallelse_enhet, besok):
    inv = InvanareFactory()
    assert far_starta(invanare=inv, vardenhet=ekallelse_enhet).kod == "ej_oppen"
    besok.boka(inv, ekallelse_enhet, dagar=2)
    beslut = far_starta(invanare=inv, vardenhet=ekallelse_enhet)
    assert beslut.tillaten and beslut.kod == "aktiv_bokning"


def test_booking_counts_only_until_the_visit_is_done(ekallelse_enhet, besok):
    inv = InvanareFactory()
    besok.boka(inv, ekallelse_enhet, dagar=-1, status="genomford")
    beslut = far_starta(invanare=inv, vardenhet=ekallelse_enhet)
    assert not beslut.tillaten
    assert "Du har ingen aktiv bokning på mottagningen." in beslut.skal_lista


def test_booking_does_not_open_a_unit_without_ekallelser(besok):
    enhet = VardenhetFactory(typ="specialistmottagning", skickar_ekallelser=False)
    inv = InvanareFactory()
    besok.boka(inv, enhet)
    assert not far_starta(invanare=inv, vardenhet=enhet).tillaten


def test_booking_at_another_unit_does_not_count(ekallelse_enhet, besok):
    inv = InvanareFactory()
    besok.boka(inv, VardenhetFactory(skickar_ekallelser=True, typ="specialistmottagning"))
    assert not far_starta(invanare=inv, vardenhet=ekallelse_enhet).tillaten


def test_criteria_open_the_unit():
    enhet = VardenhetFactory(typ="barnmorskemottagning")
    kriterier(enhet, {"typ": Kriterium.Typ.FOLKBOKFORING, "kommunkoder": "0180"})
    assert far_starta(invanare=InvanareFactory(kommunkod="0180"), vardenhet=enhet).kod == "kriterier"
    nej = far_starta(invanare=InvanareFactory(kommunkod="0380"), vardenhet=enhet)
    assert not nej.tillaten and any("folkbokförd" in s for s in nej.skal_lista)


def test_vardcentral_only_for_citizens_listed_there(besok):
    vc = VardenhetFactory(typ="vardcentral", skickar_ekallelser=True, namn="Vårdcentralen Gubbängen")
    kriterier(vc, {"typ": Kriterium.Typ.ALDER, "alder_min": 0})  # open to everyone... listed
    listad = InvanareFactory(listad_vardcentral=vc)
    annan = InvanareFactory(listad_vardcentral=VardenhetFactory(typ="vardcentral"))
    assert far_starta(invanare=listad, vardenhet=vc).tillaten
    nej = far_starta(invanare=annan, vardenhet=vc)
    assert nej.kod == "ej_listad" and "Vårdcentralen Gubbängen" in nej.skal


def test_active_booking_wins_over_listing_until_the_visit(besok):
    """Issue 15 item 11: seed 001 says both »Invånaren kan endast utföra ärenden på den vårdcentral den är
    listad på« and »invånare som har en aktiv bokning på enheter som skickar e-kallelser [ska] även ha möjlighet
    att skicka meddelande till mottagningen fram till dess att besöket är genomfört«. The booking wins."""
    vc = VardenhetFactory(typ="vardcentral", skickar_ekallelser=True)
    annan = InvanareFactory(listad_vardcentral=VardenhetFactory(typ="vardcentral"))
    besok.boka(annan, vc, dagar=2)
    assert far_starta(invanare=annan, vardenhet=vc).kod == "aktiv_bokning"
    tredje = InvanareFactory(listad_vardcentral=VardenhetFactory(typ="vardcentral"))
    assert far_starta(invanare=tredje, vardenhet=vc).kod == "ej_listad"  # listing still closes it to everyone else


def test_listing_alone_does_not_open_a_vardcentral():
    vc = VardenhetFactory(typ="vardcentral")
    assert not far_starta(invanare=InvanareFactory(listad_vardcentral=vc), vardenhet=vc).tillaten


def test_inactive_unit_is_closed():
    enhet = VardenhetFactory(typ="barnmorskemottagning", aktiv=False)
    kriterier(enhet, {"typ": Kriterium.Typ.ALDER, "alder_min": 0})
    assert far_starta(invanare=InvanareFactory(), vardenhet=enhet).kod == "enhet_inaktiv"


def test_citizen_may_answer_when_staff_started_until_closed():
    k = KonversationFactory(startad_av_personal=True)
    assert far_skriva(konversation=k).tillaten
    from django.utils import timezone
    k.stangd = timezone.now()
    assert far_skriva(konversation=k).kod == "stangd"


def test_her_own_conversation_follows_the_start_rule(ekallelse_enhet, besok):
    inv = InvanareFactory()
    k = KonversationFactory(startad_av_personal=False, vardenhet=ekallelse_enhet, invanare=inv)
    b = besok.boka(inv, ekallelse_enhet)
    assert far_skriva(konversation=k).tillaten
    besok.besok.remove(b)
    besok.boka(inv, ekallelse_enhet, dagar=-1, status="genomford")
    assert not far_skriva(konversation=k).tillaten


@pytest.mark.parametrize("typ", ["vardcentral", "barnmorskemottagning"])
def test_reasons_name_nobody_else(typ, besok):
    enhet = VardenhetFactory(typ=typ, skickar_ekallelser=True)
    other = InvanareFactory(fornamn="Annanperson", listad_vardcentral=enhet)
    kriterier(enhet, {"typ": Kriterium.Typ.LISTNING})
    nej = far_starta(invanare=InvanareFactory(), vardenhet=enhet)
    text = " ".join([nej.skal, *nej.skal_lista])
    assert "Annanperson" not in text and other.id_nummer not in text


def test_a_booking_hidden_from_her_does_not_open_the_unit_nor_show_in_the_reason(ekallelse_enhet, besok, dolda):
    inv = InvanareFactory()
    besok.boka(inv, ekallelse_enhet, dagar=2)
    dolda[inv.pk] = 1
    nej = far_starta(invanare=inv, vardenhet=ekallelse_enhet)
    assert not nej.tillaten and "bokad tid" not in nej.skal
    besok.boka(inv, ekallelse_enhet, dagar=5)  # a second, visible booking opens it
    assert far_starta(invanare=inv, vardenhet=ekallelse_enhet).kod == "aktiv_bokning"
