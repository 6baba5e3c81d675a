"""Staff pages: timebook day/week (htmx), a booking, booking for a citizen, schedules, 4US admin, overview, dashboard."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bokning import services
from bokning.models import Bokning, Schemarad, Tid, Vaccination
from tests.fixtures.bokning import (
    VALID_DEKLARATION,
    ResursFactory,
    TidbokFactory,
    TidstypFactory,
    om,
    skapa_tid,
    vaccinationstyp,
)
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetareFactory,
    MedarbetaruppdragFactory,
    VardrelationFactory,
    logged_in_client,
)
from vardportalen.models import Atkomstlogg, Medarbetaruppdrag, Roll


@pytest.fixture
def kista(regional_tidbok):
    return regional_tidbok.deltagande_enheter.get(ort="Kista")


@pytest.fixture
def sjukskoterska(kista):
    return MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SJUKSKOTERSKA)


def _idag_tid(klocka, regional_tidbok, kista, minuter=30):
    """A slot `minuter` from now, today. The clock is pinned to noon: at 23:40 a slot in 30 minutes is
    tomorrow's and at 00:02 one 5 minutes ago is yesterday's, so today's views would not show it."""
    klocka.stall(datetime.datetime.combine(timezone.localdate(), datetime.time(12)))
    return skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(),
                     start=timezone.now() + datetime.timedelta(minutes=minuter), kapacitet=3)


def _app_bokning(tid, deklaration=None, **inv):
    person = InvanareFactory(**inv)
    return services.bokning_create_app(aktor=person, invanare=person, tid_id=tid.pk,
                                       halsodeklaration=deklaration or VALID_DEKLARATION)


def test_day_view_shows_own_slots_flags_and_logs_each_citizen(sjukskoterska, regional_tidbok, kista, klocka):
    tid = _idag_tid(klocka, regional_tidbok, kista)
    flaggad = _app_bokning(tid, {**VALID_DEKLARATION, "feber_idag": True}, fornamn="Fia", efternamn="Feber")
    _app_bokning(tid, fornamn="Olle", efternamn="Ok")
    solna = regional_tidbok.deltagande_enheter.get(ort="Solna")
    _app_bokning(skapa_tid(tidbok=regional_tidbok, vardenhet=solna, tidstyp=tid.tidstyp, start=tid.start, kapacitet=1),
                 fornamn="Sune", efternamn="Solnabo")
    svar = logged_in_client(sjukskoterska).get(reverse("bokning:tidbok"))
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "Fia Feber" in html and "Olle Ok" in html and "Hälsodeklaration: kontrollera" in html
    assert html.count("Hälsodeklaration: kontrollera") == 1
    assert "Sune Solnabo" not in html  # another vaccination unit's slot in the shared timebook
    assert set(Atkomstlogg.objects.filter(vad="bokning: tidbok").values_list("invanare_identitet", flat=True)) == {
        flaggad.invanare.id_nummer, Bokning.objects.get(invanare__efternamn="Ok").invanare.id_nummer}


def test_week_view_and_htmx_navigation(sjukskoterska, regional_tidbok, kista):
    nasta_vecka = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=7))
    client = logged_in_client(sjukskoterska)
    datum = timezone.localtime(nasta_vecka.start).date().isoformat()
    svar = client.get(reverse("bokning:tidbok"), {"vy": "vecka", "datum": datum}, HTTP_HX_REQUEST="true")
    html = svar.content.decode()
    assert svar.status_code == 200 and html.lstrip().startswith('<section id="kalender"')
    assert "<html" not in html and timezone.localtime(nasta_vecka.start).strftime("%H:%M") in html
    assert "Nästa vecka" in html and 'hx-target="#kalender"' in html


def test_timebook_queries_are_constant(sjukskoterska, regional_tidbok, kista, django_assert_max_num_queries, klocka):
    tid = _idag_tid(klocka, regional_tidbok, kista)
    for _ in range(3):
        _app_bokning(tid)
    client = logged_in_client(sjukskoterska)
    client.get(reverse("bokning:tidbok"))
    with django_assert_max_num_queries(16) as fa:
        client.get(reverse("bokning:tidbok"))
    for i in range(8):
        _app_bokning(skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=tid.tidstyp,
                               start=tid.start + datetime.timedelta(minutes=15 * (i + 1))))
    with django_assert_max_num_queries(len(fa.captured_queries)):
        client.get(reverse("bokning:tidbok"))


