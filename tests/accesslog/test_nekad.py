"""Issue 13, finding 5: every refused access to a citizen's data is logged as denied, whatever the path to
the refusal (vardportalen/accesslog/nekad.py)."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from bokning.models import BokadAv, Bokning
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.meddelanden import KonversationFactory
from tests.fixtures.staff import VardenhetFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Atkomstlogg


@pytest.fixture
def annan_enhets_bokning(db):
    enhet = VardenhetFactory(namn="Annan vårdcentral")
    inv = VardrelationFactory(vardenhet=enhet, invanare__efternamn="Annansdotter").invanare
    tid = skapa_tid(tidbok=TidbokFactory(vardenhet=enhet), tidstyp=TidstypFactory(), start=om(dagar=2))
    return Bokning.objects.create(tid=tid, invanare=inv, vardenhet=enhet, bokad_av=BokadAv.PERSONAL)


def _nekade():
    return list(Atkomstlogg.objects.filter(utfall="nekad").order_by("id"))


def test_another_units_booking_is_refused_and_the_refusal_logged(uppdrag, annan_enhets_bokning):
    svar = logged_in_client(uppdrag).get(reverse("bokning:bokning", args=[annan_enhets_bokning.pk]))
    assert svar.status_code == 404
    assert "Annansdotter" not in svar.content.decode()
    [rad] = _nekade()
    assert (rad.invanare_identitet, rad.handelse) == (annan_enhets_bokning.invanare.id_nummer, "lasning")
    assert (rad.medarbetare_hsa_id, rad.vardenhet_hsa_id) == (uppdrag.medarbetare.hsa_id, uppdrag.vardenhet.hsa_id)
    assert not Atkomstlogg.objects.filter(utfall="tillaten").exists()


@pytest.mark.parametrize("namn", ["bokning:avboka", "bokning:flytta", "bokning:utfall", "bokning:vaccination"])
def test_a_refused_change_of_another_units_booking_is_logged(uppdrag, annan_enhets_bokning, namn):
    svar = logged_in_client(uppdrag).post(reverse(namn, args=[annan_enhets_bokning.pk]))
    assert svar.status_code == 404
    [rad] = _nekade()
    assert (rad.invanare_identitet, rad.handelse) == (annan_enhets_bokning.invanare.id_nummer, "andring")
    annan_enhets_bokning.refresh_from_db()
    assert annan_enhets_bokning.status == Bokning.Status.BOKAD


def test_another_units_conversation_is_refused_and_logged(uppdrag):
    konversation = KonversationFactory()
    VardrelationFactory(invanare=konversation.invanare, vardenhet=konversation.vardenhet)
    svar = logged_in_client(uppdrag).post(reverse("meddelanden:tilldela", args=[konversation.pk]))
    assert svar.status_code == 404
    assert [r.invanare_identitet for r in _nekade()] == [konversation.invanare.id_nummer]


def test_a_missing_booking_is_answered_and_logged_like_a_refused_one(uppdrag, annan_enhets_bokning):
    klient = logged_in_client(uppdrag)
    nekad = klient.get(reverse("bokning:bokning", args=[annan_enhets_bokning.pk]))
    saknas = klient.get(reverse("bokning:bokning", args=[annan_enhets_bokning.pk + 1000]))

    def kropp(r):
        return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", r.content.decode())

    assert (nekad.status_code, kropp(nekad)) == (saknas.status_code, kropp(saknas))
    assert [r.invanare_identitet for r in _nekade()] == [annan_enhets_bokning.invanare.id_nummer, ""]


def test_a_view_that_logs_its_own_denial_gets_no_second_row(uppdrag, annan_enhets_bokning):
    inv = annan_enhets_bokning.invanare
    svar = logged_in_client(uppdrag).get(reverse("invanare:profil", args=[inv.pk]))
    assert svar.status_code == 404
    assert len(_nekade()) == 1


def test_pages_that_name_no_citizen_log_nothing_when_refused(uppdrag):
    svar = logged_in_client(uppdrag).get(reverse("forlossning:korning", args=[999999]))
    assert svar.status_code in (403, 404)
    assert not Atkomstlogg.objects.exists()
