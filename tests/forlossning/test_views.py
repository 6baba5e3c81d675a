"""Staff pages and the citizen app's API."""
import datetime
import re

from django.urls import reverse
from django.utils import timezone

from forlossning import graviditetsvecka as gv
from forlossning.fordelning.korning import fordelning_kor
from forlossning.models import Beslut, Graviditet, Kapacitet
from tests.fixtures.app import AppKlient
from tests.fixtures.forlossning import bf_for_22_0, gravid, kapacitet_satt
from tests.fixtures.svg import svg_giltiga
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Atkomstlogg, Roll


def test_midwife_registers_from_the_page_and_bad_input_is_refused(barnmorska, patient, kliniker):
    client = logged_in_client(barnmorska)
    url = reverse("forlossning:registrera", kwargs={"invanare_id": patient.pk})
    idag = timezone.localdate()
    svar = client.post(url, {"mhv1_datum": idag.isoformat(), "bf": (idag - datetime.timedelta(days=3)).isoformat()})
    assert svar.status_code == 400 and "redan passerat" in svar.content.decode()
    assert not Graviditet.objects.exists()
    svar = client.post(url, {"mhv1_datum": idag.isoformat(), "bf": (idag + datetime.timedelta(weeks=28)).isoformat()})
    assert svar.status_code == 302
    sida = client.get(reverse("forlossning:kvinna", kwargs={"invanare_id": patient.pk})).content.decode()
    assert "Väljer klinik" in sida and "12+0" in sida
    # no wishes: a sentence, not a numbered list of one item that is not a clinic
    assert re.search(r'<p id="onskemal" class="muted">Inga önskemål', sida) and '<ol id="onskemal">' not in sida


def test_the_overview_section_shows_the_decided_clinic(barnmorska, patient, kliniker):
    idag = timezone.localdate()
    g = gravid(invanare=patient, bf=bf_for_22_0(idag), onskemal=[kliniker["F_SG"]])
    kapacitet_satt(kliniker, g.bf, 4)
    fordelning_kor()
    html = logged_in_client(barnmorska).get(reverse("invanare:profil", args=[patient.pk])).content.decode()
    assert "BB S:t Göran" in html and "sektion-forlossning" in html


def test_app_api_shows_the_pregnancy_and_records_wishes(patient, kliniker):
    idag = timezone.localdate()
    gravid(invanare=patient, bf=idag + datetime.timedelta(weeks=20))
    app = AppKlient.logga_in(patient)
    svar = app.get("forlossning/").json()
    assert svar["graviditet"]["far_andra_onskemal"] is True and len(svar["kliniker"]) == 7
    ids = [kliniker["F_SOS"].pk, kliniker["F_KH"].pk]
    svar = app.post("forlossning/onskemal/", {"kliniker": ids})
    assert svar.status_code == 200, svar.content
    assert [o["klinik_id"] for o in svar.json()["graviditet"]["onskemal"]] == ids
    svar = app.post("forlossning/onskemal/", {"kliniker": [ids[0], ids[0]]})
    assert svar.status_code == 400 and "bara finnas med en gång" in svar.json()["fel"]["meddelande"]
    svar = app.post("forlossning/onskemal/", {"kliniker": "Södersjukhuset"})
    assert svar.status_code == 400


