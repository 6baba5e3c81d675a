"""The print-list page, printing (batches, PDF, who/when, reprint) and their access-log rows."""
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from invanare.models import Invanare
from edokument.models import Dokumenttyp, Leverans, Orsak, Utskriftslistepost, Utskriftsomgang
from edokument.utskrift import utskriftsomgang_omtryck, utskriftsomgang_rendera, utskriftsomgang_skapa
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardenhetFactory, aktor_for, logged_in_client
from vardportalen.models import Atkomstlogg

URL = "/edokument/utskriftslista/"


def _papper(skicka_ekallelse, n=1, **kw):
    return [skicka_ekallelse(InvanareFactory(reservnummer=True, **kw)) for _ in range(n)]


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_list_shows_only_own_unit_and_unprinted(skicka_ekallelse, staff_client, uppdrag):
    egna = _papper(skicka_ekallelse, 2)
    annan = aktor_for(MedarbetaruppdragFactory())
    skicka_ekallelse(InvanareFactory(reservnummer=True, efternamn="Annanenhetsson"), aktor_=annan)
    # invented surnames: a random staff or unit name in the page header can't contain them
    Invanare.objects.filter(pk=egna[0].invanare_id).update(efternamn="Kvarliggarsson")
    Invanare.objects.filter(pk=egna[1].invanare_id).update(efternamn="Utskrivensson")
    Utskriftslistepost.objects.filter(dokument=egna[1]).update(utskriven=timezone.now())
    html = staff_client.get(URL).content.decode()
    assert "Kvarliggarsson" in html
    assert "Utskrivensson" not in html
    assert "Annanenhetsson" not in html


def test_filters_by_reason_kind_and_age(skicka_ekallelse, staff_client, aktor, uppdrag):
    from edokument.services import dokument_skapa_och_skicka
    from tests.fixtures.edokument import BrevmallFactory

    gammal = skicka_ekallelse(InvanareFactory(reservnummer=True, efternamn="Gammalsson"))
    Utskriftslistepost.objects.filter(dokument=gammal).update(skapad=timezone.now() - datetime.timedelta(days=4))
    ny = skicka_ekallelse(InvanareFactory(efternamn="Kanallossón", fodelsedatum=datetime.date(1970, 1, 1)))
    mall = BrevmallFactory(vardenhet=uppdrag.vardenhet, styrkod="")
    brev = dokument_skapa_och_skicka(aktor=aktor, invanare=InvanareFactory(efternamn="Brevsson"), typ=Dokumenttyp.EBREV,
                                     brevmall_id=mall.pk, skickas_som_ebrev=True)

    def namn(**q):
        html = staff_client.get(URL, q).content.decode()
        return {n for n in ("Gammalsson", "Kanallossón", "Brevsson") if n in html}

    assert namn() == {"Gammalsson", "Kanallossón", "Brevsson"}
    assert namn(orsak=Orsak.RESERVNUMMER) == {"Gammalsson"}
    assert namn(orsak=Orsak.INGEN_KANAL) == {"Kanallossón"}
    assert namn(typ=Dokumenttyp.EBREV) == {"Brevsson"}
    assert namn(alder="3d") == {"Gammalsson"}
    assert namn(orsak="hittepa") == {"Gammalsson", "Kanallossón", "Brevsson"}  # a bad filter is ignored
    assert {ny.pk, brev.pk}


def test_list_page_logs_one_read_per_citizen_shown(skicka_ekallelse, staff_client):
    docs = _papper(skicka_ekallelse, 3)
    before = Atkomstlogg.objects.count()
    staff_client.get(URL)
    rader = Atkomstlogg.objects.order_by("id")[before:]
    assert sorted(r.invanare_identitet for r in rader) == sorted(d.invanare.id_nummer for d in docs)
    assert {r.handelse for r in rader} == {"lasning"}


def test_list_page_constant_queries(skicka_ekallelse, staff_client):
    _papper(skicka_ekallelse, 2)
    with CaptureQueriesContext(connection) as fa:
        assert staff_client.get(URL).status_code == 200
    _papper(skicka_ekallelse, 25)
    with CaptureQueriesContext(connection) as manga:
        assert staff_client.get(URL).status_code == 200
    assert len(manga) == len(fa)


def test_print_marks_who_when_leaves_list_and_logs(skicka_ekallelse, aktor, uppdrag, django_capture_on_commit_callbacks):
    docs = _papper(skicka_ekallelse, 2)
    poster = list(Utskriftslistepost.objects.order_by("pk"))
    before = Atkomstlogg.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=[p.pk for p in poster])
    assert len(callbacks) == 1  # the render task is enqueued after commit
    for p in Utskriftslistepost.objects.all():
        assert p.utskriven is not None and p.utskriven_av_hsa_id == uppdrag.medarbetare.hsa_id and p.omgang_id == omgang.pk
    assert set(Leverans.objects.filter(kanal="papper").values_list("status", flat=True)) == {"utskriven"}
    rader = Atkomstlogg.objects.order_by("id")[before:]
    assert sorted(r.invanare_identitet for r in rader) == sorted(d.invanare.id_nummer for d in docs)
    assert {r.handelse for r in rader} == {"utskrift"}
    with pytest.raises(ValidationError):  # printed entries are no longer on the list
        utskriftsomgang_skapa(aktor=aktor, post_ids=[poster[0].pk])