def test_staff_see_the_flag_and_record_the_vaccination(sjukskoterska, regional_tidbok, kista, klocka):
    tid = _idag_tid(klocka, regional_tidbok, kista, minuter=-5)
    person = InvanareFactory()
    bokning = Bokning.objects.create(tid=tid, invanare=person, vardenhet=kista, bokad_av="invanare")
    VardrelationFactory(invanare=person, vardenhet=kista)
    from bokning.models import Halsodeklaration

    Halsodeklaration.objects.create(bokning=bokning, feber_idag=False, allvarlig_allergisk_reaktion=True, gravid=False,
                                    blodfortunnande=False, flaggad=True)
    client = logged_in_client(sjukskoterska)
    html = client.get(reverse("bokning:bokning", args=[bokning.pk])).content.decode()
    assert "Tidigare allvarlig allergisk reaktion" in html and "Kontrollera före besöket" in html
    svar = client.post(reverse("bokning:vaccination", args=[bokning.pk]),
                       {"produkt": "Comirnaty", "batchnummer": "", "dos": "1", "stalle": "vanster_overarm"})
    assert svar.status_code == 400 and not Vaccination.objects.exists()
    svar = client.post(reverse("bokning:vaccination", args=[bokning.pk]),
                       {"produkt": "Comirnaty", "batchnummer": "FX1234", "dos": "1", "stalle": "vanster_overarm"})
    assert svar.status_code == 302
    bokning.refresh_from_db()
    assert bokning.status == "genomford" and Vaccination.objects.get().batchnummer == "FX1234"


def test_another_units_booking_is_not_found(regional_tidbok, kista, klocka):
    bokning = _app_bokning(_idag_tid(klocka, regional_tidbok, kista))
    solna = regional_tidbok.deltagande_enheter.get(ort="Solna")
    client = logged_in_client(MedarbetaruppdragFactory(vardenhet=solna))
    assert client.get(reverse("bokning:bokning", args=[bokning.pk])).status_code == 404
    assert client.post(reverse("bokning:avboka", args=[bokning.pk])).status_code == 404
    bokning.refresh_from_db()
    assert bokning.status == "bokad"


def test_staff_cancel_frees_the_place_with_htmx(sjukskoterska, regional_tidbok, kista):
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2))
    bokning = _app_bokning(tid)
    client = logged_in_client(sjukskoterska)
    svar = client.post(reverse("bokning:avboka", args=[bokning.pk]), HTTP_HX_REQUEST="true")
    html = svar.content.decode()
    assert svar.status_code == 200 and "Avboka tiden?" in html and 'name="bekraftad" value="ja"' in html
    tid.refresh_from_db()
    assert tid.bokade == 1  # the first click only asks
    svar = client.post(reverse("bokning:avboka", args=[bokning.pk]), {"bekraftad": "ja"}, HTTP_HX_REQUEST="true")
    assert svar.status_code == 200 and "platsen är ledig igen" in svar.content.decode()
    tid.refresh_from_db()
    assert tid.bokade == 0


def test_cancel_confirmation_works_without_javascript(sjukskoterska, regional_tidbok, kista):
    """Issue 18: "Avboka" acted on one click. The confirmation is a plain form: no htmx needed."""
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2))
    bokning = _app_bokning(tid)
    client = logged_in_client(sjukskoterska)
    url = reverse("bokning:avboka", args=[bokning.pk])
    sida = client.post(url).content.decode()
    assert f'<form method="post" action="{url}">' in sida and "Ja, avboka tiden" in sida
    assert "hx-post" not in sida[sida.index("bekrafta-rubrik"):sida.index("Ja, avboka tiden")]
    bokning.refresh_from_db()
    assert bokning.status == "bokad"
    assert client.post(url, {"bekraftad": "ja"}).status_code == 302
    bokning.refresh_from_db()
    assert bokning.status == "avbokad"


def test_book_for_a_citizen_and_refusal_message(uppdrag, vardenhet):
    inv = VardrelationFactory(vardenhet=vardenhet, invanare__efternamn="Bokasson").invanare
    tidbok = TidbokFactory(vardenhet=vardenhet)
    dold = skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(namn="Dold kontroll", dold=True, bokningsbar_i_app=False),
                     start=om(dagar=1))
    client = logged_in_client(uppdrag)
    sida = client.get(reverse("bokning:boka", args=[inv.pk]))
    assert sida.status_code == 200 and "Dold kontroll" in sida.content.decode()
    svar = client.post(reverse("bokning:boka", args=[inv.pk]), {"tid": dold.pk, "skicka_kallelse": "on"})
    assert svar.status_code == 400 and "dold tidstyp" in svar.content.decode()
    assert not Bokning.objects.exists()
    svar = client.post(reverse("bokning:boka", args=[inv.pk]), {"tid": dold.pk})
    assert svar.status_code == 302 and Bokning.objects.get().invanare_id == inv.pk