def test_clinic_page_draws_an_svg_and_lists_its_women_only_to_its_own_staff(kliniker):
    idag = timezone.localdate()
    g = gravid(bf=bf_for_22_0(idag), efternamn="Klinikdotter", onskemal=[kliniker["F_KS"]])
    kapacitet_satt(kliniker, g.bf, 4)
    fordelning_kor()
    url = reverse("forlossning:klinik_vecka", kwargs={"klinik_id": kliniker["F_KS"].pk,
                                                       "vecka": gv.vecka_slug(gv.vecka_start(g.bf))})
    egen = MedarbetaruppdragFactory(vardenhet=kliniker["F_KS"], roll=Roll.BARNMORSKA)
    html = logged_in_client(egen).get(url).content.decode()
    assert "<svg" in html and "1 beslutade av 4 platser" in html and "Klinikdotter" in html
    # Issue 18: coordinates with a decimal comma drew nothing and piled the week labels up at the left.
    [rot] = svg_giltiga(html)
    etiketter = [float(t.attrib["x"]) for t in rot.iter("{http://www.w3.org/2000/svg}text") if t.attrib["x"] != "4"]
    assert len(etiketter) > 3 and len(set(etiketter)) == len(etiketter) and etiketter == sorted(etiketter)
    assert any(x != int(x) for x in etiketter)  # fractional positions: the case a comma used to break
    rad = Atkomstlogg.objects.get(invanare_identitet=g.invanare.id_nummer)
    assert rad.handelse == "lasning" and rad.vardenhet_hsa_id == kliniker["F_KS"].hsa_id
    annan = MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.BARNMORSKA)
    html = logged_in_client(annan).get(url).content.decode()
    assert "<svg" in html and "Klinikdotter" not in html


def test_capacity_page_is_for_the_planner_and_refuses_going_below_decided(planerare, barnmorska, kliniker):
    idag = timezone.localdate()
    vecka = gv.vecka_start(gv.bf_for_beslutsdag(idag))
    kapacitet_satt(kliniker, vecka, 2)
    Beslut.objects.create(graviditet=gravid(bf=vecka), klinik=kliniker["F_DS"], vecka=vecka, avstand_m=1)
    assert logged_in_client(barnmorska).get(reverse("forlossning:kapacitet")).status_code == 403
    client = logged_in_client(planerare)
    assert client.get(reverse("forlossning:kapacitet")).status_code == 200
    falt = f"p_{kliniker['F_DS'].pk}_{gv.vecka_slug(vecka)}"
    svar = client.post(reverse("forlossning:kapacitet"), {falt: "0"})
    assert svar.status_code == 400 and "redan fått plats" in svar.content.decode()
    assert Kapacitet.objects.get(klinik=kliniker["F_DS"], vecka=vecka).platser == 2
    svar = client.post(reverse("forlossning:kapacitet"), {falt: "7"})
    assert svar.status_code == 302 and Kapacitet.objects.get(klinik=kliniker["F_DS"], vecka=vecka).platser == 7


def test_run_page_shows_first_choice_share_top_three_distance_and_gap(planerare, kliniker):
    idag = timezone.localdate()
    for _ in range(3):
        gravid(bf=bf_for_22_0(idag), onskemal=[kliniker["F_SOS"]])
    kapacitet_satt(kliniker, bf_for_22_0(idag), 2)
    korning = fordelning_kor()
    html = logged_in_client(planerare).get(reverse("forlossning:korning", args=[korning.pk])).content.decode()
    assert re.search(r"Uppskjuten acceptans.*?67 %", html, re.S)
    assert "Exakt optimum" in html and "Girig" in html and 'id="gap">0<' in html


def test_the_woman_page_writes_one_access_log_row(barnmorska, patient):
    logged_in_client(barnmorska).get(reverse("forlossning:kvinna", kwargs={"invanare_id": patient.pk}))
    assert Atkomstlogg.objects.filter(invanare_identitet=patient.id_nummer).count() == 1


def test_sms_page_lists_failed_sms_of_the_units_patients(barnmorska, patient):
    from notiser.models import SmsUtgaende

    SmsUtgaende.objects.create(invanare=patient, mobilnummer="+46701740610", text="x", syfte="test",
                               idempotensnyckel="t1", status="misslyckad", orsak="SMS-tjänsten svarade 400",
                               vardenhet_hsa_id=barnmorska.vardenhet.hsa_id)
    annan = InvanareFactory(efternamn="Annanenhetsson")
    VardrelationFactory(invanare=annan)
    SmsUtgaende.objects.create(invanare=annan, mobilnummer="+46701740610", text="x", syfte="test",
                               idempotensnyckel="t2", status="misslyckad")
    html = logged_in_client(barnmorska).get(reverse("notiser:sms_utkorg")).content.decode()
    assert patient.efternamn in html and "Annanenhetsson" not in html
    html = logged_in_client(barnmorska).get(reverse("bevakning")).content.decode()
    assert "SMS som inte kunde skickas" in html


