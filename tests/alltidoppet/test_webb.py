"""Alltid öppet in a web browser (alltidoppet): login (demo backend and the real OpenID Provider), session
rules, terms of use, documents marked read like the app, switching person, far_agera on every request."""
import datetime
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from edokument.models import Kanal, Leverans, Utskriftslistepost
from edokument.services import BilagaData
from edokument.svep import utskriftslista_svep
from invanare.models import AppSession, Kontosparr, OmbudBlockering
from invanare.samtycke import villkor_publicera
from tests.fixtures.edokument import PDF_MINI
from tests.fixtures.oidc_op import legitimera
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory
from tests.test_authorization import CITIZEN_WEB

START = "/alltidoppet/"
LOGIN = "/alltidoppet/inloggning/"


def _vuxen(**kw):
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(1985, 5, 5), **kw)


def _demo(client, inv):
    return client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer})


def _inloggad(inv) -> Client:
    client = Client()
    svar = _demo(client, inv)
    assert svar.status_code == 302 and svar["Location"] == START, svar.content[:300]
    return client


def test_demo_login_start_page_and_opening_marks_read_like_the_app(skicka_ekallelse):
    inv = _vuxen()
    dok = skicka_ekallelse(inv, bilagor=[BilagaData("karta.pdf", PDF_MINI)])
    client = _inloggad(inv)
    start = client.get(START).content.decode()
    assert dok.rubrik in start and inv.namn in start
    sida = client.get(f"/alltidoppet/dokument/{dok.pk}/").content.decode()
    assert dok.text in sida and "karta.pdf" in sida
    lev = Leverans.objects.get(dokument=dok, kanal=Kanal.APP)
    assert lev.last is not None and lev.status == "last"
    assert "Du har inga olästa dokument." in client.get(START).content.decode()
    bilaga = dok.bilagor.get()
    fil = client.get(f"/alltidoppet/dokument/{dok.pk}/bilagor/{bilaga.pk}/")
    assert fil.status_code == 200 and fil.content.startswith(b"%PDF-")
    utskriftslista_svep(nu=timezone.now() + datetime.timedelta(hours=49))
    assert not Utskriftslistepost.objects.filter(dokument=dok).exists()


def test_another_citizen_cannot_open_and_nothing_is_marked_read(skicka_ekallelse):
    dok = skicka_ekallelse(_vuxen())
    annan = _inloggad(_vuxen())
    assert dok.rubrik not in annan.get("/alltidoppet/dokument/").content.decode()
    assert annan.get(f"/alltidoppet/dokument/{dok.pk}/").status_code == 404
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.APP).last is None


def test_new_session_key_at_login_and_logout_on_the_server():
    inv = _vuxen()
    client = Client()
    client.get(LOGIN)
    client.session["x"] = 1
    fore = client.cookies.get(django_settings.SESSION_COOKIE_NAME)
    _demo(client, inv)
    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != (fore.value if fore else None)
    kaka = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert client.get(START).status_code == 200
    client.post("/alltidoppet/utloggning/")
    assert AppSession.objects.get(invanare=inv).avslutad is not None
    # the old cookie is worth nothing: the server ended the session
    gammal = Client()
    gammal.cookies[django_settings.SESSION_COOKIE_NAME] = kaka
    svar = gammal.get(START)
    assert svar.status_code == 302 and svar["Location"] == LOGIN


@pytest.mark.parametrize("andring", ["inaktiv", "absolut"])
def test_idle_and_absolute_timeouts(andring):
    inv = _vuxen()
    client = _inloggad(inv)
    session = AppSession.objects.get(invanare=inv)
    if andring == "inaktiv":
        session.senast_anvand = timezone.now() - datetime.timedelta(seconds=django_settings.APP_SESSION_INAKTIV_SEKUNDER + 5)
    else:
        session.giltig_till = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    svar = client.get(START)
    assert svar.status_code == 302 and svar["Location"] == LOGIN
    assert "har sessionen gått ut" in client.get(LOGIN).content.decode()


def test_locked_account_cannot_log_in_and_a_lock_ends_the_session_at_the_next_request():
    last = _vuxen()
    Kontosparr.objects.create(invanare=last, orsak="egen_begaran")
    client = Client()
    svar = _demo(client, last)
    assert svar["Location"] == LOGIN
    assert not AppSession.objects.filter(invanare=last).exists()
    assert client.get(START)["Location"] == LOGIN

    inv = _vuxen()
    client = _inloggad(inv)
    assert client.get(START).status_code == 200
    Kontosparr.objects.create(invanare=inv, orsak="egen_begaran")
    assert client.get(START)["Location"] == LOGIN
    assert AppSession.objects.get(invanare=inv).avslutad is not None


def test_first_login_asks_for_the_terms():
    v1 = villkor_publicera(text="Villkor 1: du godkänner e-dokument.", publicerad=timezone.now() - datetime.timedelta(days=3))
    inv = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5))
    client = _inloggad(inv)
    svar = client.get(START)
    assert svar.status_code == 302 and svar["Location"] == "/alltidoppet/villkor/"
    assert "Villkor 1" in client.get("/alltidoppet/villkor/").content.decode()
    client.post("/alltidoppet/villkor/", {"version": "x"})  # bad input changes nothing
    inv.refresh_from_db()
    assert inv.villkor_version is None
    assert client.post("/alltidoppet/villkor/", {"version": v1.version})["Location"] == START
    inv.refresh_from_db()
    assert inv.villkor_version == v1.version
    assert client.get(START).status_code == 200


