"""Issue 15: the staff page for push notices that could not be sent, scoped like the failed-SMS page (issue 13):
a unit sees and resends only what it sent itself, to citizens it may still see; every citizen shown is
access-logged; no token, number or address is shown."""
from __future__ import annotations

import pytest
from django.urls import reverse

from notiser.models import PushEnhet, PushUtgaende
from notiser.push.bevakning import push_panel
from notiser.push.services import push_forsok_igen
from tests.fixtures.staff import (InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory,
                                  aktor_for, logged_in_client)
from vardportalen.models import Atkomstlogg, Roll, Vardenhet

TOKEN = "hemlig-token-0123456789"


@pytest.fixture
def lage(db):
    """A woman (protected) with care relations to her vårdcentral and her midwife clinic; each sent her a push
    notice that failed."""
    vc = VardenhetFactory(namn="Vårdcentralen")
    bmm = VardenhetFactory(namn="Barnmorskemottagningen", typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)
    inv = InvanareFactory(kon="K", efternamn="Pushdotter", skyddad=True, gatuadress="Hemliga gränd 9",
                          mobilnummer="073-919 28 46")
    for enhet in (vc, bmm):
        VardrelationFactory(invanare=inv, vardenhet=enhet)
    telefon = PushEnhet.objects.create(invanare=inv, token=TOKEN, plattform="ios")
    rader = {}
    for enhet, syfte in ((vc, "bokning_ny"), (bmm, "nytt_dokument")):
        rader[syfte] = PushUtgaende.objects.create(
            invanare=inv, enhet=telefon, titel="Alltid öppet", text="Text", syfte=syfte, idempotensnyckel=syfte,
            status=PushUtgaende.Status.MISSLYCKAD, orsak=f"Fel {syfte}", vardenhet_hsa_id=enhet.hsa_id, forsok=8,
            skyddad_bekraftad=True)
    return {"vc": MedarbetaruppdragFactory(vardenhet=vc), "bmm": MedarbetaruppdragFactory(
        vardenhet=bmm, roll=Roll.BARNMORSKA), "inv": inv, "telefon": telefon, **rader}


def test_a_unit_sees_only_the_push_notices_it_sent_and_no_protected_data(lage):
    html = logged_in_client(lage["vc"]).get(reverse("notiser:push_utkorg")).content.decode()
    assert "Fel bokning_ny" in html and "Tid bokad av vården" in html
    assert "Fel nytt_dokument" not in html
    assert "Pushdotter" in html and "Skyddade personuppgifter" in html
    for hemligt in (TOKEN, "Hemliga gränd", "919 28 46", "739192846"):
        assert hemligt not in html
    logg = Atkomstlogg.objects.get(vad="Pushnotiser som inte kunde skickas")
    assert (logg.invanare_identitet, logg.utfall) == (lage["inv"].id_nummer, "tillaten")
    html = logged_in_client(lage["bmm"]).get(reverse("notiser:push_utkorg")).content.decode()
    assert "Fel nytt_dokument" in html and "Fel bokning_ny" not in html


def test_a_citizen_the_unit_no_longer_sees_is_not_listed(lage):
    lage["inv"].vardrelationer.filter(vardenhet=lage["vc"].vardenhet).delete()
    html = logged_in_client(lage["vc"]).get(reverse("notiser:push_utkorg")).content.decode()
    assert "Pushdotter" not in html and "Inga misslyckade pushnotiser." in html
    assert push_panel(lage["vc"]).antal == 0


def test_the_dashboard_counts_only_the_units_own_failures(lage):
    assert push_panel(lage["vc"]).antal == 1
    assert push_panel(lage["bmm"]).antal == 1


def test_skicka_igen_queues_the_units_own_notice(lage):
    rad = lage["bokning_ny"]
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:push_utkorg"), {"push_id": rad.pk})
    assert svar.status_code == 302
    rad.refresh_from_db()
    assert (rad.status, rad.forsok) == (PushUtgaende.Status.VANTANDE, 0)
    assert Atkomstlogg.objects.filter(vad="Pushnotis: skicka igen", utfall="tillaten").count() == 1


def test_a_unit_cannot_resend_another_units_notice_and_the_attempt_is_logged(lage):
    rad = lage["nytt_dokument"]
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:push_utkorg"), {"push_id": rad.pk}, follow=True)
    assert svar.status_code == 200
    assert "finns inte bland enhetens" in svar.content.decode()
    rad.refresh_from_db()
    assert rad.status == PushUtgaende.Status.MISSLYCKAD
    nekad = Atkomstlogg.objects.get(utfall="nekad")
    assert nekad.invanare_identitet == lage["inv"].id_nummer
    with pytest.raises(ValueError):
        push_forsok_igen(push_id=rad.pk, aktor=aktor_for(lage["vc"]))


def test_a_device_that_is_gone_is_not_retried(lage):
    PushEnhet.objects.filter(pk=lage["telefon"].pk).update(aktiv=False)
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:push_utkorg"), {"push_id": lage["bokning_ny"].pk},
                                             follow=True)
    assert "inte längre registrerad" in svar.content.decode()
    lage["bokning_ny"].refresh_from_db()
    assert lage["bokning_ny"].status == PushUtgaende.Status.MISSLYCKAD


@pytest.mark.parametrize("push_id", ["", "abc", "²", "-1", "99999999999999999999999"])
def test_nonsense_ids_change_nothing(lage, push_id):
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:push_utkorg"), {"push_id": push_id}, follow=True)
    assert svar.status_code == 200 and "finns inte bland enhetens" in svar.content.decode()
    assert not PushUtgaende.objects.filter(status=PushUtgaende.Status.VANTANDE).exists()
