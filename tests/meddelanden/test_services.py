"""Services: storing, refusing with nothing stored, counters, access log."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from invanare.models import Vardrelation
from meddelanden import services
from meddelanden.bilagor import bilagor_las
from meddelanden.models import BILAGA_MAX_BYTE, TEXT_MAX, Bilaga, Konversation, Meddelande
from meddelanden.selectors import inkorg_version
from tests.fixtures.meddelanden import PDF, PNG, KonversationFactory
from tests.fixtures.staff import InvanareFactory, MedarbetaruppdragFactory, aktor_for
from vardportalen.models import Atkomstlogg


def _start(aktor, inv, text="Hej, ring oss gärna."):
    return services.konversation_start(aktor=aktor, invanare=inv, amne="Provsvar", text=text)


def test_staff_start_stores_conversation_message_and_logs(aktor, invanare_med_vardrelation):
    v0 = inkorg_version(vardenhet_id=aktor.vardenhet_id)
    k = _start(aktor, invanare_med_vardrelation)
    assert k.startad_av_personal and k.vardenhet_id == aktor.vardenhet_id
    m = k.meddelanden.get()
    assert m.forfattare == "personal" and m.medarbetare_id == aktor.medarbetare_id
    assert inkorg_version(vardenhet_id=aktor.vardenhet_id) == v0 + 1
    rad = Atkomstlogg.objects.get()
    assert (rad.handelse, rad.invanare_identitet) == ("andring", invanare_med_vardrelation.id_nummer)


def test_staff_start_reuses_the_open_conversation(aktor, invanare_med_vardrelation):
    k1 = _start(aktor, invanare_med_vardrelation)
    k2 = _start(aktor, invanare_med_vardrelation, text="Igen")
    assert k1.pk == k2.pk and k2.meddelanden.count() == 2


@pytest.mark.parametrize("text,fel", [("", "Skriv ett meddelande"), ("   \n ", "Skriv ett meddelande"),
                                      ("x" * (TEXT_MAX + 1), "högst 4000 tecken"), ("a\x00b", "otillåtna")])
def test_bad_text_is_refused_and_nothing_stored(aktor, invanare_med_vardrelation, text, fel):
    with pytest.raises(ValidationError) as exc:
        _start(aktor, invanare_med_vardrelation, text=text)
    assert fel in " ".join(exc.value.messages)
    assert not Konversation.objects.exists() and not Meddelande.objects.exists() and not Atkomstlogg.objects.exists()


def test_text_at_the_limit_is_accepted(aktor, invanare_med_vardrelation):
    assert len(_start(aktor, invanare_med_vardrelation, text="å" * TEXT_MAX).meddelanden.get().text) == TEXT_MAX


def test_database_refuses_oversize_text_even_without_the_service(invanare_med_vardrelation):
    from django.db import IntegrityError, transaction
    k = KonversationFactory(invanare=invanare_med_vardrelation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meddelande.objects.create(konversation=k, forfattare="invanare", text="x" * (TEXT_MAX + 1))


def test_staff_cannot_write_to_a_closed_conversation(aktor, invanare_med_vardrelation):
    k = _start(aktor, invanare_med_vardrelation)
    services.konversation_stang(aktor=aktor, konversation_id=k.pk)
    with pytest.raises(services.Nekad) as exc:
        services.meddelande_skicka_personal(aktor=aktor, konversation_id=k.pk, text="Hallå")
    assert exc.value.kod == "stangd"
    assert k.meddelanden.count() == 1


def test_other_unit_cannot_touch_the_conversation(aktor, invanare_med_vardrelation):
    k = _start(aktor, invanare_med_vardrelation)
    annan = aktor_for(MedarbetaruppdragFactory())
    for gor in (lambda: services.meddelande_skicka_personal(aktor=annan, konversation_id=k.pk, text="x"),
                lambda: services.konversation_stang(aktor=annan, konversation_id=k.pk),
                lambda: services.konversation_markera_hanterad(aktor=annan, konversation_id=k.pk),
                lambda: services.konversation_tilldela(aktor=annan, konversation_id=k.pk, medarbetare_id=None)):
        with pytest.raises(services.Nekad):
            gor()
    k.refresh_from_db()
    assert k.stangd is None and k.hanterad is None and k.meddelanden.count() == 1


def test_citizen_message_counts_as_unread_until_staff_open_or_answer(aktor, invanare_med_vardrelation):
    inv = invanare_med_vardrelation
    k = _start(aktor, inv)
    services.konversation_markera_hanterad(aktor=aktor, konversation_id=k.pk)
    services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=k.pk, text="Svar 1")
    services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=k.pk, text="Svar 2")
    k.refresh_from_db()
    assert k.olasta_inkommande == 2 and k.forsta_olasta is not None
    assert k.hanterad is None  # something new came in
    services.konversation_las_personal(aktor=aktor, konversation=k)
    k.refresh_from_db()
    assert k.olasta_inkommande == 0 and k.forsta_olasta is None
    assert not Meddelande.objects.filter(forfattare="invanare", last__isnull=True).exists()


def test_citizen_cannot_write_to_a_closed_conversation(aktor, invanare_med_vardrelation):
    inv = invanare_med_vardrelation
    k = _start(aktor, inv)
    services.konversation_stang(aktor=aktor, konversation_id=k.pk)
    with pytest.raises(services.Nekad) as exc:
        services.meddelande_skicka_invanare(aktor_invanare=inv, invanare=inv, konversation_id=k.pk, text="Hallå?")
    assert exc.value.kod == "stangd" and exc.value.status == 409
    assert k.meddelanden.count() == 1


def test_citizen_cannot_write_in_someone_elses_conversation(aktor, invanare_med_vardrelation):
    k = _start(aktor, invanare_med_vardrelation)
    annan = InvanareFactory()
    with pytest.raises(services.Nekad):
        services.meddelande_skicka_invanare(aktor_invanare=annan, invanare=annan, konversation_id=k.pk, text="Hej")
    assert k.meddelanden.count() == 1


def test_citizen_start_refused_without_booking_or_criteria(ekallelse_enhet):
    inv = InvanareFactory()
    with pytest.raises(services.Nekad) as exc:
        services.konversation_start_invanare(aktor_invanare=inv, invanare=inv, vardenhet=ekallelse_enhet,
                                             amne="Fråga", text="Hej")
    assert exc.value.kod == "ej_oppen" and "Du har ingen aktiv bokning på mottagningen." in exc.value.detaljer
    assert not Konversation.objects.exists()


def test_citizen_start_with_booking_gives_the_unit_a_care_relation(ekallelse_enhet, besok):
    inv = InvanareFactory()
    besok.boka(inv, ekallelse_enhet)
    k = services.konversation_start_invanare(aktor_invanare=inv, invanare=inv, vardenhet=ekallelse_enhet,
                                             amne="Fråga", text="Hej")
    assert not k.startad_av_personal and k.olasta_inkommande == 1
    assert Vardrelation.objects.aktiva().filter(invanare=inv, vardenhet=ekallelse_enhet).exists()
    with pytest.raises(services.Nekad) as exc:
        services.konversation_start_invanare(aktor_invanare=inv, invanare=inv, vardenhet=ekallelse_enhet,
                                             amne="Igen", text="Hej")
    assert exc.value.kod == "finns_oppen" and exc.value.extra["konversation_id"] == k.pk


def test_proxy_message_is_marked_as_written_by_the_proxy(aktor, invanare_med_vardrelation):
    barn = invanare_med_vardrelation
    forälder = InvanareFactory()
    k = _start(aktor, barn)
    m = services.meddelande_skicka_invanare(aktor_invanare=forälder, invanare=barn, konversation_id=k.pk, text="Hej")
    assert m.forfattare == "ombud" and m.skriven_av_invanare_id == forälder.pk


# --- attachments ---


def _fil(namn, data):
    return SimpleUploadedFile(namn, data)


def test_attachment_type_is_sniffed_from_bytes():
    (b,) = bilagor_las([_fil("intyg.png", PDF)])  # the name lies; the bytes decide
    assert b.typ == Bilaga.Typ.PDF and b.filnamn == "intyg.pdf"
    (b,) = bilagor_las([_fil("../../etc/bild", PNG)])
    assert b.typ == "image/png" and b.filnamn == "bild.png"


@pytest.mark.parametrize("namn,data,fel", [
    ("skript.pdf", b"<script>alert(1)</script>", "inte en PDF eller en bild"),
    ("tom.pdf", b"", "tom"),
    ("html.png", b"<html><body>hej</body></html>", "inte en PDF"),
    ("stor.pdf", b"%PDF-" + b"0" * BILAGA_MAX_BYTE, "för stor"),
])
def test_disallowed_attachments_are_refused(namn, data, fel):
    with pytest.raises(ValidationError) as exc:
        bilagor_las([_fil(namn, data)])
    assert fel in " ".join(exc.value.messages)


def test_too_many_attachments():
    with pytest.raises(ValidationError):
        bilagor_las([_fil(f"{i}.pdf", PDF) for i in range(4)])


def test_message_with_attachment_is_stored_together(aktor, invanare_med_vardrelation):
    k = services.konversation_start(aktor=aktor, invanare=invanare_med_vardrelation, amne="Intyg", text="Se bilaga",
                                    bilagor=bilagor_las([_fil("intyg.pdf", PDF)]))
    b = Bilaga.objects.get(meddelande__konversation=k)
    assert bytes(b.data) == PDF and b.storlek == len(PDF)


# --- assignment ---


def test_assign_only_to_colleagues_with_active_commission(aktor, uppdrag, invanare_med_vardrelation):
    k = _start(aktor, invanare_med_vardrelation)
    kollega = MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet)
    services.konversation_tilldela(aktor=aktor, konversation_id=k.pk, medarbetare_id=kollega.medarbetare_id)
    k.refresh_from_db()
    assert k.tilldelad_id == kollega.medarbetare_id
    utomstaende = MedarbetaruppdragFactory()
    utgangen = MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet, utgangen=True)
    for m in (utomstaende.medarbetare_id, utgangen.medarbetare_id):
        with pytest.raises(ValidationError):
            services.konversation_tilldela(aktor=aktor, konversation_id=k.pk, medarbetare_id=m)
    k.refresh_from_db()
    assert k.tilldelad_id == kollega.medarbetare_id


def test_open_conversation_is_unique_in_the_database(aktor, invanare_med_vardrelation):
    from django.db import IntegrityError, transaction
    k = _start(aktor, invanare_med_vardrelation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Konversation.objects.create(vardenhet_id=k.vardenhet_id, invanare=k.invanare, amne="Dubblett")
