"""The staff pages: licensed staff only, bad input refused, a referral recorded, logged and on the overview;
a published version never alters a referral made under the previous one; the content import."""
import copy

import pytest
from django.urls import reverse

from hanvisning import klocka
from hanvisning.innehall import validera
from hanvisning.katalog.demo import demokatalog
from hanvisning.models import Hanvisning, Innehallsversion, Symptom
from hanvisning.services import innehall_importera
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from tests.hanvisning.conftest import publicerad, tid
from vardportalen.models import Atkomstlogg, Roll, Yrke

LORDAG_2130 = tid(2026, 12, 5, 21, 30)


@pytest.fixture
def klient(uppdrag):
    return logged_in_client(uppdrag)


@pytest.fixture(autouse=True)
def _fast_klocka():
    with klocka.fast_tid(LORDAG_2130):
        yield


def test_search_without_age_then_the_result_asks_for_it(klient, version):
    r = klient.get(reverse("hanvisning:stod"), {"q": "magknip"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="traffar")
    assert r.status_code == 200 and "Buksmärta" in r.content.decode()


def test_search_partial_per_keystroke_does_not_write_the_session_but_the_page_does(klient, version):
    import datetime

    from django.contrib.sessions.models import Session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    klient.get(reverse("hanvisning:stod"))
    key = klient.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=Session.objects.get(session_key=key).expire_date
                                                   - datetime.timedelta(minutes=5))
    fore = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as fragor:
        r = klient.get(reverse("hanvisning:stod"), {"alder": 40, "q": "feber"}, HTTP_HX_REQUEST="true",
                       HTTP_HX_TARGET="traffar")
    assert r.status_code == 200 and "Feber" in r.content.decode()
    assert not any("django_session" in q["sql"] and q["sql"].startswith("UPDATE") for q in fragor.captured_queries)
    assert Session.objects.get(session_key=key).expire_date == fore
    klient.get(reverse("hanvisning:stod"), {"alder": 40, "q": "feber"})  # the plain page is activity
    assert Session.objects.get(session_key=key).expire_date > fore


def test_search_plain_get_and_htmx(klient, version):
    r = klient.get(reverse("hanvisning:stod"), {"alder": 4, "postnummer": "115 20", "q": "ont i magen"})
    assert r.status_code == 200 and "Buksmärta" in r.content.decode()
    r = klient.get(reverse("hanvisning:stod"), {"alder": 4, "q": "magknip"}, HTTP_HX_REQUEST="true",
                   HTTP_HX_TARGET="traffar")
    html = r.content.decode()
    assert "Buksmärta" in html and "<html" not in html


@pytest.mark.parametrize("fraga,vantat", [("magsmärtor", "Buksmärta"), ("huvdvärk", "Huvudvärk"),
                                          ("febern", "Feber"), ("svider när jag kissar", "Sveda vid urinering"),
                                          ("svårt andas", "Andnöd"), ("andnöden", "Andnöd")])
def test_search_tolerates_inflections_typos_and_lay_words(version, fraga, vantat):
    from hanvisning.sok import symptom_sok

    assert symptom_sok(version=version, fraga=fraga)[0].namn == vantat


def test_search_offers_only_symptoms_written_for_the_age(version):
    from hanvisning.sok import symptom_sok

    barn = [t.namn for t in symptom_sok(version=version, fraga="feber", alder=0)]
    vuxen = [t.namn for t in symptom_sok(version=version, fraga="feber", alder=40)]
    assert {"Feber", "Feber hos spädbarn", "Feberkramp"} <= set(barn)
    assert "Feber" in vuxen and "Feber hos spädbarn" not in vuxen and "Feberkramp" not in vuxen
    assert "Feberkramp" in [t.namn for t in symptom_sok(version=version, fraga="feberkramp", alder=6)]
    assert not symptom_sok(version=version, fraga="feberkramp", alder=7)