def test_every_page_renders_for_a_clinic_planner_and_midwife(planerare, barnmorska, kliniker):
    idag = timezone.localdate()
    gravid(bf=bf_for_22_0(idag), onskemal=[kliniker["F_KH"]])
    kapacitet_satt(kliniker, bf_for_22_0(idag), 3)
    korning = fordelning_kor()
    klinikpersonal = MedarbetaruppdragFactory(vardenhet=kliniker["F_KH"], roll=Roll.VERKSAMHETSCHEF)
    for uppdrag in (planerare, barnmorska, klinikpersonal):
        client = logged_in_client(uppdrag)
        for url in (reverse("forlossning:oversikt"), reverse("forlossning:klinik", args=[kliniker["F_KH"].pk]),
                    reverse("forlossning:korningar"), reverse("forlossning:korning", args=[korning.pk]),
                    reverse("notiser:sms_utkorg"), reverse("bevakning")):
            svar = client.get(url)
            assert svar.status_code == 200, (uppdrag.roll, url, svar.status_code)
    assert logged_in_client(planerare).get(reverse("forlossning:klinik_vecka", kwargs={
        "klinik_id": kliniker["F_KH"].pk, "vecka": "2027-W99"})).status_code == 404


def test_a_proxy_choosing_in_the_app_is_recorded_as_proxy(patient, kliniker):
    from invanare.models import Ombud

    ombud = InvanareFactory(konto="registrerat")
    Ombud.objects.create(huvudman=patient, ombud=ombud, typ="fullmaktstagare")
    g = gravid(invanare=patient, bf=timezone.localdate() + datetime.timedelta(weeks=20))
    app = AppKlient.logga_in(ombud)
    app.agera_for(patient)
    svar = app.post("forlossning/onskemal/", {"kliniker": [kliniker["F_KS"].pk]})
    assert svar.status_code == 200, svar.content
    g.refresh_from_db()
    assert g.onskemal_kalla == "ombud" and g.onskemal_andrad_av == ombud.namn


def test_clinic_list_leaves_out_a_woman_whose_care_relation_has_ended(kliniker):
    """The names behind the chart follow the access rule: an active care relation with the clinic."""
    from invanare.models import Vardrelation

    vecka = gv.vecka_start(bf_for_22_0(timezone.localdate()))
    aktiv = gravid(bf=vecka, efternamn="Aktivdotter")
    avslutad = gravid(bf=vecka, efternamn="Avslutaddotter")
    for g in (aktiv, avslutad):
        Beslut.objects.create(graviditet=g, klinik=kliniker["F_KS"], vecka=vecka, avstand_m=1)
        VardrelationFactory(invanare=g.invanare, vardenhet=kliniker["F_KS"])
    Vardrelation.objects.filter(invanare=avslutad.invanare).update(till=timezone.now() - datetime.timedelta(days=1))
    url = reverse("forlossning:klinik_vecka", kwargs={"klinik_id": kliniker["F_KS"].pk, "vecka": gv.vecka_slug(vecka)})
    html = logged_in_client(MedarbetaruppdragFactory(vardenhet=kliniker["F_KS"], roll=Roll.BARNMORSKA)).get(url).content.decode()
    assert "Aktivdotter" in html and "Avslutaddotter" not in html
    assert not Atkomstlogg.objects.filter(invanare_identitet=avslutad.invanare.id_nummer).exists()


