"""Issue 13, finding 6: distances from a protected woman's home are shown to nobody but herself, and every
distance shown is rounded to whole kilometres (forlossning.selectors.avstand_att_visa)."""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.models import Beslut
from invanare.models import Invanare, Ombud
from tests.fixtures.app import AppKlient
from tests.fixtures.forlossning import GUBBANGEN, gravid
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Roll


def _kvinna(kliniker, *, skyddad: bool):
    inv = InvanareFactory(kon="K", lat=GUBBANGEN[0], lon=GUBBANGEN[1], konto=Invanare.Konto.REGISTRERAT,
                          skydd=Invanare.Skydd.SKYDDAD_FOLKBOKFORING if skyddad else "")
    gravid(invanare=inv, bf=timezone.localdate() + datetime.timedelta(weeks=20))
    return inv


def _avstand(klient) -> list:
    svar = klient.get("forlossning/")
    assert svar.status_code == 200, svar.content
    return [k["avstand_km"] for k in svar.json()["kliniker"]]


def _som_ombud(huvudman) -> AppKlient:
    ombud = InvanareFactory(konto=Invanare.Konto.REGISTRERAT)
    Ombud.objects.create(huvudman=huvudman, ombud=ombud, typ="fullmaktstagare", giltig_fran=timezone.localdate())
    klient = AppKlient.logga_in(ombud)
    klient.agera_for(huvudman)
    return klient


def test_distances_are_whole_kilometres(kliniker):
    avstand = _avstand(AppKlient.logga_in(_kvinna(kliniker, skyddad=False)))
    assert len(avstand) == 7
    assert all(isinstance(a, int) and a >= 1 for a in avstand), avstand


def test_a_protected_woman_sees_her_own_distances(kliniker):
    avstand = _avstand(AppKlient.logga_in(_kvinna(kliniker, skyddad=True)))
    assert all(isinstance(a, int) for a in avstand), avstand


def test_a_proxy_sees_no_distance_from_a_protected_womans_home(kliniker):
    klient = _som_ombud(_kvinna(kliniker, skyddad=True))
    assert _avstand(klient) == [None] * 7


def test_a_proxy_of_an_unprotected_woman_sees_rounded_distances(kliniker):
    klient = _som_ombud(_kvinna(kliniker, skyddad=False))
    assert all(isinstance(a, int) for a in _avstand(klient))


def test_staff_never_see_the_decision_distance_of_a_protected_woman(kliniker, bmm):
    inv = _kvinna(kliniker, skyddad=True)
    VardrelationFactory(invanare=inv, vardenhet=bmm)
    g = inv.graviditeter.get()
    Beslut.objects.create(graviditet=g, klinik=kliniker["F_SOS"], vecka=gv.vecka_start(g.bf), avstand_m=23456)
    html = logged_in_client(MedarbetaruppdragFactory(vardenhet=bmm, roll=Roll.BARNMORSKA)).get(
        reverse("forlossning:kvinna", args=[inv.pk])).content.decode()
    assert "Södersjukhuset" in html
    for form in ("23456", "23 456", "23,5", "23,46", "23 km"):
        assert form not in html
