"""Issue 13, findings 1–3: a unit sees and resends only the SMS it sent itself, "Skicka igen" works, and a
protected citizen's number in the outbox is shown on no admin page."""
from __future__ import annotations

import pytest
from django.urls import reverse

from notiser.models import SmsUtgaende
from tests.fixtures.staff import (InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory,
                                  VardrelationFactory, logged_in_client)
from vardportalen.models import Atkomstlogg, Roll, Vardenhet


@pytest.fixture
def lage(db):
    """A woman with care relations to her vårdcentral and her midwife clinic; each sent her an SMS that failed."""
    vc = VardenhetFactory(namn="Vårdcentralen")
    bmm = VardenhetFactory(namn="Barnmorskemottagningen", typ=Vardenhet.Typ.BARNMORSKEMOTTAGNING)
    inv = InvanareFactory(kon="K", efternamn="Gemensamdotter", mobilnummer="070-174 06 10")
    for enhet in (vc, bmm):
        VardrelationFactory(invanare=inv, vardenhet=enhet)
    rader = {}
    for enhet, syfte in ((vc, "vc-paminnelse"), (bmm, "forlossning-inbjudan")):
        rader[syfte] = SmsUtgaende.objects.create(
            invanare=inv, mobilnummer="+46701740610", text=f"Text {syfte}", syfte=syfte, idempotensnyckel=syfte,
            status=SmsUtgaende.Status.MISSLYCKAD, orsak=f"Fel {syfte}", vardenhet_hsa_id=enhet.hsa_id, forsok=3)
    return {"vc": MedarbetaruppdragFactory(vardenhet=vc), "bmm": MedarbetaruppdragFactory(
        vardenhet=bmm, roll=Roll.BARNMORSKA), "inv": inv, **rader}


def test_a_unit_sees_only_the_sms_it_sent(lage):
    html = logged_in_client(lage["vc"]).get(reverse("notiser:sms_utkorg")).content.decode()
    assert "vc-paminnelse" in html or "Fel vc-paminnelse" in html
    assert "forlossning-inbjudan" not in html and "Fel forlossning-inbjudan" not in html
    html = logged_in_client(lage["bmm"]).get(reverse("notiser:sms_utkorg")).content.decode()
    assert "forlossning-inbjudan" in html or "Fel forlossning-inbjudan" in html
    assert "vc-paminnelse" not in html


def test_the_dashboard_counts_only_the_units_own_failures(lage):
    from notiser.sms.bevakning import sms_panel

    assert sms_panel(lage["vc"]).antal == 1


def test_skicka_igen_queues_the_units_own_sms(lage):
    rad = lage["vc-paminnelse"]
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:sms_utkorg"), {"sms_id": rad.pk})
    assert svar.status_code == 302
    rad.refresh_from_db()
    assert (rad.status, rad.forsok) == (SmsUtgaende.Status.VANTANDE, 0)
    assert Atkomstlogg.objects.filter(vad="SMS: skicka igen", utfall="tillaten").count() == 1


def test_a_unit_cannot_resend_another_units_sms_and_the_attempt_is_logged(lage):
    rad = lage["forlossning-inbjudan"]
    svar = logged_in_client(lage["vc"]).post(reverse("notiser:sms_utkorg"), {"sms_id": rad.pk}, follow=True)
    assert svar.status_code == 200
    assert "finns inte bland enhetens" in svar.content.decode()
    rad.refresh_from_db()
    assert rad.status == SmsUtgaende.Status.MISSLYCKAD
    nekad = Atkomstlogg.objects.get(utfall="nekad")
    assert nekad.invanare_identitet == lage["inv"].id_nummer


def test_the_service_refuses_another_units_sms(lage):
    from notiser.sms.services import sms_forsok_igen
    from tests.fixtures.staff import aktor_for

    with pytest.raises(ValueError):
        sms_forsok_igen(sms_id=lage["forlossning-inbjudan"].pk, aktor=aktor_for(lage["vc"]))


@pytest.fixture
def skyddad_sms(db):
    inv = InvanareFactory(skyddad=True, mobilnummer="073-919 28 46")
    return SmsUtgaende.objects.create(invanare=inv, mobilnummer="+46739192846", text="Hej", syfte="test",
                                      idempotensnyckel="skyddad-1", status=SmsUtgaende.Status.SKICKAD,
                                      skyddad_bekraftad=True)


def test_a_protected_citizens_number_is_not_shown_in_the_outbox_admin(admin_client, skyddad_sms):
    for url in (reverse("admin:notiser_smsutgaende_change", args=[skyddad_sms.pk]),
                reverse("admin:notiser_smsutgaende_changelist")):
        html = admin_client.get(url).content.decode()
        for form in ("+46739192846", "0739192846", "739192846", "073-919 28 46"):
            assert form not in html, (url, form)
    skyddad_sms.refresh_from_db()
    assert skyddad_sms.mobilnummer == "+46739192846"  # stored for sending, shown to nobody


def test_an_unprotected_citizens_number_is_shown_to_the_admin(admin_client):
    rad = SmsUtgaende.objects.create(invanare=InvanareFactory(), mobilnummer="+46701112233", text="Hej",
                                     syfte="test", idempotensnyckel="vanlig-1", status=SmsUtgaende.Status.SKICKAD)
    assert "+46701112233" in admin_client.get(reverse("admin:notiser_smsutgaende_change", args=[rad.pk])).content.decode()


def test_a_withheld_sms_is_shown_to_the_staff_member_who_caused_it_and_no_one_else(db):
    """Issue 18: an SMS withheld for a protected identity was shown to nobody, so no one knew to call her."""
    from notiser.sms.services import sms_enqueue
    from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, aktor_for

    orsakade = MedarbetaruppdragFactory()
    kollega = MedarbetaruppdragFactory(vardenhet=orsakade.vardenhet)
    skyddad = InvanareFactory(skyddad=True, fornamn="Hedda", efternamn="Skyddsdotter", mobilnummer="070-174 06 21")
    VardrelationFactory(invanare=skyddad, vardenhet=orsakade.vardenhet)
    assert sms_enqueue(invanare=skyddad, text="Hej", idempotensnyckel="k-skyddad", syfte="bokning",
                       aktor=aktor_for(orsakade)) is None
    html = logged_in_client(orsakade).get(reverse("notiser:sms_utkorg")).content.decode()
    nekade = html[html.index('id="sms-nekade"'):]
    assert "Skyddsdotter" in nekade and "Skyddad identitet" in nekade
    assert "fick inte skickas" in logged_in_client(orsakade).get(reverse("bevakning")).content.decode()
    kollegans = logged_in_client(kollega).get(reverse("notiser:sms_utkorg")).content.decode()
    assert "Skyddsdotter" not in kollegans
    assert "fick inte skickas" not in logged_in_client(kollega).get(reverse("bevakning")).content.decode()