def test_overview_lists_the_citizens_bookings_at_the_unit(uppdrag, vardenhet):
    inv = VardrelationFactory(vardenhet=vardenhet).invanare
    tidbok = TidbokFactory(vardenhet=vardenhet)
    services.bokning_create_staff(aktor=__import__("tests.fixtures.staff", fromlist=["aktor_for"]).aktor_for(uppdrag),
                                  invanare=inv, tid_id=skapa_tid(tidbok=tidbok, tidstyp=TidstypFactory(namn="Diabeteskontroll"),
                                                                 start=om(dagar=1)).pk)
    html = logged_in_client(uppdrag).get(reverse("invanare:profil", args=[inv.pk])).content.decode()
    assert "Diabeteskontroll" in html and "sektion-bokningar" in html


def test_dashboard_panel_counts_todays_flagged_declarations(sjukskoterska, regional_tidbok, kista, klocka):
    tid = _idag_tid(klocka, regional_tidbok, kista)
    _app_bokning(tid, {**VALID_DEKLARATION, "gravid": True})
    _app_bokning(tid)
    html = logged_in_client(sjukskoterska).get(reverse("bevakning")).content.decode()
    assert "Dagens bokningar" in html and "1 av 2 bokade besök i dag" in html


def test_scheduler_lays_out_the_weekly_template(kista, regional_tidbok):
    schemalaggare = MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SCHEMALAGGARE)
    resurs = ResursFactory(vardenhet=kista)
    client = logged_in_client(schemalaggare)
    url = f"{reverse('bokning:schema')}?tidbok={regional_tidbok.pk}"
    assert client.get(url).status_code == 200
    svar = client.post(url, {"atgard": "schemarad", "tidbok": regional_tidbok.pk, "vardenhet": kista.pk, "resurs": resurs.pk,
                             "tidstyp": vaccinationstyp().pk, "kapacitet": 2, "veckodag": 0, "fran_klockan": "09:00",
                             "till_klockan": "10:00"})
    assert svar.status_code == 302 and Schemarad.objects.count() == 1
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    svar = client.post(url, {"atgard": "lagg_ut", "tidbok": regional_tidbok.pk, "fran": monday.isoformat(),
                             "till": (monday + datetime.timedelta(days=6)).isoformat()})
    assert svar.status_code == 302 and Tid.objects.count() == 6  # 10-minute vaccinations 9:00–10:00
    svar = client.post(url, {"atgard": "tid", "tidbok": regional_tidbok.pk, "vardenhet": kista.pk, "resurs": resurs.pk,
                             "tidstyp": vaccinationstyp().pk, "kapacitet": 1,
                             "start": f"{monday.isoformat()}T09:05"})
    assert svar.status_code == 400 and "överlappar" in svar.content.decode() and Tid.objects.count() == 6


def test_nurse_cannot_open_scheduling_or_admin(sjukskoterska):
    client = logged_in_client(sjukskoterska)
    assert client.get(reverse("bokning:schema")).status_code == 403
    assert client.get(reverse("bokning:administration")).status_code == 403


def test_regional_admin_adds_a_scheduler_and_edits_the_contact_card(vardenhet):
    admin = MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR)
    client = logged_in_client(admin)
    ny = MedarbetareFactory()
    svar = client.post(reverse("bokning:administration"), {"hsa_id": ny.hsa_id, "vardenhet": vardenhet.pk})
    assert svar.status_code == 302
    assert Medarbetaruppdrag.objects.filter(medarbetare=ny, roll=Roll.SCHEMALAGGARE, vardenhet=vardenhet).exists()
    url = reverse("bokning:enhet", args=[vardenhet.pk])
    data = {"namn": vardenhet.namn, "gatuadress": "Vägen 1", "postnummer": "11520", "ort": "Stockholm", "telefon": "",
            "yttre_fardvag": "x" * 1025, "inre_fardvag": "", "om_oss": ""}
    svar = client.post(url, data)
    assert svar.status_code == 400 and "1024" in svar.content.decode()
    vardenhet.refresh_from_db()
    assert vardenhet.yttre_fardvag == ""
    svar = client.post(url, {**data, "yttre_fardvag": "Buss 172 till Kista centrum.", "om_oss": "y" * 2048})
    assert svar.status_code == 302
    vardenhet.refresh_from_db()
    assert vardenhet.yttre_fardvag.startswith("Buss 172") and len(vardenhet.om_oss) == 2048


