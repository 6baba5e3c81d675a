"""The citizen app's document API: list, open (marks read), attachments; proxies see the child's documents."""
import datetime

from django.utils import timezone

from edokument.models import Kanal, Leverans, Utskriftslistepost
from edokument.services import BilagaData
from edokument.svep import utskriftslista_svep
from invanare.models import Kontosparr
from tests.fixtures.app import AppKlient
from tests.fixtures.edokument import PDF_MINI
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory


def _vuxen(**kw):
    return InvanareFactory(med_konto=True, fodelsedatum=datetime.date(1985, 5, 5), **kw)


def test_list_and_open_marks_read_and_keeps_it_off_the_print_list(skicka_ekallelse):
    inv = _vuxen()
    dok = skicka_ekallelse(inv, bilagor=[BilagaData("karta.pdf", PDF_MINI)])
    app = AppKlient.logga_in(inv)
    lista = app.get("dokument/").json()["dokument"]
    assert [(d["id"], d["last"]) for d in lista] == [(dok.pk, False)]
    svar = app.get(f"dokument/{dok.pk}/")
    assert svar.status_code == 200
    data = svar.json()
    assert data["rubrik"] == dok.rubrik and data["bilagor"][0]["filnamn"] == "karta.pdf"
    lev = Leverans.objects.get(dokument=dok, kanal=Kanal.APP)
    assert lev.last is not None and lev.status == "last" and not lev.bevakas
    assert app.get("dokument/").json()["dokument"][0]["last"] is True
    fil = app.get(f"dokument/{dok.pk}/bilagor/{data['bilagor'][0]['id']}/")
    assert fil.status_code == 200 and fil.content.startswith(b"%PDF-")
    utskriftslista_svep(nu=timezone.now() + datetime.timedelta(hours=49))
    assert not Utskriftslistepost.objects.filter(dokument=dok).exists()


def test_another_citizen_cannot_list_or_open(skicka_ekallelse):
    inv = _vuxen()
    dok = skicka_ekallelse(inv)
    annan = AppKlient.logga_in(_vuxen())
    assert annan.get("dokument/").json()["dokument"] == []
    assert annan.get(f"dokument/{dok.pk}/").status_code == 404
    assert Leverans.objects.get(dokument=dok).last is None


def test_guardian_acting_for_child_sees_and_opens_the_childs_document(skicka_ekallelse):
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=6 * 365))
    mamma = _vuxen()
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    dok = skicka_ekallelse(barn)
    app = AppKlient.logga_in(mamma)
    assert app.get("dokument/").json()["dokument"] == []  # her own list is empty
    app.agera_for(barn)
    assert [d["id"] for d in app.get("dokument/").json()["dokument"]] == [dok.pk]
    assert app.get(f"dokument/{dok.pk}/").status_code == 200
    assert Leverans.objects.get(dokument=dok, mottagare=mamma).last is not None


def test_no_token_is_401_and_locked_account_is_403(skicka_ekallelse):
    inv = _vuxen()
    dok = skicka_ekallelse(inv)
    assert AppKlient().get("dokument/").status_code == 401
    app = AppKlient.logga_in(inv)
    Kontosparr.objects.create(invanare=inv, orsak=Kontosparr.Orsak.EGEN_BEGARAN)
    assert app.get(f"dokument/{dok.pk}/").status_code == 403
    assert Leverans.objects.get(dokument=dok).last is None


def test_paper_only_document_is_not_in_the_app(skicka_ekallelse):
    inv = InvanareFactory(fodelsedatum=datetime.date(1985, 5, 5))  # no account: paper
    skicka_ekallelse(inv)
    inv.konto = "registrerat"
    inv.save()
    assert AppKlient.logga_in(inv).get("dokument/").json()["dokument"] == []


def test_post_is_not_allowed(skicka_ekallelse):
    inv = _vuxen()
    assert AppKlient.logga_in(inv).post("dokument/", {}).status_code == 405
