"""Messages in the citizen web: list, read (marks read like the app), reply; someone else's conversation is
404; empty reply changes nothing; a closed conversation gives the reason instead of a form."""
import pytest
from django.test import Client

from meddelanden import services
from meddelanden.models import Meddelande
from tests.fixtures.staff import InvanareFactory, VardrelationFactory


@pytest.fixture
def sara(uppdrag):
    return VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat", invanare__fornamn="Sara").invanare


@pytest.fixture
def konv(aktor, sara):
    return services.konversation_start(aktor=aktor, invanare=sara, amne="Provsvar", text="Hej Sara, ring oss.")


def _inloggad(inv) -> Client:
    client = Client()
    assert client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer}).status_code == 302
    return client


def test_list_read_and_reply(sara, konv):
    client = _inloggad(sara)
    lista = client.get("/alltidoppet/meddelanden/").content.decode()
    assert "Provsvar" in lista and "1 oläst" in lista
    sida = client.get(f"/alltidoppet/meddelanden/{konv.pk}/").content.decode()
    assert "Hej Sara, ring oss." in sida and "Ditt svar" in sida
    assert Meddelande.objects.get().last is not None
    assert "oläst" not in client.get("/alltidoppet/meddelanden/").content.decode()
    svar = client.post(f"/alltidoppet/meddelanden/{konv.pk}/", {"text": "Tack, jag ringer i morgon."})
    assert svar.status_code == 302
    konv.refresh_from_db()
    assert konv.olasta_inkommande == 1
    assert "Tack, jag ringer i morgon." in client.get(f"/alltidoppet/meddelanden/{konv.pk}/").content.decode()


def test_empty_reply_changes_nothing_and_says_why(sara, konv):
    client = _inloggad(sara)
    client.post(f"/alltidoppet/meddelanden/{konv.pk}/", {"text": "   "})
    assert Meddelande.objects.count() == 1
    assert 'class="error"' in client.get(f"/alltidoppet/meddelanden/{konv.pk}/").content.decode()


def test_someone_elses_conversation_is_404(konv):
    annan = _inloggad(InvanareFactory(konto="registrerat"))
    assert "Provsvar" not in annan.get("/alltidoppet/meddelanden/").content.decode()
    assert annan.get(f"/alltidoppet/meddelanden/{konv.pk}/").status_code == 404
    assert annan.post(f"/alltidoppet/meddelanden/{konv.pk}/", {"text": "Hej"}).status_code == 404
    assert Meddelande.objects.count() == 1 and Meddelande.objects.get().last is None


def test_closed_conversation_gives_the_reason(sara, konv, aktor):
    services.konversation_stang(aktor=aktor, konversation_id=konv.pk)
    client = _inloggad(sara)
    sida = client.get(f"/alltidoppet/meddelanden/{konv.pk}/").content.decode()
    assert "Ditt svar" not in sida
    client.post(f"/alltidoppet/meddelanden/{konv.pk}/", {"text": "Hallå?"})
    assert Meddelande.objects.count() == 1


# --- starting a conversation where far_starta allows it, with its reasons where it does not ---


def test_start_a_conversation_where_allowed_and_see_why_not_elsewhere():
    from invanare.kriterier.models import Kriterium
    from meddelanden.models import Konversation
    from tests.fixtures.meddelanden import kriterier
    from tests.fixtures.staff import VardenhetFactory

    vc = VardenhetFactory(typ="vardcentral", namn="Vårdcentralen Farsta")
    kriterier(vc, {"typ": Kriterium.Typ.LISTNING})
    annan_vc = VardenhetFactory(typ="vardcentral", namn="Vårdcentralen Bagarmossen")
    kriterier(annan_vc, {"typ": Kriterium.Typ.LISTNING})
    inv = InvanareFactory(konto="registrerat", listad_vardcentral=vc)
    client = _inloggad(inv)
    val = client.get("/alltidoppet/meddelanden/nytt/").content.decode()
    assert f'href="?enhet={vc.pk}"' in val and "Vårdcentralen Farsta" in val
    # Bagarmossen is offered with the reason, not a link
    assert f'href="?enhet={annan_vc.pk}"' not in val and "inte listad på Vårdcentralen Bagarmossen" in val
    nej = client.get(f"/alltidoppet/meddelanden/nytt/?enhet={annan_vc.pk}").content.decode()
    assert "Du kan inte skriva till mottagningen just nu." in nej and "Ämne" not in nej
    client.post("/alltidoppet/meddelanden/nytt/", {"enhet": annan_vc.pk, "amne": "Fråga", "text": "Hej"})
    assert not Konversation.objects.exists()
    # bad input: a Swedish message per field, nothing created
    svar = client.post("/alltidoppet/meddelanden/nytt/", {"enhet": vc.pk, "amne": "", "text": "  "})
    assert "Skriv ett ämne." in svar.content.decode() and "Skriv ett meddelande." in svar.content.decode()
    client.post("/alltidoppet/meddelanden/nytt/", {"enhet": "x", "amne": "a", "text": "b"})
    assert not Konversation.objects.exists()
    svar = client.post("/alltidoppet/meddelanden/nytt/", {"enhet": vc.pk, "amne": "Recept", "text": "Kan jag förnya?"})
    k = Konversation.objects.get()
    assert svar["Location"] == f"/alltidoppet/meddelanden/{k.pk}/"
    assert (k.invanare_id, k.vardenhet_id, k.startad_av_personal) == (inv.pk, vc.pk, False)
    assert "Kan jag förnya?" in client.get(svar["Location"]).content.decode()
    # a second one while the first is open: the service's reason, and she is taken to the open one
    svar = client.post("/alltidoppet/meddelanden/nytt/", {"enhet": vc.pk, "amne": "Igen", "text": "Hej igen"})
    assert svar["Location"] == f"/alltidoppet/meddelanden/{k.pk}/" and Konversation.objects.count() == 1
    assert "redan en öppen konversation" in client.get(svar["Location"]).content.decode()