@pytest.mark.parametrize("params,fel", [
    ({"alder": -1}, "negativ"), ({"alder": 131}, "högst 130"), ({"alder": "fyra"}, "hela år"),
    ({"alder": 4, "postnummer": "1234"}, "fem siffror"), ({"alder": 4, "symptom": 999999999}, "finns inte"),
    ({"alder": 4, "symptom": "x"}, "Okänt symtom"), ({"alder": 4, "postnummer": "99999"}, "finns inte i länets"),
    ({"symptom": 1, "bradskegrad": "inom_nagra_timmar"}, "Skriv patientens ålder"),
])
def test_bad_input_gets_a_clear_message(klient, version, feber, params, fel):
    if params.get("symptom") == 1:
        params = {**params, "symptom": feber.pk}
    r = klient.get(reverse("hanvisning:stod"), params)
    assert r.status_code == 400 and fel in r.content.decode()


@pytest.mark.parametrize("roll,yrke", [(Roll.ADMINISTRATOR, Yrke.SJUKSKOTERSKA), (Roll.SJUKSKOTERSKA, Yrke.UNDERSKOTERSKA),
                                       (Roll.SJUKSKOTERSKA, ""), (Roll.VERKSAMHETSCHEF, Yrke.LAKARE)])
def test_unlicensed_is_refused_and_nothing_is_recorded(version, feber, roll, yrke):
    u = MedarbetaruppdragFactory(roll=roll, medarbetare__yrke=yrke)
    inv = VardrelationFactory(vardenhet=u.vardenhet).invanare
    k = logged_in_client(u)
    assert k.get(reverse("hanvisning:stod"), {"alder": 4, "q": "feber"}).status_code == 403
    assert k.get(reverse("hanvisning:stod_invanare", args=[inv.pk])).status_code == 403
    r = k.post(reverse("hanvisning:registrera_invanare", args=[inv.pk]),
               {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    assert r.status_code == 403 and "legitimerad" in r.content.decode()
    assert not Hanvisning.objects.exists()
    # Nothing of hers was read: the two refusals on her pages are logged as denied (issue 13), nothing else.
    assert list(Atkomstlogg.objects.values_list("utfall", "invanare_identitet")) == [("nekad", inv.id_nummer)] * 2


def test_referral_for_a_child_is_recorded_logged_and_on_the_overview(uppdrag, klient, version, feber, enheter):
    barn = InvanareFactory(fodelsedatum=tid(2022, 6, 1, 0).date(), efternamn="Barnsson")
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    sida = klient.get(reverse("hanvisning:stod_invanare", args=[barn.pk]),
                      {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    html = sida.content.decode()
    assert sida.status_code == 200 and "Barnakut" in html and "Demo barnakut Solna" in html and "R-SOMB-SEN" in html
    r = klient.post(reverse("hanvisning:registrera_invanare", args=[barn.pk]),
                    {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    assert r.status_code == 302
    h = Hanvisning.objects.get()
    assert (h.alder, h.foreslagen_vardform.kod, h.vald_vardform.kod, h.version_id) == (4, "barnakut", "barnakut", version.pk)
    assert h.foreslagen_enhet.namn == "Demo barnakut Solna" and h.tidpunkt == LORDAG_2130
    andring = Atkomstlogg.objects.filter(handelse="andring").get()
    assert andring.invanare_identitet == barn.id_nummer and andring.utfall == "tillaten"
    oversikt = klient.get(reverse("invanare:profil", args=[barn.pk])).content.decode()
    assert "Feber" in oversikt and "Barnakut" in oversikt


def test_deviation_needs_a_reason(klient, version, feber, enheter):
    from hanvisning.models import Vardform

    akut = Vardform.objects.get(kod="akutmottagning")
    data = {"alder": 4, "symptom": feber.pk, "bradskegrad": "inom_nagra_timmar", "vald_vardform": akut.pk}
    r = klient.post(reverse("hanvisning:registrera"), data)
    assert r.status_code == 400 and "skriv varför" in r.content.decode()
    assert not Hanvisning.objects.exists()
    r = klient.post(reverse("hanvisning:registrera"), {**data, "avvikelse_orsak": "Förälder oroad, lång resväg"})
    assert r.status_code == 302
    h = Hanvisning.objects.get()
    assert h.avviker and h.foreslagen_vardform.kod == "barnakut" and h.avvikelse_orsak


@pytest.mark.parametrize("data,fel", [
    ({"symptom": 123456789, "bradskegrad": "inom_nagra_timmar", "alder": 4}, "finns inte"),
    ({"symptom": "abc", "bradskegrad": "inom_nagra_timmar", "alder": 4}, "Okänt symtom"),
    ({"bradskegrad": "inom_nagra_timmar", "alder": 4}, "Välj ett symtom"),
    ({"bradskegrad": "snart", "alder": 4, "symptom": 1}, "Välj en brådskegrad"),
    ({"bradskegrad": "inom_nagra_timmar", "alder": 200, "symptom": 1}, ""),
])
def test_bad_referral_input_saves_nothing(klient, version, feber, data, fel):
    if data.get("symptom") == 1:
        data = {**data, "symptom": feber.pk}
    r = klient.post(reverse("hanvisning:registrera"), data)
    assert r.status_code == 400 and fel in r.content.decode()
    assert not Hanvisning.objects.exists()


def test_new_version_never_alters_an_earlier_referral(uppdrag, klient, version, feber, enheter):
    klient.post(reverse("hanvisning:registrera"), {"alder": 4, "symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    fore = Hanvisning.objects.select_related("symptom", "regel", "foreslagen_vardform").get()
    nytt = demokatalog()
    nytt["beteckning"] = "Version 2"
    for r in nytt["regler"]:
        if r["kod"] == "R-SOMB-SEN":
            r["vardform"] = "akutmottagning"
    for s in nytt["symptom"]:
        if s["namn"] == "Feber":
            s["namn"] = "Feber (ny text)"
    v2 = publicerad(nytt)
    efter = Hanvisning.objects.select_related("symptom", "regel", "foreslagen_vardform").get()
    assert (efter.symptom.namn, efter.regel.vardform.kod, efter.foreslagen_vardform.kod, efter.version_id) == (
        "Feber", "barnakut", "barnakut", version.pk)
    assert fore.motivering == efter.motivering
    ny_feber = Symptom.objects.get(version=v2, kod=feber.kod)
    klient.post(reverse("hanvisning:registrera"), {"alder": 4, "symptom": ny_feber.pk, "bradskegrad": "inom_nagra_timmar"})
    ny = Hanvisning.objects.order_by("-id").first()
    assert (ny.version_id, ny.foreslagen_vardform.kod) == (v2.pk, "akutmottagning")
    # The old version's symptom ids are no longer offered for new referrals.
    r = klient.post(reverse("hanvisning:registrera"), {"alder": 4, "symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    assert r.status_code == 400 and Hanvisning.objects.count() == 2


def test_broken_content_file_imports_nothing(db):
    data = demokatalog()
    trasig = copy.deepcopy(data)
    trasig["symptom"][0]["nivaer"][0]["vardupdrag"] = ["finns_inte"]
    trasig["regler"][0]["vardform"] = "okand_form"
    trasig["symptom"][1]["kroppsomrade"] = "svans"
    trasig["regler"][1]["tid"] = ["17:00", "08:00"]
    trasig["symptom"].append(dict(trasig["symptom"][2]))  # duplicate code
    fel, _ = validera(trasig)
    text = "\n".join(fel)
    for bit in ("'finns_inte' finns inte", "'okand_form' finns inte", "kroppsområde 'svans'", "sluttiden",
                "finns två gånger"):
        assert bit in text, text
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        innehall_importera(data=trasig, importerad_av="test")
    assert not Innehallsversion.objects.exists() and not Symptom.objects.exists()


def test_review_then_publish_workflow(db):
    from django.core.exceptions import ValidationError

    from hanvisning import services
    from hanvisning.selectors import aktuell_version

    v = innehall_importera(data=demokatalog(), importerad_av="test")
    assert aktuell_version() is None
    with pytest.raises(ValidationError):
        services.version_publicera(version=v, hsa_id="x")  # not reviewed
    with pytest.raises(ValidationError):
        services.version_granska(version=v, granskare_hsa_id="x", godkand=False)  # rejection needs a reason
    v = services.version_granska(version=v, granskare_hsa_id="x", godkand=True)
    v = services.version_publicera(version=v, hsa_id="x")
    assert aktuell_version() == v


def test_follow_up_page(klient, version, feber, enheter):
    klient.post(reverse("hanvisning:registrera"), {"alder": 4, "symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"})
    r = klient.get(reverse("hanvisning:uppfoljning"), {"fran": "2026-11-01", "till": "2026-12-31"})
    html = r.content.decode()
    assert r.status_code == 200 and "Barnakut" in html and "<svg" in html and "1 hänvisningar" in html
    import re

    assert not re.search(r'(width|x|y)="[0-9]+,[0-9]', html)  # no decimal comma inside SVG
    from tests.fixtures.svg import svg_giltiga

    svg_giltiga(html)
    assert klient.get(reverse("hanvisning:uppfoljning"), {"fran": "2026-12-31", "till": "2026-11-01"}).status_code == 400
    from tests.fixtures.staff import VardenhetFactory

    annan = VardenhetFactory()
    html = klient.get(reverse("hanvisning:uppfoljning"), {"fran": "2026-11-01", "till": "2026-12-31",
                                                          "vardenhet": annan.pk}).content.decode()
    assert "0 hänvisningar" in html


def test_version_difference_is_shown(klient, version):
    nytt = demokatalog()
    nytt["beteckning"] = "Version 2"
    nytt["symptom"][0]["nivaer"][1]["text"] = "Ny text."
    nytt["symptom"][1]["vardagliga"].append("magkatarr")
    del nytt["symptom"][2]
    nytt["regler"][1]["vardform"] = "narakut"
    v2 = innehall_importera(data=nytt, importerad_av="test")  # a draft can be compared before review
    html = klient.get(reverse("hanvisning:versioner"), {"fran": version.pk, "till": v2.pk}).content.decode()
    assert "Feber (DEMO-001): text för inom några timmar" in html
    assert "Buksmärta (DEMO-002): synonymer" in html
    assert "Borttagna symtom" in html and "Huvudvärk (DEMO-003)" in html
    assert "R-SOM-V-DAG: vårdform: vardcentral → narakut" in html
    assert klient.get(reverse("hanvisning:versioner"), {"fran": "x", "till": v2.pk}).status_code == 400


def test_book_at_the_suggested_unit_in_one_step(uppdrag, klient, version, feber, enheter):
    import datetime

    from bokning.models import Bokning, Tid, Tidstyp
    from invanare.models import Vardrelation
    from tests.fixtures.bokning import TidbokFactory, skapa_tid

    barnakut = enheter["barnakut"]
    barnakut.tidstyp_kod = "hanvisad-akut"
    barnakut.save()
    typ = Tidstyp.objects.create(kod="hanvisad-akut", namn="Hänvisad patient", langd_minuter=30)
    annan = Tidstyp.objects.create(kod="aterbesok", namn="Återbesök", langd_minuter=30)
    tidbok = TidbokFactory(vardenhet=barnakut.vardenhet)
    ledig = skapa_tid(tidbok=tidbok, tidstyp=typ, start=LORDAG_2130 + datetime.timedelta(minutes=45))
    fel_typ = skapa_tid(tidbok=tidbok, tidstyp=annan, start=LORDAG_2130 + datetime.timedelta(hours=2))
    barn = InvanareFactory(fodelsedatum=datetime.date(2022, 6, 1))
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    url = reverse("hanvisning:registrera_invanare", args=[barn.pk])
    falt = {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar"}

    sida = klient.get(reverse("hanvisning:stod_invanare", args=[barn.pk]), falt).content.decode()
    assert f'id="boka-{ledig.pk}"' in sida and f'id="boka-{fel_typ.pk}"' not in sida

    for fel in (fel_typ.pk, 987654321):
        r = klient.post(url, {**falt, "boka_tid": fel})
        assert r.status_code == 400
        assert not Hanvisning.objects.exists() and not Bokning.objects.exists()

    r = klient.post(url, {**falt, "boka_tid": ledig.pk})
    assert r.status_code == 302
    bokning = Bokning.objects.get()
    assert (bokning.invanare, bokning.tid_id, bokning.vardenhet_id) == (barn, ledig.pk, barnakut.vardenhet_id)
    assert Hanvisning.objects.get().foreslagen_enhet_id == barnakut.vardenhet_id
    assert Tid.objects.get(pk=ledig.pk).bokade == 1
    assert Vardrelation.objects.filter(invanare=barn, vardenhet=barnakut.vardenhet).exists()
    assert set(Atkomstlogg.objects.filter(handelse="andring").values_list("vad", flat=True)) == {
        "hänvisningsstöd: registrera hänvisning", "bokning: boka tid vid hänvisning"}


def test_referral_text_as_app_message_in_one_step_never_in_an_sms(uppdrag, klient, version, feber, enheter):
    import datetime

    from meddelanden.models import Konversation, Meddelande
    from notiser.models import SmsUtgaende

    barn = InvanareFactory(fodelsedatum=datetime.date(2022, 6, 1), mobilnummer="070-123 45 67", med_konto=True)
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    r = klient.post(reverse("hanvisning:registrera_invanare", args=[barn.pk]),
                    {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar", "skicka_meddelande": "on"})
    assert r.status_code == 302
    konversation = Konversation.objects.get(invanare=barn)
    assert konversation.vardenhet_id == uppdrag.vardenhet_id and konversation.amne == "Hänvisning"
    text = Meddelande.objects.get(konversation=konversation).text
    assert "barnakut" in text and "Demo barnakut Solna" in text and "112" in text
    # The SMS only says that a message has come: no care form, no unit, no symptom.
    (sms,) = SmsUtgaende.objects.filter(invanare=barn)
    assert sms.text == "Du har fått ett nytt meddelande från vården i Alltid öppet."
    assert "barnakut" not in sms.text and "feber" not in sms.text.lower()

    utan_konto = InvanareFactory(fodelsedatum=datetime.date(1980, 6, 1))
    VardrelationFactory(invanare=utan_konto, vardenhet=uppdrag.vardenhet)
    r = klient.post(reverse("hanvisning:registrera_invanare", args=[utan_konto.pk]),
                    {"symptom": feber.pk, "bradskegrad": "inom_nagra_timmar", "skicka_meddelande": "on"})
    assert r.status_code == 400 and "sparades inte" in r.content.decode()
    assert Hanvisning.objects.count() == 1 and Konversation.objects.count() == 1


def test_result_shows_the_units_contact_card(klient, version, feber, enheter):
    ve = enheter["barnakut"].vardenhet
    ve.yttre_fardvag = "Buss 3 till Karolinska, ingång vid taxi."
    ve.save()
    html = klient.get(reverse("hanvisning:stod"), {"alder": 4, "postnummer": "17165", "symptom": feber.pk,
                                                   "bradskegrad": "inom_nagra_timmar"}).content.decode()
    assert "Hitta hit" in html and "Buss 3 till Karolinska" in html and "08-123 456 00" in html
