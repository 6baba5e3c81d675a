"""Issue 18, bokning: options and rows that can be told apart (resource, unit, date), lists that filter, sort and
page on the server, Swedish formats on the booking pages."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from bokning import services
from tests.fixtures.bokning import ResursFactory, VALID_DEKLARATION, om, skapa_tid, vaccinationstyp
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Roll


@pytest.fixture
def kista(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Kista")


@pytest.fixture
def solna(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Solna")


@pytest.fixture
def sjukskoterska(kista):
    return MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SJUKSKOTERSKA)


def _app_bokning(tid, **inv):
    person = InvanareFactory(**inv)
    return services.bokning_create_app(aktor=person, invanare=person, tid_id=tid.pk, halsodeklaration=VALID_DEKLARATION)


def _alternativ(html: str, select_id: str) -> list[str]:
    select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S).group(0)
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r"<option[^>]*>(.*?)</option>", select, re.S)]


def test_move_options_at_the_same_time_are_told_apart_by_date_resource_and_unit(sjukskoterska, regional_tidbok, kista):
    start = om(dagar=3).replace(hour=10, minute=0, second=0, microsecond=0)
    bas1, bas2 = ResursFactory(vardenhet=kista, namn="Vaccinationsbås 1"), ResursFactory(vardenhet=kista, namn="Vaccinationsbås 2")
    bokning = _app_bokning(skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(),
                                     start=om(dagar=2), resurs=bas1))
    for resurs in (bas1, bas2):
        skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=start, resurs=resurs)
    html = logged_in_client(sjukskoterska).get(reverse("bokning:bokning", args=[bokning.pk])).content.decode()
    alternativ = _alternativ(html, "ny-tid")
    assert len(alternativ) == 2 and len(set(alternativ)) == 2
    dag = f"{start.day} {['jan','feb','mar','apr','maj','jun','jul','aug','sep','okt','nov','dec'][timezone.localtime(start).month - 1]}"
    for text, bas in zip(sorted(alternativ), ("Vaccinationsbås 1", "Vaccinationsbås 2")):
        assert dag in text and bas in text and kista.namn in text, text


def test_free_slots_have_a_resource_column_a_date_filter_and_pages(uppdrag, vardenhet):
    from tests.fixtures.bokning import TidbokFactory, TidstypFactory

    inv = VardrelationFactory(vardenhet=vardenhet).invanare
    tidbok, typ = TidbokFactory(vardenhet=vardenhet), TidstypFactory(namn="Provtagning")
    rum = ResursFactory(vardenhet=vardenhet, namn="Provtagningsrum 3")
    forsta = (timezone.localtime(om(dagar=1))).replace(hour=8, minute=0, second=0, microsecond=0)
    for i in range(45):  # 45 slots a day apart would be a page 8,900 px tall
        skapa_tid(tidbok=tidbok, tidstyp=typ, start=forsta + datetime.timedelta(hours=i * 5), resurs=rum)
    url = reverse("bokning:boka", args=[inv.pk])
    client = logged_in_client(uppdrag)
    html = client.get(url).content.decode()
    tabell = re.search(r'<table[^>]*id="lediga-tider".*?</table>', html, re.S).group(0)
    assert ">Resurs<" in tabell and "Provtagningsrum 3" in tabell
    assert tabell.count("<tr>") == 1 + 20  # header + one page
    assert "Sida 1 av" in html and 'rel="next"' in html
    sida2 = client.get(url, {"sida": 2}).content.decode()
    assert "Sida 2 av" in sida2
    dag = (forsta + datetime.timedelta(days=2)).date()
    filtrerad = client.get(url, {"fran": dag.isoformat(), "till": dag.isoformat()}).content.decode()
    tabell = re.search(r'<table[^>]*id="lediga-tider".*?</table>', filtrerad, re.S).group(0)
    rader = tabell.count("<tr>") - 1
    assert 1 <= rader <= 5 and 'rel="next"' not in filtrerad
    fallande = client.get(url, {"ordning": "-tid"}).content.decode()
    assert 'aria-sort="descending"' in fallande


def test_a_citizens_bookings_sort_and_page(uppdrag, vardenhet):
    from tests.fixtures.bokning import TidbokFactory, TidstypFactory

    inv = VardrelationFactory(vardenhet=vardenhet).invanare
    tidbok = TidbokFactory(vardenhet=vardenhet)
    for i, namn in enumerate(["Bvård", "Akontroll", "Cprov"] * 10):
        tid = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(namn=f"{namn}{i}"), start=om(dagar=1 + i))
        services.bokning_create_staff(aktor=_aktor(uppdrag), invanare=inv, tid_id=tid.pk, skicka_kallelse=False)
    client = logged_in_client(uppdrag)
    url = reverse("bokning:invanare_bokningar", args=[inv.pk])
    html = client.get(url).content.decode()
    assert "Sida 1 av 2" in html and ">Resurs<" in html
    html = client.get(url, {"ordning": "tidstyp"}).content.decode()
    typer = re.findall(r"<td>([ABC]\w+?\d+)", html)
    assert typer and typer == sorted(typer) and typer[0].startswith("A")
    profil = client.get(reverse("invanare:profil", args=[inv.pk])).content.decode()
    assert url in profil


def _aktor(uppdrag):
    from tests.fixtures.staff import aktor_for

    return aktor_for(uppdrag)


def test_schedule_shows_the_unit_of_same_named_resources_and_of_upcoming_slots(regional_tidbok, kista, solna):
    agare = MedarbetaruppdragFactory(vardenhet=regional_tidbok.vardenhet, roll=Roll.SCHEMALAGGARE)
    for enhet in (kista, solna):
        resurs = ResursFactory(vardenhet=enhet, namn="Vaccinationsbås 1")
        skapa_tid(tidbok=regional_tidbok, vardenhet=enhet, tidstyp=vaccinationstyp(), start=om(dagar=2), resurs=resurs)
    html = logged_in_client(agare).get(f"{reverse('bokning:schema')}?tidbok={regional_tidbok.pk}").content.decode()
    alternativ = [a for a in _alternativ(html, "id_tid_resurs") if "Vaccinationsbås 1" in a]
    assert sorted(alternativ) == [f"Vaccinationsbås 1 ({kista.namn})", f"Vaccinationsbås 1 ({solna.namn})"]
    kommande = html[html.index("Kommande tider"):]
    kommande = kommande[:kommande.index("</table>")]
    assert ">Enhet<" in kommande and kista.namn in kommande and solna.namn in kommande


def test_booking_page_writes_the_postal_code_one_way_and_dates_in_swedish(sjukskoterska, regional_tidbok, kista):
    kista.postnummer, kista.gatuadress, kista.ort = "16440", "Kistagången 12", "Kista"
    kista.save()
    bokning = _app_bokning(skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2)))
    html = logged_in_client(sjukskoterska).get(reverse("bokning:bokning", args=[bokning.pk])).content.decode()
    assert "164 40 Kista" in html and "16440" not in html
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", html)


def test_each_boka_button_in_the_free_slots_names_its_own_slot(sjukskoterska, regional_tidbok, kista):
    """Issue 18: every "Boka" had the same accessible name; each now says which slot it books (visually hidden)."""
    start = om(dagar=3).replace(hour=9, minute=0, second=0, microsecond=0)
    inv = VardrelationFactory(vardenhet=kista).invanare
    for resurs in (ResursFactory(vardenhet=kista, namn="Vaccinationsbås 1"), ResursFactory(vardenhet=kista, namn="Vaccinationsbås 2")):
        skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=start, resurs=resurs)
    html = logged_in_client(sjukskoterska).get(reverse("bokning:boka", args=[inv.pk])).content.decode()
    namn = [re.sub(r"<[^>]+>|\s+", " ", b).split() for b in re.findall(r"<button[^>]*>(Boka.*?)</button>", html, re.S)]
    namn = [" ".join(n) for n in namn if n[0] == "Boka"]
    assert len(namn) == 2 and len(set(namn)) == 2, namn
    for text, bas in zip(sorted(namn), ("Vaccinationsbås 1", "Vaccinationsbås 2")):
        assert bas in text and timezone.localtime(start).strftime("%H:%M") in text and kista.namn in text, text


def test_each_free_slots_checkboxes_have_their_own_id_label_and_name(uppdrag, vardenhet):
    """The per-row e-kallelse and protection checkboxes: labelled by id (not wrapped in their label), ids unique,
    each label naming its slot, and a booking posted from a row still books that slot (no JavaScript needed)."""
    from bokning.models import Bokning
    from tests.fixtures.bokning import TidbokFactory, TidstypFactory

    inv = VardrelationFactory(vardenhet=vardenhet, invanare__skyddad=True).invanare
    tidbok, typ = TidbokFactory(vardenhet=vardenhet), TidstypFactory(namn="Provtagning")
    start = timezone.localtime(om(dagar=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    tider = [skapa_tid(tidbok=tidbok, tidstyp=typ, start=start + datetime.timedelta(minutes=15 * i)) for i in range(3)]
    client = logged_in_client(uppdrag)
    html = client.get(reverse("bokning:boka", args=[inv.pk])).content.decode()
    tabell = re.search(r'<table[^>]*id="lediga-tider".*?</table>', html, re.S).group(0)
    for namn in ("skicka_kallelse", "skyddad_bekraftad"):
        rutor = re.findall(rf'<input type="checkbox" name="{namn}"[^>]*id="([^"]+)"', tabell)
        assert len(rutor) == len(set(rutor)) == 3, rutor
        etiketter = [re.sub(r"<[^>]+>|\s+", " ", re.search(rf'<label for="{i}">(.*?)</label>', tabell, re.S).group(1))
                     for i in rutor]
        assert len(set(etiketter)) == 3 and all("Provtagning" in e for e in etiketter), etiketter
    assert "<label>" not in tabell
    mitten = tider[1]
    svar = client.post(reverse("bokning:boka", args=[inv.pk]),
                       {"tid": mitten.pk, "token": "c0ffee00-0000-4000-8000-000000000001"})
    assert svar.status_code == 302 and Bokning.objects.get().tid_id == mitten.pk