def test_cannot_print_another_units_entries(skicka_ekallelse, aktor):
    annan = aktor_for(MedarbetaruppdragFactory())
    skicka_ekallelse(InvanareFactory(reservnummer=True), aktor_=annan)
    with pytest.raises(ValidationError):
        utskriftsomgang_skapa(aktor=aktor, post_ids=[Utskriftslistepost.objects.get().pk])
    assert Utskriftslistepost.objects.get().utskriven is None


def test_empty_selection_is_refused_with_a_message(staff_client):
    svar = staff_client.post(URL, {}, follow=True)
    assert "Välj minst ett dokument" in svar.content.decode()
    assert not Utskriftsomgang.objects.exists()


def test_pdf_holds_letter_address_sender_swedish_date_and_page_numbers(skicka_ekallelse, aktor, uppdrag):
    uppdrag.vardenhet.namn = "Vårdcentral Testbyn"
    uppdrag.vardenhet.save()
    inv = InvanareFactory(reservnummer=True, fornamn="Greta", efternamn="Brevsdotter", gatuadress="Storgatan 7",
                          postnummer="11520", ort="Stockholm")
    skyddad = InvanareFactory(reservnummer=True, skyddad=True, fornamn="Hemlig", gatuadress="Dolda vägen 1")
    besok = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 30))
    skicka_ekallelse(inv, besokstid=besok, rubrik="Kallelse till provtagning", bokning_ref="42")
    skicka_ekallelse(skyddad, skyddad_bekraftad=True)
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(Utskriftslistepost.objects.values_list("pk", flat=True)))
    assert utskriftsomgang_rendera(omgang_id=omgang.pk) == "klar"
    omgang.refresh_from_db()
    assert omgang.status == "klar" and omgang.sidor == 2
    text = _pdf_text(bytes(omgang.pdf))
    for finns in ("Kallelse till provtagning", "Greta Brevsdotter", "Storgatan 7", "115 20 STOCKHOLM",
                  "Vårdcentral Testbyn", "3 december 2026", "torsdag", "kl. 09:30", "Sida 1 av 2", "Sida 2 av 2",
                  "bussbiljett", "SKYDDADE PERSONUPPGIFTER"):
        assert finns in text, finns
    assert "Dolda vägen" not in text
    sidor = PdfReader(io.BytesIO(bytes(omgang.pdf))).pages
    assert "Greta Brevsdotter" in sidor[0].extract_text() + sidor[1].extract_text()
    assert not ("Greta" in sidor[0].extract_text() and "Hemlig" in sidor[0].extract_text())  # one letter per page


def test_reprint_is_a_new_logged_batch_of_the_same_letters(skicka_ekallelse, aktor, staff_client):
    docs = _papper(skicka_ekallelse, 2)
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(Utskriftslistepost.objects.values_list("pk", flat=True)))
    before = Atkomstlogg.objects.count()
    ny = utskriftsomgang_omtryck(aktor=aktor, omgang_id=omgang.pk)
    assert ny.omtryck_av_id == omgang.pk and ny.antal == 2
    rader = Atkomstlogg.objects.order_by("id")[before:]
    assert sorted(r.invanare_identitet for r in rader) == sorted(d.invanare.id_nummer for d in docs)
    assert {r.vad for r in rader} == {"e-dokument: omtryck"}
    utskriftsomgang_rendera(omgang_id=ny.pk)
    before = Atkomstlogg.objects.count()
    svar = staff_client.get(reverse("edokument:omgang_pdf", args=[ny.pk]))
    assert svar["Content-Type"] == "application/pdf"
    assert docs[0].invanare.efternamn in _pdf_text(svar.content)
    assert Atkomstlogg.objects.count() == before + 2  # one export row per citizen in the PDF


def test_other_unit_cannot_fetch_the_pdf(skicka_ekallelse, aktor):
    _papper(skicka_ekallelse, 1)
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(Utskriftslistepost.objects.values_list("pk", flat=True)))
    utskriftsomgang_rendera(omgang_id=omgang.pk)
    annan = logged_in_client(MedarbetaruppdragFactory(vardenhet=VardenhetFactory()))
    assert annan.get(reverse("edokument:omgang_pdf", args=[omgang.pk])).status_code == 404
    assert annan.post(reverse("edokument:omtryck", args=[omgang.pk])).status_code == 404
    assert annan.get(reverse("edokument:omgang", args=[omgang.pk])).status_code == 404