def test_guardian_switches_to_her_child_and_a_block_turns_her_away_at_the_next_request(skicka_ekallelse):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=6 * 365))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    dok = skicka_ekallelse(barn)
    client = _inloggad(mamma)
    assert barn.namn in client.get("/alltidoppet/agera-for/").content.decode()
    assert client.post("/alltidoppet/agera-for/", {"id": barn.pk})["Location"] == START
    start = client.get(START).content.decode()
    assert f"Du agerar för <strong>{barn.namn}</strong>" in start and dok.rubrik in start
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=mamma, blankett="BLA-46557", anledning="Fara", beslutsdatum=timezone.localdate(),
        beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
    )
    svar = client.get(f"/alltidoppet/dokument/{dok.pk}/")
    assert svar.status_code == 302 and svar["Location"] == START
    assert Leverans.objects.get(dokument=dok, kanal=Kanal.APP).last is None
    efter = client.get(START).content.decode()
    assert barn.namn not in efter and dok.rubrik not in efter and mamma.namn in efter
    # and she cannot switch back to the child
    client.post("/alltidoppet/agera-for/", {"id": barn.pk})
    assert AppSession.objects.get(invanare=mamma).agerar_for_id == mamma.pk


def test_switching_to_a_stranger_is_refused():
    client = _inloggad(_vuxen())
    framling = _vuxen()
    client.post("/alltidoppet/agera-for/", {"id": framling.pk})
    client.post("/alltidoppet/agera-for/", {"id": "abc"})
    assert framling.namn not in client.get(START).content.decode()


def test_demo_backend_is_refused_unless_allowed(settings):
    settings.EID_TESTBACKEND_TILLATEN = False
    inv = _vuxen()
    assert _demo(Client(), inv).status_code == 404
    assert "demoinvånare" not in Client().get(LOGIN).content.decode()


def test_oidc_login_through_the_real_provider(oidc_op, settings):
    retur = "http://testserver/alltidoppet/inloggning/retur/"
    oidc_op.klient([retur])
    oidc_op.installningar(settings)
    inv = _vuxen()
    oidc_op.anvandare(inv.id_nummer, "loa3")
    client = Client()
    svar = client.post("/alltidoppet/inloggning/e-legitimation/")
    assert svar.status_code == 302 and svar["Location"].startswith(oidc_op.issuer)
    tillbaka = legitimera(svar["Location"], inv.id_nummer, retur)
    svar = client.get(urlparse(retur).path, tillbaka)
    assert svar.status_code == 302 and svar["Location"] == START
    assert inv.namn in client.get(START).content.decode()
    # the same answer again (replay) is refused: the state was used up
    svar = client.get(urlparse(retur).path, tillbaka)
    assert svar["Location"] == LOGIN


def test_oidc_return_with_a_foreign_state_is_refused():
    client = Client()
    svar = client.get("/alltidoppet/inloggning/retur/", {"code": "x", "state": "y"})
    assert svar["Location"] == LOGIN
    assert "Börja om" in client.get(LOGIN).content.decode()


@pytest.mark.parametrize("url", CITIZEN_WEB, ids=str)
def test_every_citizen_page_needs_a_citizen_session(url, staff_client):
    """Anonymous, and a staff session (which is no citizen session): the login page, nothing else, no 500."""
    for client, metod in ((Client(), "get"), (Client(), "post"), (staff_client, "get")):
        svar = getattr(client, metod)(url.path)
        assert svar.status_code in (200, 302, 404, 405), (url, metod, svar.status_code)
        if svar.status_code == 302:
            assert urlparse(svar["Location"]).path == LOGIN or svar["Location"].startswith("http"), svar["Location"]
        assert "Inloggad:" not in svar.content.decode()
        assert svar.status_code != 200 or url.name in {"alltidoppet:inloggning"}, url


def test_a_blocked_proxy_is_switched_back_on_her_own_pages_too():
    """Terms, settings and switching person name the person acted for in the header: far_agera is asked there too."""
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=6 * 365))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    client = _inloggad(mamma)
    client.post("/alltidoppet/agera-for/", {"id": barn.pk})
    assert f"Du agerar för <strong>{barn.namn}</strong>" in client.get("/alltidoppet/installningar/").content.decode()
    OmbudBlockering.objects.create(
        huvudman=barn, ombud=mamma, blankett="BLA-46557", anledning="Fara", beslutsdatum=timezone.localdate(),
        beslutsfattare_hsa_id="SE1", beslutsfattare_namn="Chef", registrerad_av_hsa_id="SE1", vardenhet_hsa_id="SE2",
    )
    for url in ("/alltidoppet/installningar/", "/alltidoppet/agera-for/", "/alltidoppet/villkor/"):
        svar = client.get(url)
        assert svar.status_code == 302 and svar["Location"] == START, url
        assert AppSession.objects.get(invanare=mamma).agerar_for_id == mamma.pk
        AppSession.objects.filter(invanare=mamma).update(agerar_for=barn)
    AppSession.objects.filter(invanare=mamma).update(agerar_for=mamma)
    assert barn.namn not in client.get("/alltidoppet/installningar/").content.decode()
