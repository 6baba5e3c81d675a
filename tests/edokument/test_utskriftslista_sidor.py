"""The print list pages by key (vardportalen.nyckelsidor): every entry once, oldest first, ties on the time broken
by id, forwards and backwards; the last page with the same queries as the first, and no OFFSET."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from edokument import selectors
from edokument.models import Utskriftslistepost


def _lankar(html):
    return {namn: href.replace("&amp;", "&") for href, namn in
            re.findall(r'<a href="\?([^"]*)">(Första|Föregående|Nästa|Sista)</a>', html)}


@pytest.fixture
def sju_poster(uppdrag, monkeypatch):
    monkeypatch.setattr(selectors, "SIDSTORLEK", 3)
    from tests.fixtures.staff import InvanareFactory
    from edokument.models import Dokument
    samma = timezone.now().replace(microsecond=0)
    poster = []
    for i in range(7):
        dok = Dokument.objects.create(invanare=InvanareFactory(), vardenhet=uppdrag.vardenhet, typ="ekallelse",
                                      status="skickat", rubrik=f"Brev {i}", text="x", skapad_av_hsa_id="x",
                                      skapad_av_namn="x")
        poster.append(Utskriftslistepost.objects.create(
            dokument=dok, vardenhet=uppdrag.vardenhet, dokumenttyp="ekallelse", orsak="ingen_kanal",
            skapad=samma if 2 <= i <= 5 else samma - datetime.timedelta(minutes=10 - i)))
    return poster


def _ordning():
    return list(Utskriftslistepost.objects.order_by("skapad", "id").values_list("pk", flat=True))


def test_forwards_and_backwards_every_entry_once_in_order(staff_client, sju_poster):
    url = reverse("edokument:utskriftslista")
    framat, fraga = [], ""
    while fraga is not None:
        r = staff_client.get(f"{url}?{fraga}")
        framat += [p.pk for p in r.context["lista"].poster]
        fraga = _lankar(r.content.decode()).get("Nästa")
    assert framat == _ordning()
    bakat, fraga = [], "sista=1"
    while fraga is not None:
        r = staff_client.get(f"{url}?{fraga}")
        bakat = [p.pk for p in r.context["lista"].poster] + bakat
        fraga = _lankar(r.content.decode()).get("Föregående")
    assert bakat == _ordning()


def test_the_last_page_costs_the_queries_of_the_first(staff_client, sju_poster):
    url = reverse("edokument:utskriftslista")
    with CaptureQueriesContext(connection) as forsta:
        staff_client.get(url)
    with CaptureQueriesContext(connection) as sista:
        r = staff_client.get(url, {"sista": "1"})
    assert [p.pk for p in r.context["lista"].poster] == _ordning()[6:]
    assert len(forsta) == len(sista) and not any("OFFSET" in q["sql"] for q in [*forsta, *sista])


def test_paging_keeps_the_filter(staff_client, sju_poster):
    r = staff_client.get(reverse("edokument:utskriftslista"), {"orsak": "ingen_kanal"})
    assert _lankar(r.content.decode())["Nästa"].startswith("orsak=ingen_kanal&efter=")
