"""The staff send page: preview, confirm, result per delivery; bad input refused in Swedish, nothing stored."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from edokument.models import BILAGA_MAX_BYTES, Bilaga, Dokument, Leverans
from tests.fixtures.edokument import PDF_MINI, BrevmallFactory
from tests.fixtures.staff import InvanareFactory, VardnadshavarskapFactory, VardrelationFactory
from vardportalen.models import Atkomstlogg


def _url(inv):
    return reverse("edokument:skicka", args=[inv.pk])


def _falt(**extra):
    falt = {"typ": "ekallelse", "rubrik": "Kallelse till BVC", "text": "Välkommen!", "besokstid": "2026-12-10T10:00",
            "plats": "BVC Hornstull"}
    falt.update(extra)
    return falt


def _inv(uppdrag, **kw):
    inv = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1), **kw)
    VardrelationFactory(invanare=inv, vardenhet=uppdrag.vardenhet)
    return inv


def test_preview_then_confirm_shows_each_delivery(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="registrerat", digital_brevlada="kivra")
    svar = staff_client.post(_url(inv), _falt(bilagor=[SimpleUploadedFile("info.pdf", PDF_MINI, "application/pdf")]))
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Förhandsgranska" in html and "Bekräfta och skicka" in html and "info.pdf" in html
    assert "Digital brevlåda" in html
    dok = Dokument.objects.get()
    assert dok.status == "utkast" and not Leverans.objects.exists()
    svar = staff_client.post(_url(inv), {"dokument_id": dok.pk}, follow=True)
    html = svar.content.decode()
    assert "Dokumentet är skickat" in html
    assert "Alltid öppet" in html and "Köad till brevlådan" in html
    dok.refresh_from_db()
    assert dok.status == "skickat" and dok.leveranser.count() == 2
    staff_client.post(_url(inv), {"dokument_id": dok.pk})  # double submit sends once
    assert Leverans.objects.count() == 2


def test_result_shows_paper_and_why(staff_client, uppdrag):
    inv = _inv(uppdrag, reservnummer=True)
    staff_client.post(_url(inv), _falt())
    dok = Dokument.objects.get()
    html = staff_client.post(_url(inv), {"dokument_id": dok.pk}, follow=True).content.decode()
    assert "Papper (utskriftslista)" in html and "Reservnummer" in html


def test_not_a_pdf_is_refused_and_nothing_stored(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="registrerat")
    svar = staff_client.post(_url(inv), _falt(bilagor=[SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")]))
    assert svar.status_code == 400
    assert "inte en PDF-fil" in svar.content.decode()
    assert not Dokument.objects.exists() and not Bilaga.objects.exists()


def test_too_large_attachment_is_refused(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="registrerat")
    stor = PDF_MINI + b"0" * BILAGA_MAX_BYTES
    svar = staff_client.post(_url(inv), _falt(bilagor=[SimpleUploadedFile("stor.pdf", stor, "application/pdf")]))
    assert svar.status_code == 400 and "för stor" in svar.content.decode()
    assert not Dokument.objects.exists()


def test_unknown_template_and_missing_styrkod_choice(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="registrerat")
    svar = staff_client.post(_url(inv), _falt(typ="ebrev", brevmall="987654"))
    assert svar.status_code == 400 and "Brevmallen finns inte" in svar.content.decode()
    mall = BrevmallFactory(vardenhet=uppdrag.vardenhet, styrkod="")
    svar = staff_client.post(_url(inv), _falt(typ="ebrev", brevmall=str(mall.pk)))
    assert svar.status_code == 400 and "saknar styrkod" in svar.content.decode()
    svar = staff_client.post(_url(inv), _falt(typ="hittepa"))
    assert svar.status_code == 400 and "Okänd dokumenttyp" in svar.content.decode()
    assert not Dokument.objects.exists()


def test_protected_citizen_needs_the_confirmation_box(staff_client, uppdrag):
    inv = _inv(uppdrag, skyddad=True, konto="registrerat", gatuadress="Hemliga gatan 3")
    form = staff_client.get(_url(inv)).content.decode()
    assert "kommit överens med invånaren" in form and "Hemliga gatan" not in form
    svar = staff_client.post(_url(inv), _falt())
    assert svar.status_code == 400 and "Bekräfta att du har kommit överens" in svar.content.decode()
    assert not Dokument.objects.exists()
    svar = staff_client.post(_url(inv), _falt(skyddad_bekraftad="on"))
    assert svar.status_code == 200 and Dokument.objects.count() == 1
    assert "Hemliga gatan" not in svar.content.decode()


def test_paper_route_without_address_is_sent_and_held_on_the_print_list(staff_client, uppdrag):
    """Issue 15 item 4: listed and held as "Adress saknas" (edokument.hallning), not refused."""
    inv = _inv(uppdrag, gatuadress="")
    staff_client.post(_url(inv), _falt())
    dok = Dokument.objects.get()
    html = staff_client.post(_url(inv), {"dokument_id": dok.pk}, follow=True).content.decode()
    assert "Dokumentet är skickat." in html
    dok.refresh_from_db()
    assert dok.status == "skickat" and Leverans.objects.filter(dokument=dok, kanal="papper").exists()


def test_bad_time_is_a_form_error(staff_client, uppdrag):
    inv = _inv(uppdrag, konto="registrerat")
    svar = staff_client.post(_url(inv), _falt(besokstid="i morgon"))
    assert svar.status_code == 400 and "Ange besökstiden" in svar.content.decode()


def test_pages_log_reads_and_overview_shows_the_documents(staff_client, uppdrag, skicka_ekallelse):
    inv = _inv(uppdrag, konto="registrerat")
    dok = skicka_ekallelse(inv)
    before = Atkomstlogg.objects.count()
    html = staff_client.get(reverse("invanare:profil", args=[inv.pk])).content.decode()
    assert dok.rubrik in html and "Alltid öppet: levererad, oläst" in html
    assert Atkomstlogg.objects.count() == before + 1
    svar = staff_client.get(reverse("edokument:dokument", args=[dok.pk]))
    assert svar.status_code == 200 and dok.rubrik in svar.content.decode()
    rad = Atkomstlogg.objects.order_by("-id").first()
    assert (rad.vad, rad.invanare_identitet) == ("e-dokument: visa dokument", inv.id_nummer)


def test_another_units_document_is_not_shown(staff_client, uppdrag, skicka_ekallelse):
    from tests.fixtures.staff import MedarbetaruppdragFactory, aktor_for

    annan = aktor_for(MedarbetaruppdragFactory())
    inv = _inv(uppdrag, konto="registrerat")
    dok = skicka_ekallelse(inv, aktor_=annan)
    svar = staff_client.get(reverse("edokument:dokument", args=[dok.pk]))
    assert svar.status_code == 404 and dok.rubrik not in svar.content.decode()
    assert Atkomstlogg.objects.order_by("-id").first().utfall == "nekad"


@pytest.mark.parametrize("skyddad", ["barnet", "vardnadshavaren", "ingen"])
def test_proxy_is_not_named_when_either_has_protected_identity(staff_client, uppdrag, skyddad):
    """Relatives of a protected citizen are never shown, and a protected guardian is not named on the child's
    pages: neither in the preview of the routing nor on the document's delivery list."""
    barn = InvanareFactory(fodelsedatum=timezone.localdate() - datetime.timedelta(days=365 * 5),
                           konto="registrerat", skyddad=skyddad == "barnet")
    VardrelationFactory(invanare=barn, vardenhet=uppdrag.vardenhet)
    mamma = InvanareFactory(med_konto=True, fornamn="Ombudsmamma", skyddad=skyddad == "vardnadshavaren",
                            fodelsedatum=datetime.date(1985, 1, 1))
    VardnadshavarskapFactory(barn=barn, vardnadshavare=mamma)
    svar = staff_client.post(_url(barn), _falt(skyddad_bekraftad="on"))
    assert svar.status_code == 200
    dok = Dokument.objects.get()
    sidor = [svar.content.decode()]
    staff_client.post(_url(barn), {"dokument_id": dok.pk})
    assert dok.leveranser.filter(mottagare=mamma).exists()
    sidor.append(staff_client.get(reverse("edokument:dokument", args=[dok.pk])).content.decode())
    for html in sidor:
        if skyddad == "ingen":
            assert mamma.namn in html
        else:
            assert "Ombudsmamma" not in html and "namn visas inte" in html
