"""Keyset paging of the inbox (vardportalen.nyckelsidor): every conversation exactly once, in order, forwards and
backwards, with ties on the sort time broken by id; the last page is read as cheaply as the first."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meddelanden import selectors, services
from meddelanden.models import Konversation
from tests.fixtures.staff import VardrelationFactory


@pytest.fixture
def sju(aktor, uppdrag, monkeypatch):
    """Seven open conversations, page size 3; four of them share one time (ties), one unread."""
    monkeypatch.setattr(selectors, "SIDSTORLEK", 3)
    ids = []
    for i in range(7):
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
        ids.append(services.konversation_start(aktor=aktor, invanare=inv, amne=f"Ämne {i}", text="x").pk)
    samma = timezone.now().replace(microsecond=0)
    Konversation.objects.filter(pk__in=ids[1:5]).update(senaste_meddelande=samma)
    return ids


def _ordning():
    return list(Konversation.objects.filter(stangd__isnull=True).order_by("-senaste_meddelande", "-id")
                .values_list("pk", flat=True))


def _lankar(html):
    return {namn: href.replace("&amp;", "&") for href, namn in
            re.findall(r'<a href="\?([^"]*)">(Första|Föregående|Nästa|Sista)</a>', html)}


def test_forwards_and_backwards_every_conversation_once_in_order(staff_client, sju):
    url = reverse("meddelanden:inkorg")
    framat, sidor, fraga = [], [], "flik=oppna"
    while True:
        r = staff_client.get(f"{url}?{fraga}")
        framat += [k.pk for k in r.context["inkorg"].konversationer]
        sidor.append(r.context["inkorg"].sida)
        lankar = _lankar(r.content.decode())
        if "Nästa" not in lankar:
            break
        fraga = lankar["Nästa"]
    assert framat == _ordning() and sidor == [1, 2, 3]
    bakat, fraga = [], "flik=oppna&sista=1"
    while True:
        r = staff_client.get(f"{url}?{fraga}")
        bakat = [k.pk for k in r.context["inkorg"].konversationer] + bakat
        lankar = _lankar(r.content.decode())
        if "Föregående" not in lankar:
            break
        fraga = lankar["Föregående"]
    assert bakat == _ordning()


def test_the_last_page_holds_the_rest_and_pages_back_onto_the_same_boundaries(staff_client, sju):
    r = staff_client.get(reverse("meddelanden:inkorg"), {"flik": "oppna", "sista": "1"})
    inkorg = r.context["inkorg"]
    assert [k.pk for k in inkorg.konversationer] == _ordning()[6:] and (inkorg.sida, inkorg.sidor) == (3, 3)
    r = staff_client.get(f"{reverse('meddelanden:inkorg')}?{_lankar(r.content.decode())['Föregående']}")
    assert [k.pk for k in r.context["inkorg"].konversationer] == _ordning()[3:6] and r.context["inkorg"].sida == 2


def test_last_page_takes_the_same_queries_as_the_first_and_no_offset(staff_client, sju):
    url = reverse("meddelanden:inkorg")
    with CaptureQueriesContext(connection) as forsta:
        staff_client.get(url, {"flik": "oppna"})
    with CaptureQueriesContext(connection) as sista:
        staff_client.get(url, {"flik": "oppna", "sista": "1"})
    assert len(forsta) == len(sista)
    assert not any("OFFSET" in q["sql"] for q in [*forsta, *sista])


def test_a_bad_or_stale_key_shows_the_first_page(staff_client, sju):
    url = reverse("meddelanden:inkorg")
    for fraga in ({"efter": "x"}, {"efter": "1²_1"}, {"fore": "1_2_3"}, {"efter": "-5_9999"}):
        r = staff_client.get(url, {"flik": "oppna", **fraga})
        assert r.status_code == 200 and r.context["inkorg"].sida == 1
        assert [k.pk for k in r.context["inkorg"].konversationer] == _ordning()[:3]


def test_unread_tab_pages_oldest_waiting_first(staff_client, aktor, sju):
    for pk in sju:
        k = Konversation.objects.select_related("invanare").get(pk=pk)
        services.meddelande_skicka_invanare(aktor_invanare=k.invanare, invanare=k.invanare, konversation_id=pk, text="?")
    url, sett, fraga = reverse("meddelanden:inkorg"), [], "flik=olasta"
    while fraga:
        r = staff_client.get(f"{url}?{fraga}")
        sett += [k.pk for k in r.context["inkorg"].konversationer]
        fraga = _lankar(r.content.decode()).get("Nästa")
    assert sett == list(Konversation.objects.order_by("forsta_olasta", "id").values_list("pk", flat=True))
