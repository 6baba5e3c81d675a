"""Staff pages: inbox tabs, polling, conversation page (access log, other units get 404), templates, escaping."""
import pytest
from django.urls import reverse

from meddelanden import services
from meddelanden.models import Konversation, Meddelande, Svarsmall
from tests.fixtures.meddelanden import PDF, SvarsmallFactory
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, VardrelationFactory, logged_in_client
from vardportalen.models import Atkomstlogg, Roll

XSS = '<script>document.title="pwnd"</script><img src=x onerror=alert(1)> https://evil.example/'


@pytest.fixture
def konv(aktor, invanare_med_vardrelation):
    inv = invanare_med_vardrelation
    k = services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Hej från enheten")
    services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=k.pk, text=XSS)
    return k


def test_inbox_tabs(staff_client, aktor, uppdrag, konv):
    stangd_inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
    k2 = services.konversation_start(aktor=aktor, invanare=stangd_inv, amne="Gammalt", text="x")
    services.konversation_stang(aktor=aktor, konversation_id=k2.pk)
    r = staff_client.get(reverse("meddelanden:inkorg"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Provsvar" in html and "Gammalt" not in html
    assert r.context["inkorg"].antal == {"olasta": 1, "mina": 0, "oppna": 1, "stangda": 1}
    assert "Gammalt" in staff_client.get(reverse("meddelanden:inkorg"), {"flik": "stangda"}).content.decode()
    services.konversation_tilldela(aktor=aktor, konversation_id=konv.pk, medarbetare_id=uppdrag.medarbetare_id)
    mina = staff_client.get(reverse("meddelanden:inkorg"), {"flik": "mina"})
    assert [k.pk for k in mina.context["inkorg"].konversationer] == [konv.pk]


def test_inbox_logs_one_row_per_citizen_shown(staff_client, konv):
    before = Atkomstlogg.objects.count()
    staff_client.get(reverse("meddelanden:inkorg"))
    rows = Atkomstlogg.objects.order_by("-id")[: Atkomstlogg.objects.count() - before]
    assert [r.invanare_identitet for r in rows] == [konv.invanare.id_nummer]


def test_inbox_of_another_unit_shows_nothing(konv):
    annan = logged_in_client(MedarbetaruppdragFactory())
    html = annan.get(reverse("meddelanden:inkorg"), {"flik": "oppna"}).content.decode()
    assert "Provsvar" not in html and konv.invanare.efternamn not in html


def test_inbox_constant_queries(staff_client, aktor, uppdrag, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def antal():
        with CaptureQueriesContext(connection) as q:
            assert staff_client.get(reverse("meddelanden:inkorg"), {"flik": "oppna"}).status_code == 200
        return len(q)

    for i in range(2):
        services.konversation_start(aktor=aktor, invanare=VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare,
                                    amne=f"K{i}", text="x")
    few = antal()
    for i in range(15):
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
        k = services.konversation_start(aktor=aktor, invanare=inv, amne=f"M{i}", text="x")
        services.konversation_tilldela(aktor=aktor, konversation_id=k.pk, medarbetare_id=uppdrag.medarbetare_id)
    assert antal() == few


def test_poll_answers_204_until_something_changes(staff_client, aktor, konv):
    v = staff_client.get(reverse("meddelanden:inkorg")).context["inkorg"].version
    r = staff_client.get(reverse("meddelanden:nytt"), {"v": v}, HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    inv = konv.invanare
    services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=konv.pk, text="Nytt!")
    r = staff_client.get(reverse("meddelanden:nytt"), {"v": v}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r["HX-Trigger"] == "inkorg-andrad"
    assert f"v={v + 1}" in r.content.decode()


def test_poll_is_one_query_after_the_middleware_and_does_not_renew_the_session(staff_client, konv):
    from django.contrib.sessions.models import Session
    session = Session.objects.get()
    expiry = session.expire_date
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    with CaptureQueriesContext(connection) as q:
        assert staff_client.get(reverse("meddelanden:nytt"), {"v": 10**6}).status_code == 200
    sql = [x["sql"] for x in q]
    assert sum("meddelanden_inkorgsversion" in s for s in sql) == 1
    assert not any(s.startswith("UPDATE") and "django_session" in s for s in sql)
    assert Session.objects.get().expire_date == expiry


def test_conversation_page_logs_marks_read_and_escapes(staff_client, konv):
    before = Atkomstlogg.objects.count()
    r = staff_client.get(reverse("meddelanden:konversation", args=[konv.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "<script>document.title" not in html and "<img src=x" not in html
    assert "&lt;script&gt;document.title=&quot;pwnd&quot;&lt;/script&gt;" in html
    assert 'href="https://evil.example/' not in html  # links in citizen text are not made clickable
    rows = list(Atkomstlogg.objects.order_by("id")[before:])
    assert len(rows) == 1 and (rows[0].handelse, rows[0].utfall, rows[0].vad) == ("lasning", "tillaten", "meddelanden: konversation")
    konv.refresh_from_db()
    assert konv.olasta_inkommande == 0


def test_other_unit_gets_404_and_a_denial_row(konv):
    annan = logged_in_client(MedarbetaruppdragFactory())
    for url in (reverse("meddelanden:konversation", args=[konv.pk]),):
        r = annan.get(url)
        assert r.status_code == 404
        assert konv.invanare.efternamn not in r.content.decode() and "Provsvar" not in r.content.decode()
    assert Atkomstlogg.objects.order_by("-id").first().utfall == "nekad"
    for name in ("svara", "stang", "hanterad", "tilldela"):
        r = annan.post(reverse(f"meddelanden:{name}", args=[konv.pk]), {"text": "intrång", "medarbetare": "jag"})
        assert r.status_code == 404
    konv.refresh_from_db()
    assert konv.stangd is None and konv.hanterad is None and konv.tilldelad_id is None
    assert not Meddelande.objects.filter(text="intrång").exists()


def test_reply_with_attachment_and_bad_reply(staff_client, konv):
    from django.core.files.uploadedfile import SimpleUploadedFile
    url = reverse("meddelanden:svara", args=[konv.pk])
    r = staff_client.post(url, {"text": "Här är intyget", "bilagor": [SimpleUploadedFile("intyg.pdf", PDF)]})
    assert r.status_code == 302
    b = Meddelande.objects.get(text="Här är intyget").bilagor.get()
    dl = staff_client.get(reverse("meddelanden:bilaga", args=[b.pk]))
    assert dl["Content-Type"] == "application/pdf" and dl["X-Content-Type-Options"] == "nosniff"
    antal = Meddelande.objects.count()
    r = staff_client.post(url, {"text": "", "bilagor": []})
    assert r.status_code == 400 and "Skriv ett meddelande" in r.content.decode()
    r = staff_client.post(url, {"text": "x", "bilagor": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00")]})
    assert r.status_code == 400 and "inte en PDF" in r.content.decode()
    assert Meddelande.objects.count() == antal


def test_assign_to_me_and_handled_and_close(staff_client, uppdrag, konv):
    staff_client.post(reverse("meddelanden:tilldela", args=[konv.pk]), {"medarbetare": "jag"})
    staff_client.post(reverse("meddelanden:hanterad", args=[konv.pk]), {"hanterad": "1"})
    staff_client.post(reverse("meddelanden:stang", args=[konv.pk]))
    konv.refresh_from_db()
    assert konv.tilldelad_id == uppdrag.medarbetare_id and konv.hanterad and konv.stangd


def test_start_from_the_overview_in_two_clicks(staff_client, invanare_med_vardrelation):
    inv = invanare_med_vardrelation
    profil = staff_client.get(reverse("invanare:profil", args=[inv.pk])).content.decode()
    ny_url = reverse("meddelanden:ny", args=[inv.pk])
    assert ny_url in profil  # click 1
    r = staff_client.post(ny_url, {"amne": "Vi söker dig", "text": "Hej! Vi har försökt ringa dig."})  # click 2 (send)
    k = Konversation.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("meddelanden:konversation", args=[k.pk])


def test_start_with_empty_subject_is_refused(staff_client, invanare_med_vardrelation):
    r = staff_client.post(reverse("meddelanden:ny", args=[invanare_med_vardrelation.pk]), {"amne": " ", "text": "Hej"})
    assert r.status_code == 400 and "Skriv ett ämne" in r.content.decode()
    assert not Konversation.objects.exists()


def test_dashboard_shows_unread_and_oldest_waiting(staff_client, konv):
    html = staff_client.get(reverse("bevakning")).content.decode()
    assert "Inkomna meddelanden" in html and "Äldsta har väntat" in html
    panel = [p for p in staff_client.get(reverse("bevakning")).context["panels"] if p.rubrik == "Inkomna meddelanden"][0]
    assert panel.antal == 1


# --- reply templates ---


def test_templates_personal_and_unit_with_placeholders(staff_client, aktor, uppdrag, konv):
    SvarsmallFactory(vardenhet=uppdrag.vardenhet, titel="Gemensam provsvar", text="Hej {fornamn}! /{medarbetare}, {enhet}")
    egen = SvarsmallFactory(agare=uppdrag.medarbetare, titel="Min hälsning", text="Vänliga hälsningar")
    SvarsmallFactory(agare=MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet).medarbetare, titel="Kollegans egen")
    SvarsmallFactory(vardenhet=MedarbetaruppdragFactory().vardenhet, titel="Annan enhets")
    html = staff_client.get(reverse("meddelanden:konversation", args=[konv.pk])).content.decode()
    assert "Gemensam provsvar" in html and "Min hälsning" in html
    assert "Kollegans egen" not in html and "Annan enhets" not in html
    gemensam = Svarsmall.objects.get(titel="Gemensam provsvar")
    r = staff_client.get(reverse("meddelanden:mall_infoga", args=[konv.pk, gemensam.pk]), HTTP_HX_REQUEST="true")
    text = r.content.decode()
    assert f"Hej {konv.invanare.fornamn}! /{uppdrag.medarbetare.namn}, {uppdrag.vardenhet.namn}" in text.replace("&#x27;", "'")
    sok = staff_client.get(reverse("meddelanden:svarsmallar"), {"q": "hälsning"})
    assert [m.pk for m in sok.context["egna"]] == [egen.pk] and sok.context["gemensamma"] == []


def test_only_systemforvaltare_creates_unit_templates(staff_client, uppdrag):
    r = staff_client.post(reverse("meddelanden:svarsmallar"), {"titel": "G", "text": "t", "gemensam": "on"})
    assert r.status_code == 400 and not Svarsmall.objects.exists()
    staff_client.post(reverse("meddelanden:svarsmallar"), {"titel": "Egen", "text": "t"})
    assert Svarsmall.objects.get().agare_id == uppdrag.medarbetare_id
    sf = MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, roll=Roll.SYSTEMFORVALTARE)
    logged_in_client(sf).post(reverse("meddelanden:svarsmallar"), {"titel": "Gem", "text": "t", "gemensam": "on"})
    assert Svarsmall.objects.get(titel="Gem").vardenhet_id == uppdrag.vardenhet_id
    gem = Svarsmall.objects.get(titel="Gem")
    staff_client.post(reverse("meddelanden:svarsmall_ta_bort", args=[gem.pk]))
    assert Svarsmall.objects.filter(pk=gem.pk).exists()


def test_template_with_bad_input_is_not_stored(staff_client):
    r = staff_client.post(reverse("meddelanden:svarsmallar"), {"titel": "", "text": ""})
    assert r.status_code == 400 and "rubrik" in r.content.decode() and not Svarsmall.objects.exists()


def test_edit_own_template_but_not_a_colleagues(staff_client, uppdrag):
    egen = SvarsmallFactory(agare=uppdrag.medarbetare, titel="Gammal", text="gammal text")
    form = staff_client.get(reverse("meddelanden:svarsmallar"), {"andra": egen.pk}).content.decode()
    assert "Ändra svarsmall" in form and "gammal text" in form
    staff_client.post(reverse("meddelanden:svarsmallar"), {"titel": "Ny", "text": "ny text", "mall_id": egen.pk})
    egen.refresh_from_db()
    assert (egen.titel, egen.text) == ("Ny", "ny text")
    kollegans = SvarsmallFactory(agare=MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet).medarbetare, text="orörd")
    r = staff_client.post(reverse("meddelanden:svarsmallar"), {"titel": "Kapad", "text": "x", "mall_id": kollegans.pk})
    assert r.status_code == 400
    kollegans.refresh_from_db()
    assert kollegans.text == "orörd"
    assert "orörd" not in staff_client.get(reverse("meddelanden:svarsmallar"), {"andra": kollegans.pk}).content.decode()


def test_inbox_links_to_the_conversation(staff_client, konv):
    html = staff_client.get(reverse("meddelanden:inkorg"), {"flik": "oppna"}).content.decode()
    assert f'href="{reverse("meddelanden:konversation", args=[konv.pk])}"' in html


def test_conversation_poll_triggers_only_for_its_own_conversation(staff_client, aktor, uppdrag, konv):
    sida = staff_client.get(reverse("meddelanden:konversation", args=[konv.pk]))
    v, t = sida.context["version"], sida.context["tillstand"]
    poll = reverse("meddelanden:nytt")
    assert staff_client.get(poll, {"v": v, "k": konv.pk, "t": t}).status_code == 204
    # A change elsewhere in the unit: a new poller, but no reload of this thread (and no access-log row).
    annan = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
    services.konversation_start(aktor=aktor, invanare=annan, amne="Annat", text="x")
    r = staff_client.get(poll, {"v": v, "k": konv.pk, "t": t})
    assert r.status_code == 200 and "HX-Trigger" not in r and f"v={v + 1}" in r.content.decode()
    # Her new message: the thread reloads.
    inv = konv.invanare
    services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=konv.pk, text="Nytt")
    r = staff_client.get(poll, {"v": v + 1, "k": konv.pk, "t": t})
    assert r["HX-Trigger"] == "konversation-andrad"
    # Another unit's conversation id tells nothing.
    other = logged_in_client(MedarbetaruppdragFactory())
    r = other.get(poll, {"v": -1, "k": konv.pk, "t": t})
    assert r["HX-Trigger"] == "konversation-andrad" and "senaste" not in r.content.decode()


def test_attachment_of_another_unit_is_404_and_logged_denied(aktor, invanare_med_vardrelation):
    from meddelanden.bilagor import bilagor_las
    from django.core.files.uploadedfile import SimpleUploadedFile
    from meddelanden.models import Bilaga
    services.konversation_start(aktor=aktor, invanare=invanare_med_vardrelation, amne="Intyg", text="Se bilaga",
                                bilagor=bilagor_las([SimpleUploadedFile("intyg.pdf", PDF)]))
    b = Bilaga.objects.get()
    r = logged_in_client(MedarbetaruppdragFactory()).get(reverse("meddelanden:bilaga", args=[b.pk]))
    assert r.status_code == 404 and PDF not in r.content
    assert Atkomstlogg.objects.order_by("-id").first().utfall == "nekad"


def test_htmx_partials_of_the_conversation_page(staff_client, konv):
    url = reverse("meddelanden:konversation", args=[konv.pk])
    trad = staff_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="trad"' in trad and "<html" not in trad and 'id="hantering"' not in trad
    panel = staff_client.get(url, {"del": "hantering"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'id="hantering"' in panel and "Avsluta konversationen" in panel and 'id="trad"' not in panel


@pytest.mark.parametrize("skyddad", ["invanaren", "ombudet", "ingen"])
def test_proxy_author_is_not_named_when_either_has_protected_identity(staff_client, aktor, uppdrag, skyddad):
    inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat", invanare__skyddad=skyddad == "invanaren").invanare
    ombud = InvanareFactory(fornamn="Ombudsmamma", skyddad=skyddad == "ombudet")
    k = services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text="Hej")
    services.meddelande_skicka_invanare(aktor_invanare=ombud, invanare=inv, konversation_id=k.pk, text="Svar")
    html = staff_client.get(reverse("meddelanden:konversation", args=[k.pk])).content.decode()
    if skyddad == "ingen":
        assert ombud.namn in html
    else:
        assert "Ombudsmamma" not in html and "namn visas inte" in html
