"""Staff pages: compose, target group, send (progress partial), follow-up; another unit's offer is a 404."""
from __future__ import annotations

import datetime
import re

from django.utils import timezone

from erbjudanden import raknare, services
from erbjudanden.models import Erbjudande, Mottagare
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, logged_in_client
from vardportalen.models import Atkomstlogg, Roll


def _data(**extra):
    idag = timezone.localdate()
    return {"titel": "Hälsosamtal", "text": "Välkommen", "atgard": "konversation", "giltig_fran": idag.isoformat(),
            "giltig_till": (idag + datetime.timedelta(days=5)).isoformat(), "alder_min": "65", **extra}


def test_compose_target_send_and_follow_up(staff_client, uppdrag):
    idag = timezone.localdate()
    gammal = InvanareFactory(med_konto=True, fodelsedatum=idag.replace(year=idag.year - 70, day=1))
    InvanareFactory(med_konto=True, fodelsedatum=idag.replace(year=idag.year - 30, day=1))
    svar = staff_client.post("/erbjudanden/ny/", _data(alder_min="x"))
    assert svar.status_code == 400 and not Erbjudande.objects.exists()
    svar = staff_client.post("/erbjudanden/ny/", _data(giltig_till=(idag - datetime.timedelta(days=1)).isoformat()))
    assert svar.status_code == 400 and not Erbjudande.objects.exists()
    svar = staff_client.post("/erbjudanden/ny/", _data())
    e = Erbjudande.objects.get()
    assert svar.status_code == 302 and e.vardenhet_id == uppdrag.vardenhet_id
    sida = staff_client.get(f"/erbjudanden/{e.pk}/").content.decode()
    assert re.search(r'id="antal-totalt">1<', sida) and re.search(r'id="antal-app">1<', sida)
    assert not re.search(rf"\b{re.escape(gammal.fornamn)}\b", sida)  # no identity ("Per" is in "Personnummer")
    assert staff_client.post(f"/erbjudanden/{e.pk}/skicka/").status_code == 302
    e.refresh_from_db()
    assert e.status == "skickas"
    services.erbjudande_skicka(erbjudande_id=e.pk)
    partial = staff_client.get(f"/erbjudanden/{e.pk}/?del=framsteg", HTTP_HX_REQUEST="true").content.decode()
    assert 'value="100"' in partial and "<html" not in partial
    m = Mottagare.objects.get()
    services.mottagare_oppna(invanare=gammal, mottagare_id=m.pk)
    Mottagare.objects.filter(pk=m.pk).update(status="bokat", bokat=timezone.now())
    raknare.raknare_bygg(e.pk)  # booked outside the services (it is a conversation offer): counters rebuilt
    fore = Atkomstlogg.objects.filter(invanare_identitet=gammal.id_nummer).count()
    sida = staff_client.get(f"/erbjudanden/{e.pk}/").content.decode()
    assert gammal.namn in sida and 'id="bokat-1">1<' in sida
    assert Atkomstlogg.objects.filter(invanare_identitet=gammal.id_nummer).count() == fore + 1
    svg = re.search(r"<svg.*?</svg>", sida, re.S).group(0)
    assert not re.search(r'="[^"]*\d,\d[^"]*"', svg), "no decimal comma inside SVG attributes"
    from tests.fixtures.svg import svg_giltiga

    svg_giltiga(sida)


def test_other_units_offer_is_404_and_regional_only_for_regional_admin(staff_client, uppdrag):
    annan = MedarbetaruppdragFactory()
    idag = timezone.localdate()
    e = Erbjudande.objects.create(titel="Annans", text="t", atgard="konversation", vardenhet=annan.vardenhet,
                                  giltig_fran=idag, giltig_till=idag)
    assert staff_client.get(f"/erbjudanden/{e.pk}/").status_code == 404
    assert staff_client.post(f"/erbjudanden/{e.pk}/skicka/").status_code == 404
    regional = Erbjudande.objects.create(titel="Regional", text="t", atgard="konversation", giltig_fran=idag, giltig_till=idag)
    assert staff_client.get(f"/erbjudanden/{regional.pk}/").status_code == 404
    svar = staff_client.post("/erbjudanden/ny/", _data(regionalt="on"))
    assert svar.status_code == 400 and Erbjudande.objects.count() == 2
    admin = logged_in_client(MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR))
    assert admin.get(f"/erbjudanden/{regional.pk}/").status_code == 200
    assert "Regional" in admin.get("/erbjudanden/").content.decode()


def test_once_sent_the_page_shows_the_reach_at_the_start_not_a_new_count(staff_client, uppdrag):
    from invanare.behorighet import senaste_fodelsedag

    idag = timezone.localdate()
    InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 70))
    InvanareFactory(fodelsedatum=senaste_fodelsedag(idag, 71))
    staff_client.post("/erbjudanden/ny/", _data())
    e = Erbjudande.objects.get()
    staff_client.post(f"/erbjudanden/{e.pk}/skicka/")
    e.refresh_from_db()
    assert (e.antal_i_malgrupp, e.antal_app, e.antal_sms, e.antal_ingen) == (2, 1, 1, 0)
    InvanareFactory(med_konto=True, fodelsedatum=senaste_fodelsedag(idag, 80))  # joins the group afterwards
    sida = staff_client.get(f"/erbjudanden/{e.pk}/").content.decode()
    assert re.search(r'id="antal-totalt">2<', sida) and re.search(r'id="antal-app">1<', sida)
    assert "när utskicket startade" in sida and "Urval ur målgruppen" not in sida


def test_who_booked_is_paged_by_key_and_each_page_logs_its_citizens(staff_client, uppdrag, monkeypatch):
    from erbjudanden import views

    monkeypatch.setattr(views, "BOKADE_PER_SIDA", 2)
    idag = timezone.localdate()
    e = Erbjudande.objects.create(titel="Vaccination", text="t", atgard="konversation", vardenhet=uppdrag.vardenhet,
                                  giltig_fran=idag, giltig_till=idag, status="skickat")
    nu = timezone.now()
    folk = InvanareFactory.create_batch(5)
    for i, p in enumerate(folk):  # two booked at the same moment: the tie is broken by id
        Mottagare.objects.create(erbjudande=e, invanare=p, kanal="app", status="bokat",
                                 bokat=nu - datetime.timedelta(minutes=10 - min(i, 3)))
    Mottagare.objects.create(erbjudande=e, invanare=InvanareFactory(), kanal="app")  # not booked
    raknare.raknare_bygg(e.pk)
    sett, url, sidor = [], f"/erbjudanden/{e.pk}/", 0
    while url:
        html = staff_client.get(url).content.decode()
        sidor += 1
        namn = [p.namn for p in folk if p.namn in html]
        assert len(namn) <= 2 and "Sida" in html
        sett += sorted(namn, key=html.index)
        nasta = re.search(r'href="(\?efter=[^"]+)">Nästa', html)
        url = f"/erbjudanden/{e.pk}/" + nasta.group(1).replace("&amp;", "&") if nasta else None
    assert sidor == 3 and sett == [p.namn for p in folk]
    sista = staff_client.get(f"/erbjudanden/{e.pk}/?sista=1").content.decode()
    assert folk[4].namn in sista and folk[0].namn not in sista
