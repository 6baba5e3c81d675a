"""The faults the accessibility walk (tests/test_a11y_walk.py) found, each checked on its own without a browser, so
one that comes back fails here even when the walk's sample does not reach it."""
from __future__ import annotations

import re
from collections import Counter

from meddelanden.models import Konversation, Meddelande, Svarsmall
from tests.fixtures.bokning import TidbokFactory
from tests.fixtures.staff import (InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, VardrelationFactory,
                                  logged_in_client)
from vardportalen.models import Roll, Vardenhet


def _id(html: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', html)


def test_the_schedule_page_has_unique_ids_and_each_label_names_one_field(vardenhet):
    """Three forms on /bokning/schema/ shared Django's auto-ids (id_vardenhet, id_resurs, …): a label named the
    first form's field only, and the other forms' fields had no name."""
    TidbokFactory(vardenhet=vardenhet)
    klient = logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SCHEMALAGGARE))
    html = klient.get("/bokning/schema/").content.decode()
    dubbletter = [i for i, n in Counter(_id(html)).items() if n > 1]
    assert dubbletter == []
    ids = set(_id(html))
    etiketter = re.findall(r'<label for="([^"]+)"', html)
    assert len(etiketter) >= 12 and all(e in ids for e in etiketter), sorted(set(etiketter) - ids)
    assert len(etiketter) == len(set(etiketter))


def test_the_clinic_chart_is_a_group_of_links_not_an_image():
    """Links inside an SVG with role="img" are hidden from assistive technology."""
    klinik = VardenhetFactory(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK)
    klient = logged_in_client(MedarbetaruppdragFactory(vardenhet=klinik, roll=Roll.BARNMORSKA))
    html = klient.get(f"/forlossning/klinik/{klinik.pk}/").content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' not in svg
    lankar = re.findall(r"<a [^>]*>", svg)
    assert lankar and all("aria-label=" in a for a in lankar)


def test_the_reply_template_link_without_javascript_gives_the_whole_page(uppdrag):
    """Without htmx the template link answered a bare fragment (no title, no language, no way back)."""
    inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare=InvanareFactory()).invanare
    k = Konversation.objects.create(vardenhet=uppdrag.vardenhet, invanare=inv, amne="Fråga", startad_av_personal=False)
    Meddelande.objects.create(konversation=k, forfattare=Meddelande.Forfattare.INVANARE, text="Hej")
    mall = Svarsmall.objects.create(vardenhet=uppdrag.vardenhet, titel="Tack", text="Hej {fornamn}, tack!")
    klient = logged_in_client(uppdrag)
    sida = klient.get(f"/meddelanden/{k.pk}/mall/{mall.pk}/").content.decode()
    assert "<html" in sida and "<title>" in sida and f"Hej {inv.fornamn}, tack!" in sida
    del_ = klient.get(f"/meddelanden/{k.pk}/mall/{mall.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in del_ and f"Hej {inv.fornamn}, tack!" in del_


def test_flash_messages_stay_a_list(vardenhet):
    """role="status" on the <ul> took its list role away, and its items were list items outside a list."""
    tidbok = TidbokFactory(vardenhet=vardenhet)
    klient = logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SCHEMALAGGARE))
    svar = klient.post("/bokning/schema/", {"tidbok": tidbok.pk, "atgard": "ta_bort", "tid": "0"}, follow=True)
    html = svar.content.decode()
    ul = re.search(r"<ul class=\"messages\"[^>]*>", html).group(0)
    assert "role=" not in ul
    assert re.search(r'<div role="status"[^>]*>(\{#.*?#\})?\s*<ul class="messages"', html)
