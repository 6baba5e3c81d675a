"""The citizen app's API: list, read (marks read), write, start when allowed, "may I start and why not";
blocked proxies and locked accounts get nothing; bad input stores nothing."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from invanare.behorighet import senaste_fodelsedag
from invanare.kriterier.models import Kriterium
from invanare.models import Kontosparr, OmbudBlockering
from meddelanden import services
from meddelanden.models import Bilaga, Konversation, Meddelande
from tests.fixtures.app import AppKlient
from tests.fixtures.meddelanden import PDF, kriterier
from tests.fixtures.staff import InvanareFactory, VardenhetFactory, VardnadshavarskapFactory, VardrelationFactory


@pytest.fixture
def sara(uppdrag):
    return VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat", invanare__fornamn="Sara").invanare


@pytest.fixture
def konv(aktor, sara):
    return services.konversation_start(aktor=aktor, invanare=sara, amne="Provsvar", text="Hej Sara, ring oss.")


def test_list_read_and_reply(sara, konv, aktor):
    app = AppKlient.logga_in(sara)
    lista = app.get("meddelanden/").json()["konversationer"]
    assert [(k["id"], k["olasta"], k["amne"]) for k in lista] == [(konv.pk, 1, "Provsvar")]
    las = app.get(f"meddelanden/{konv.pk}/").json()
    assert las["meddelanden"][0]["text"] == "Hej Sara, ring oss." and las["meddelanden"][0]["fran"] == "enheten"
    assert las["far_skriva"]["tillaten"] is True
    assert Meddelande.objects.get().last is not None  # read by the citizen
    assert app.get("meddelanden/").json()["konversationer"][0]["olasta"] == 0
    svar = app.post(f"meddelanden/{konv.pk}/meddelanden/", {"text": "Tack, jag ringer i morgon."})
    assert svar.status_code == 201
    konv.refresh_from_db()
    assert konv.olasta_inkommande == 1


def test_cannot_read_or_write_someone_elses_conversation(konv):
    app = AppKlient.logga_in(InvanareFactory())
    assert app.get(f"meddelanden/{konv.pk}/").status_code == 404
    assert app.post(f"meddelanden/{konv.pk}/meddelanden/", {"text": "hej"}).status_code == 404
    assert Meddelande.objects.count() == 1


@pytest.mark.parametrize("data,status,fel", [
    ({"text": ""}, 400, "Skriv ett meddelande"),
    ({"text": "x" * 4001}, 400, "högst 4000"),
    ({"text": 12}, 400, "sträng"),
    ({}, 400, "Skriv ett meddelande"),
])
def test_bad_input_stores_nothing(sara, konv, data, status, fel):
    app = AppKlient.logga_in(sara)
    svar = app.post(f"meddelanden/{konv.pk}/meddelanden/", data)
    assert svar.status_code == status and fel in svar.json()["fel"]["meddelande"]
    assert Meddelande.objects.count() == 1


def test_not_json_is_400(sara, konv):
    app = AppKlient.logga_in(sara)
    svar = app.client.post(f"/api/app/v1/meddelanden/{konv.pk}/meddelanden/", data="{inte json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {app.token}")
    assert svar.status_code == 400 and Meddelande.objects.count() == 1


def test_closed_conversation_refuses_with_409(sara, konv, aktor):
    services.konversation_stang(aktor=aktor, konversation_id=konv.pk)
    svar = AppKlient.logga_in(sara).post(f"meddelanden/{konv.pk}/meddelanden/", {"text": "Hallå?"})
    assert svar.status_code == 409 and svar.json()["fel"]["kod"] == "stangd"
    assert "avslutad" in svar.json()["fel"]["meddelande"]
    assert Meddelande.objects.count() == 1


def test_attachment_multipart_sniffed_and_refused(sara, konv):
    app = AppKlient.logga_in(sara)
    ok = app.post_multipart(f"meddelanden/{konv.pk}/meddelanden/",
                            {"text": "Intyg bifogat", "bilagor": [SimpleUploadedFile("intyg.pdf", PDF, "image/png")]})
    assert ok.status_code == 201
    b = Bilaga.objects.get()
    assert b.typ == "application/pdf"
    dl = app.get(f"meddelanden/bilagor/{b.pk}/")
    assert dl.status_code == 200 and dl.content == PDF
    assert AppKlient.logga_in(InvanareFactory()).get(f"meddelanden/bilagor/{b.pk}/").status_code == 404
    nej = app.post_multipart(f"meddelanden/{konv.pk}/meddelanden/",
                             {"text": "exe", "bilagor": [SimpleUploadedFile("foto.jpg", b"MZ\x90\x00exe", "image/jpeg")]})
    assert nej.status_code == 400 and "inte en PDF eller en bild" in nej.json()["fel"]["meddelande"]
    assert Meddelande.objects.count() == 2 and Bilaga.objects.count() == 1


# --- starting, and "may I start one and why not" ---


def test_citizen_with_active_booking_starts_one_without_is_told_why(ekallelse_enhet, besok):
    med, utan = InvanareFactory(), InvanareFactory()
    besok.boka(med, ekallelse_enhet, dagar=4)
    fraga = AppKlient.logga_in(med).get(f"meddelanden/enheter/{ekallelse_enhet.pk}/").json()
    assert fraga["tillaten"] is True and fraga["kod"] == "aktiv_bokning"
    start = AppKlient.logga_in(med).post("meddelanden/", {"enhet_id": ekallelse_enhet.pk, "amne": "Inför besöket",
                                                          "text": "Ska jag vara fastande?"})
    assert start.status_code == 201
    k = Konversation.objects.get()
    assert k.invanare_id == med.pk and not k.startad_av_personal

    app = AppKlient.logga_in(utan)
    fraga = app.get(f"meddelanden/enheter/{ekallelse_enhet.pk}/").json()
    assert fraga["tillaten"] is False and "Du har ingen aktiv bokning på mottagningen." in fraga["detaljer"]
    nej = app.post("meddelanden/", {"enhet_id": ekallelse_enhet.pk, "amne": "Fråga", "text": "Hej"})
    assert nej.status_code == 403 and nej.json()["fel"]["kod"] == "ej_oppen"
    assert "Du har ingen aktiv bokning på mottagningen." in nej.json()["fel"]["detaljer"]
    assert Konversation.objects.count() == 1


def test_start_by_criteria_and_vardcentral_listing():
    vc = VardenhetFactory(typ="vardcentral", namn="Vårdcentralen Farsta")
    kriterier(vc, {"typ": Kriterium.Typ.LISTNING})
    listad, annan = InvanareFactory(listad_vardcentral=vc), InvanareFactory()
    assert AppKlient.logga_in(listad).post("meddelanden/", {"enhet_id": vc.pk, "amne": "F", "text": "Hej"}).status_code == 201
    nej = AppKlient.logga_in(annan).post("meddelanden/", {"enhet_id": vc.pk, "amne": "F", "text": "Hej"})
    assert nej.status_code == 403 and nej.json()["fel"]["kod"] == "ej_listad"
    assert "Vårdcentralen Farsta" in nej.json()["fel"]["meddelande"]


def test_start_bad_input(ekallelse_enhet, besok):
    inv = InvanareFactory()
    besok.boka(inv, ekallelse_enhet)
    app = AppKlient.logga_in(inv)
    for data in ({"enhet_id": "x", "amne": "a", "text": "b"}, {"enhet_id": 10**9, "amne": "a", "text": "b"},
                 {"enhet_id": ekallelse_enhet.pk, "amne": "", "text": "b"},
                 {"enhet_id": ekallelse_enhet.pk, "amne": "a", "text": ""}):
        assert app.post("meddelanden/", data).status_code == 400
    assert not Konversation.objects.exists()


def test_unknown_unit_in_may_i_start_is_404(sara):
    assert AppKlient.logga_in(sara).get("meddelanden/enheter/999999999/").status_code == 404


# --- proxies, blocks and locks ---


@pytest.fixture
def barn_och_forälder(uppdrag):
    idag = timezone.localdate()
    barn = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat",
                               invanare__fodelsedatum=senaste_fodelsedag(idag, 5)).invanare
    forälder = InvanareFactory(konto="registrerat")
    VardnadshavarskapFactory(barn=barn, vardnadshavare=forälder)
    return barn, forälder


def test_guardian_acts_for_child(aktor, barn_och_forälder):
    barn, forälder = barn_och_forälder
    k = services.konversation_start(aktor=aktor, invanare=barn, amne="Vaccination", text="Hej!")
    app = AppKlient.logga_in(forälder)
    app.agera_for(barn)
    assert [x["id"] for x in app.get("meddelanden/").json()["konversationer"]] == [k.pk]
    assert app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": "Tack"}).status_code == 201
    assert Meddelande.objects.get(text="Tack").forfattare == "ombud"


def _blockera(barn, forälder):
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=forälder, blankett="BLA-46557", anledning="Risk för barnet",
        beslutsdatum=timezone.localdate(), beslutsfattare_hsa_id="SE2321000016-C0001", beslutsfattare_namn="Chef",
        registrerad_av_hsa_id="SE2321000016-C0001", vardenhet_hsa_id="SE2321000016-E0001",
    )


def test_blocked_guardian_gets_nothing_and_stores_nothing(aktor, barn_och_forälder):
    barn, forälder = barn_och_forälder
    k = services.konversation_start(aktor=aktor, invanare=barn, amne="Vaccination", text="Hemligt")
    app = AppKlient.logga_in(forälder)
    app.agera_for(barn)
    _blockera(barn, forälder)
    for svar in (app.get("meddelanden/"), app.get(f"meddelanden/{k.pk}/"),
                 app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": "Släpp in mig"}),
                 app.post("meddelanden/", {"enhet_id": k.vardenhet_id, "amne": "x", "text": "y"}),
                 app.get(f"meddelanden/enheter/{k.vardenhet_id}/")):
        assert svar.status_code == 403 and svar.json()["fel"]["kod"] == "blockerad"
        assert "Hemligt" not in svar.content.decode()
    assert Meddelande.objects.count() == 1 and Konversation.objects.count() == 1
    assert Meddelande.objects.get().last is None  # nor was it marked read


@pytest.mark.parametrize("vem", ["huvudman", "aktor"])
def test_locked_account_gets_nothing(aktor, barn_och_forälder, vem):
    barn, forälder = barn_och_forälder
    k = services.konversation_start(aktor=aktor, invanare=barn, amne="Vaccination", text="Hemligt")
    app = AppKlient.logga_in(forälder)
    app.agera_for(barn)
    Kontosparr.objects.create(invanare=barn if vem == "huvudman" else forälder, orsak=Kontosparr.Orsak.LVU)
    for svar in (app.get("meddelanden/"), app.get(f"meddelanden/{k.pk}/"),
                 app.post(f"meddelanden/{k.pk}/meddelanden/", {"text": "Hallå"})):
        assert svar.status_code == 403 and "Hemligt" not in svar.content.decode()
    assert Meddelande.objects.count() == 1


def test_locked_citizen_herself_gets_nothing(sara, konv):
    app = AppKlient.logga_in(sara)
    Kontosparr.objects.create(invanare=sara, orsak=Kontosparr.Orsak.EGEN_BEGARAN)
    assert app.get("meddelanden/").status_code == 403
    assert app.post(f"meddelanden/{konv.pk}/meddelanden/", {"text": "x"}).status_code == 403
    assert Meddelande.objects.count() == 1


def test_text_goes_back_as_text(sara, konv):
    app = AppKlient.logga_in(sara)
    payload = "<script>alert(1)</script>"
    app.post(f"meddelanden/{konv.pk}/meddelanden/", {"text": payload})
    svar = app.get(f"meddelanden/{konv.pk}/")
    assert svar["Content-Type"].split(";")[0] == "application/json"
    assert svar.json()["meddelanden"][-1]["text"] == payload