def test_dashboard_panel_shows_count_and_age(skicka_ekallelse, staff_client):
    """Issue 18: a letter unread for 48 hours reaches the list then; the wait counts from the sending, not from
    the entry ("Äldsta har väntat 3 minuter" for a letter two days old)."""
    from edokument.models import Dokument

    _papper(skicka_ekallelse, 3)
    Dokument.objects.update(skapad=timezone.now() - datetime.timedelta(hours=50))
    Utskriftslistepost.objects.update(skapad=timezone.now() - datetime.timedelta(minutes=3))
    html = staff_client.get("/").content.decode()
    assert "Utskriftslista" in html
    assert ">3<" in html.replace(" ", "")
    assert "Äldsta har väntat 2 dygn." in html and "minut" not in html


def test_pdf_footer_keeps_the_senders_lines_apart(skicka_ekallelse, aktor, uppdrag):
    """Issue 18: the footer ran the sender's lines together ("Vårdcentral GubbängenGubbängstorget 115122 45")."""
    enhet = uppdrag.vardenhet
    enhet.namn, enhet.gatuadress, enhet.postnummer, enhet.ort = "Vårdcentral Gubbängen", "Gubbängstorget 115", "12245", "Stockholm"
    enhet.save()
    _papper(skicka_ekallelse, 1, gatuadress="Storgatan 7", postnummer="11520", ort="Stockholm")
    omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(Utskriftslistepost.objects.values_list("pk", flat=True)))
    assert utskriftsomgang_rendera(omgang_id=omgang.pk) == "klar"
    omgang.refresh_from_db()
    text = _pdf_text(bytes(omgang.pdf))
    assert "Vårdcentral Gubbängen · Gubbängstorget 115 · 122 45 Stockholm" in text
    assert "GubbängenGubbängstorget" not in text and "115122" not in text and "12245" not in text


def test_protected_citizen_is_flagged_on_the_list_without_address(skicka_ekallelse, staff_client):
    inv = InvanareFactory(skyddad=True, fornamn="Skyddis", gatuadress="Hemlighetsgatan 9", mobilnummer="070-999 88 77")
    skicka_ekallelse(inv, skyddad_bekraftad=True)
    html = staff_client.get(URL).content.decode()
    assert "Skyddis" in html and "badge skyddad" in html
    assert "Hemlighetsgatan" not in html and "999 88 77" not in html


def test_htmx_filter_renders_only_the_list_partial(skicka_ekallelse, staff_client):
    _papper(skicka_ekallelse, 1)
    svar = staff_client.get(URL, {"orsak": "reservnummer"}, HTTP_HX_REQUEST="true")
    html = svar.content.decode()
    assert 'id="utskriftslista"' in html and "<html" not in html and "tr class=\"post\"" in html


def test_print_via_the_page_redirects_to_the_batch(skicka_ekallelse, staff_client, django_capture_on_commit_callbacks):
    _papper(skicka_ekallelse, 2)
    ids = list(Utskriftslistepost.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=False):
        svar = staff_client.post(URL, {"post": ids})
    omgang = Utskriftsomgang.objects.get()
    assert svar.status_code == 302 and svar["Location"] == reverse("edokument:omgang", args=[omgang.pk])
    assert "PDF:en skapas" in staff_client.get(svar["Location"]).content.decode()
    assert staff_client.post(URL, {"post": ["x"]}).status_code == 302  # junk ids: a message, nothing printed
    assert Utskriftsomgang.objects.count() == 1


def test_broker_down_does_not_fail_the_print_and_the_sweep_task_reenqueues(skicka_ekallelse, aktor, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    from edokument import tasks

    _papper(skicka_ekallelse, 1)

    def nere(*a, **k):
        raise ConnectionError("redis nere")

    monkeypatch.setattr(tasks.utskriftsomgang_rendera, "delay", nere)
    with django_capture_on_commit_callbacks(execute=True):
        omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(Utskriftslistepost.objects.values_list("pk", flat=True)))
    assert Utskriftsomgang.objects.get().status == "vantar"
    koade = []
    monkeypatch.setattr(tasks.utskriftsomgang_rendera, "delay", lambda pk: koade.append(pk))
    assert tasks.utskriftsomgangar_aterta() == 0  # too fresh: the message may still be on its way
    Utskriftsomgang.objects.update(skapad=timezone.now() - datetime.timedelta(minutes=3))
    assert tasks.utskriftslista_svep()["aterupptagna_omgangar"] == 1 and koade == [omgang.pk]


def test_batch_letters_html_is_constant_queries(skicka_ekallelse, aktor):
    """A batch holds up to 1,000 letters; each letter lists its attachments: no query per letter."""
    from edokument.utskrift import brev_html, omgang_dokument

    def fragor(n):
        poster = Utskriftslistepost.objects.filter(utskriven__isnull=True).values_list("pk", flat=True)
        omgang = utskriftsomgang_skapa(aktor=aktor, post_ids=list(poster))
        with CaptureQueriesContext(connection) as ctx:
            html = brev_html(dokument=omgang_dokument(omgang))
        assert html.count('class="brev"') == n
        return len(ctx)

    _papper(skicka_ekallelse, 1)
    en = fragor(1)
    _papper(skicka_ekallelse, 6)
    assert fragor(6) == en
