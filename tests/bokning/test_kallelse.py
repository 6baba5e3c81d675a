"""The e-kallelse hook: sent inside the booking transaction, refused for hidden types, cancelled on cancel."""
import pytest
from django.core.exceptions import ValidationError

from bokning import services
from bokning.models import Bokning, Tid
from tests.fixtures.bokning import TidbokFactory, TidstypFactory, om, skapa_tid
from tests.fixtures.staff import InvanareFactory


@pytest.fixture
def tid(vardenhet):
    return skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(), start=om(dagar=2))


def test_staff_choose_to_send_and_the_document_id_is_stored(aktor, tid, kallelse_backend):
    inv = InvanareFactory()
    bokning = services.bokning_create_staff(aktor=aktor, invanare=inv, tid_id=tid.pk, skicka_kallelse=True)
    assert bokning.kallelse_id == "1001"
    (pk, inv_pk, enhet_pk, start, typnamn, plats), = kallelse_backend.skickade
    assert (pk, inv_pk, enhet_pk, start, typnamn) == (bokning.pk, inv.pk, tid.vardenhet_id, tid.start, tid.tidstyp.namn)
    assert tid.vardenhet.namn in plats and tid.vardenhet.ort in plats


def test_without_the_choice_no_kallelse(aktor, tid, kallelse_backend):
    services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk)
    assert kallelse_backend.skickade == []


def test_a_unit_that_always_sends(aktor, tid, kallelse_backend):
    tid.vardenhet.skickar_ekallelser = True
    tid.vardenhet.save()
    services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk)
    assert len(kallelse_backend.skickade) == 1


def test_a_hidden_type_with_kallelse_is_refused_before_the_backend_is_called(aktor, vardenhet, kallelse_backend):
    dold = skapa_tid(tidbok=TidbokFactory(vardenhet=vardenhet), tidstyp=TidstypFactory(dold=True, bokningsbar_i_app=False),
                     start=om(dagar=2))
    with pytest.raises(ValidationError, match="dold tidstyp"):
        services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=dold.pk, skicka_kallelse=True)
    dold.refresh_from_db()
    assert kallelse_backend.skickade == [] and dold.bokade == 0 and not Bokning.objects.exists()
    # A unit that always sends still sends nothing for a hidden type.
    vardenhet.skickar_ekallelser = True
    vardenhet.save()
    services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=dold.pk)
    assert kallelse_backend.skickade == []


def test_protected_citizen_without_confirmation_rolls_the_booking_back(aktor, tid, kallelse_backend):
    skyddad = InvanareFactory(skyddad=True)
    with pytest.raises(ValidationError, match="skyddade personuppgifter"):
        services.bokning_create_staff(aktor=aktor, invanare=skyddad, tid_id=tid.pk, skicka_kallelse=True)
    assert not Bokning.objects.exists() and Tid.objects.get(pk=tid.pk).bokade == 0
    bokning = services.bokning_create_staff(aktor=aktor, invanare=skyddad, tid_id=tid.pk, skicka_kallelse=True,
                                            skyddad_bekraftad=True)
    assert bokning.kallelse_id and Tid.objects.get(pk=tid.pk).bokade == 1


def test_backend_failure_rolls_back(aktor, tid, kallelse_backend):
    kallelse_backend.fel = "Dokumentet kunde inte skapas."
    with pytest.raises(ValidationError, match="kunde inte skapas"):
        services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk, skicka_kallelse=True)
    assert not Bokning.objects.exists() and Tid.objects.get(pk=tid.pk).bokade == 0


def test_cancel_sends_the_cancellation_notice_once(aktor, tid, kallelse_backend):
    bokning = services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk, skicka_kallelse=True)
    services.bokning_cancel_staff(aktor=aktor, bokning_id=bokning.pk)
    assert kallelse_backend.avbokade == [(bokning.pk, "1001")]
    bokning.refresh_from_db()
    assert bokning.kallelse_avbokad


def test_cancel_without_kallelse_sends_no_notice(aktor, tid, kallelse_backend):
    bokning = services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk)
    services.bokning_cancel_staff(aktor=aktor, bokning_id=bokning.pk)
    assert kallelse_backend.avbokade == []


def test_move_cancels_the_old_kallelse_and_sends_a_new_one(aktor, tid, kallelse_backend):
    bokning = services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk, skicka_kallelse=True)
    ny = skapa_tid(tidbok=tid.tidbok, tidstyp=tid.tidstyp, start=om(dagar=3))
    flyttad = services.bokning_move(aktor=aktor, bokning_id=bokning.pk, ny_tid_id=ny.pk)
    bokning.refresh_from_db()
    assert kallelse_backend.avbokade == [(bokning.pk, "1001")] and bokning.kallelse_avbokad
    assert [(s[0], s[3]) for s in kallelse_backend.skickade] == [(bokning.pk, tid.start), (flyttad.pk, ny.start)]
    assert flyttad.kallelse_id == "1002" and not flyttad.kallelse_avbokad


def test_bookings_work_without_a_backend(aktor, tid):
    from bokning.kallelse import kallelse_backend, kallelse_backend_register

    fore = kallelse_backend()
    kallelse_backend_register(None)
    try:
        bokning = services.bokning_create_staff(aktor=aktor, invanare=InvanareFactory(), tid_id=tid.pk, skicka_kallelse=True)
    finally:
        kallelse_backend_register(fore)
    assert bokning.kallelse_id == ""