def test_ending_a_pregnancy_takes_her_out_of_the_run_and_lets_a_new_one_be_registered(barnmorska, patient, kliniker):
    client = logged_in_client(barnmorska)
    idag = timezone.localdate()
    bf = idag + datetime.timedelta(weeks=20)
    g = gravid(invanare=patient, bf=bf)
    url = reverse("forlossning:avsluta", kwargs={"invanare_id": patient.pk})
    # bad input: no reason, or one that is not on the list: 400, nothing changed
    for data in ({}, {"orsak": "annat"}):
        svar = client.post(url, data)
        assert svar.status_code == 400 and "Välj varför graviditeten avslutas." in svar.content.decode()
    g.refresh_from_db()
    assert g.avslutad is None
    loggar = Atkomstlogg.objects.filter(invanare_identitet=patient.id_nummer, vad="förlossning: avsluta graviditet").count()
    assert client.post(url, {"orsak": "missfall"}).status_code == 302
    g.refresh_from_db()
    assert g.avslutad is not None and g.avslutad_orsak == "missfall" and g.avslutad_av_namn
    assert Atkomstlogg.objects.filter(invanare_identitet=patient.id_nummer, vad="förlossning: avsluta graviditet").count() == loggar + 2
    sida = client.get(reverse("forlossning:kvinna", kwargs={"invanare_id": patient.pk})).content.decode()
    assert "Ingen registrerad graviditet." in sida and "Missfall eller avbruten graviditet" in sida
    # again: already ended (there is no active pregnancy to end)
    svar = client.post(url, {"orsak": "missfall"})
    assert svar.status_code == 400 and "ingen registrerad graviditet" in svar.content.decode()
    # she is not decided when her 22+0 comes, and a new pregnancy can be registered
    kapacitet_satt(kliniker, bf, 10)
    fordelning_kor(nu=timezone.make_aware(datetime.datetime.combine(gv.beslutsdag(bf), datetime.time(2))))
    assert not Beslut.objects.filter(graviditet=g).exists()
    svar = client.post(reverse("forlossning:registrera", kwargs={"invanare_id": patient.pk}),
                       {"mhv1_datum": idag.isoformat(), "bf": (idag + datetime.timedelta(weeks=30)).isoformat()})
    assert svar.status_code == 302 and Graviditet.objects.filter(invanare=patient).count() == 2


def test_only_a_midwife_or_the_decided_clinic_may_end_a_pregnancy(patient, kliniker, bmm):
    import pytest
    from django.core.exceptions import PermissionDenied

    from forlossning import services
    from tests.fixtures.staff import aktor_for

    g = gravid(invanare=patient, bf=timezone.localdate() + datetime.timedelta(weeks=20))
    lakare_vc = MedarbetaruppdragFactory(roll=Roll.LAKARE)
    with pytest.raises(PermissionDenied):
        services.graviditet_avsluta(aktor=aktor_for(lakare_vc), graviditet=g, orsak="fodsel")
    g.refresh_from_db()
    assert g.avslutad is None
    # the page offers no form to her either
    VardrelationFactory(invanare=patient, vardenhet=lakare_vc.vardenhet)
    sida = logged_in_client(lakare_vc).get(reverse("forlossning:kvinna", kwargs={"invanare_id": patient.pk}))
    assert "Avsluta graviditeten" not in sida.content.decode()
    # staff of the clinic she is decided to may (they see the birth)
    Beslut.objects.create(graviditet=g, klinik=kliniker["F_SOS"], vecka=gv.vecka_start(g.bf), avstand_m=1000)
    klinik_lakare = MedarbetaruppdragFactory(vardenhet=kliniker["F_SOS"], roll=Roll.LAKARE)
    services.graviditet_avsluta(aktor=aktor_for(klinik_lakare), graviditet=g, orsak="fodsel")
    g.refresh_from_db()
    assert g.avslutad_orsak == "fodsel"