def test_regional_admin_creates_a_time_type(vardenhet):
    from bokning.models import Tidstyp

    client = logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.REGIONAL_ADMINISTRATOR))
    data = {"atgard": "tidstyp", "namn": "Dold kontroll", "langd_minuter": 20, "boka_senast_timmar": 0,
            "avboka_senast_timmar": 24, "dold": "on", "bokningsbar_i_app": "on", "aktiv": "on"}
    svar = client.post(reverse("bokning:administration"), data)
    assert svar.status_code == 400 and "dold tidstyp kan inte vara bokningsbar" in svar.content.decode()
    assert not Tidstyp.objects.filter(namn="Dold kontroll").exists()
    del data["bokningsbar_i_app"]
    assert client.post(reverse("bokning:administration"), data).status_code == 302
    assert Tidstyp.objects.get(namn="Dold kontroll").kod == "dold-kontroll"


def test_scheduler_removes_only_unbooked_slots(kista, regional_tidbok):
    client = logged_in_client(MedarbetaruppdragFactory(vardenhet=kista, roll=Roll.SCHEMALAGGARE))
    ledig = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2))
    bokad = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=3))
    _app_bokning(bokad)
    url = f"{reverse('bokning:schema')}?tidbok={regional_tidbok.pk}"
    assert "Kommande tider" in client.get(url).content.decode()
    client.post(url, {"atgard": "ta_bort", "tidbok": regional_tidbok.pk, "tid": bokad.pk})
    client.post(url, {"atgard": "ta_bort", "tidbok": regional_tidbok.pk, "tid": ledig.pk})
    assert list(Tid.objects.values_list("pk", flat=True)) == [bokad.pk]


def test_move_on_the_booking_page_goes_to_the_new_booking(sjukskoterska, regional_tidbok, kista):
    tid = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=vaccinationstyp(), start=om(dagar=2))
    ny = skapa_tid(tidbok=regional_tidbok, vardenhet=kista, tidstyp=tid.tidstyp, start=om(dagar=3))
    bokning = _app_bokning(tid, {**VALID_DEKLARATION, "gravid": True})
    client = logged_in_client(sjukskoterska)
    assert f'value="{ny.pk}"' in client.get(reverse("bokning:bokning", args=[bokning.pk])).content.decode()
    svar = client.post(reverse("bokning:flytta", args=[bokning.pk]), {"ny_tid": ny.pk})
    flyttad = Bokning.objects.get(tid=ny)
    assert svar.status_code == 302 and svar["Location"] == reverse("bokning:bokning", args=[flyttad.pk])
    assert flyttad.halsodeklaration.gravid and flyttad.halsodeklaration.flaggad  # the declaration moves along
    html = client.get(reverse("bokning:bokning", args=[bokning.pk])).content.decode()
    assert "Flyttad till" in html


def test_the_regional_owner_sees_counts_not_names_of_other_units(regional_tidbok, kista, klocka):
    tid = _idag_tid(klocka, regional_tidbok, kista)
    _app_bokning(tid, fornamn="Greta", efternamn="Grannenhet")
    planerare = MedarbetaruppdragFactory(vardenhet=regional_tidbok.vardenhet, roll=Roll.REGIONAL_PLANERARE)
    html = logged_in_client(planerare).get(reverse("bokning:tidbok")).content.decode()
    assert "1 bokning" in html and "Grannenhet" not in html
    assert not Atkomstlogg.objects.filter(vad="bokning: tidbok").exists()


def test_the_owning_unit_sees_other_units_slots_as_counts_only(regional_tidbok, kista, klocka):
    from bokning.selectors import tidbok_for_personal
    from tests.fixtures.staff import aktor_for

    agare = MedarbetaruppdragFactory(vardenhet=regional_tidbok.vardenhet, roll=Roll.SJUKSKOTERSKA)
    tid = _idag_tid(klocka, regional_tidbok, kista)
    _app_bokning(tid, fornamn="Kim", efternamn="Kistabo")
    html = logged_in_client(agare).get(reverse("bokning:tidbok"), {"tidbok": regional_tidbok.pk}).content.decode()
    assert "Kim Kistabo" not in html and "1 bokning" in html
    assert not Atkomstlogg.objects.filter(vad="bokning: tidbok").exists()
    # the selector, not the template, takes the names away
    dag = timezone.localdate(tid.start)
    (t,) = [t for t in tidbok_for_personal(aktor=aktor_for(agare), tidbok=regional_tidbok, fran=dag,
                                           till=dag + datetime.timedelta(days=1)) if t.pk == tid.pk]
    assert t.aktuella_bokningar == [] and t.andra_enhetens_antal == 1
