"""atkomst_logga: one row per access, in the caller's transaction, never with contact details."""
import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import RequestFactory

from invanare.identitet import parse_identitetsnummer
from tests.fixtures.staff import InvanareFactory, aktor_for
from vardportalen.accesslog.services import (
    Aktor,
    Handelse,
    Utfall,
    atkomst_logga,
    atkomst_logga_flera,
    innehaller_kontaktuppgifter,
)
from vardportalen.models import Atkomstlogg


def test_row_copies_actor_unit_role_identity_and_request_id(uppdrag):
    invanare = InvanareFactory()
    aktor = aktor_for(uppdrag, request_id="abc123def456")
    row = atkomst_logga(
        aktor=aktor, invanare=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad="invånarprofil"
    )
    row = Atkomstlogg.objects.get(pk=row.pk)
    assert row.medarbetare_hsa_id == uppdrag.medarbetare.hsa_id
    assert row.medarbetare_namn == uppdrag.medarbetare.namn
    assert row.vardenhet_hsa_id == uppdrag.vardenhet.hsa_id
    assert row.vardenhet_namn == uppdrag.vardenhet.namn
    assert row.roll == uppdrag.roll
    assert (row.invanare_id_typ, row.invanare_identitet) == ("personnummer", invanare.id_nummer)
    assert (row.handelse, row.utfall, row.vad) == ("lasning", "tillaten", "invånarprofil")
    assert row.request_id == "abc123def456"
    assert row.tidpunkt is not None


def test_no_name_address_or_phone_of_the_citizen_in_any_column(uppdrag):
    invanare = InvanareFactory(fornamn="Unikaförnamnet", gatuadress="Hemliga gränd 7", mobilnummer="070-765 43 21")
    row = atkomst_logga(
        aktor=aktor_for(uppdrag), invanare=invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN, vad="x"
    )
    values = " ".join(str(getattr(row, f.attname)) for f in Atkomstlogg._meta.concrete_fields)
    assert "Unikaförnamnet" not in values
    assert "Hemliga" not in values
    assert "765" not in values


@pytest.mark.parametrize("detalj", ["Skickade till Hemliga gränd 7", "Ringde 0707654321", "sms +46 70-765 43 21"])
def test_refuses_address_or_phone_in_free_text(uppdrag, detalj):
    invanare = InvanareFactory(gatuadress="Hemliga gränd 7", mobilnummer="070-765 43 21")
    with pytest.raises(ValueError, match="adress eller telefonnummer"):
        atkomst_logga(
            aktor=aktor_for(uppdrag), invanare=invanare, handelse="andring", utfall="tillaten", vad="x", detalj=detalj
        )
    assert not Atkomstlogg.objects.exists()


def test_kontaktuppgifter_check_ignores_short_and_empty_values():
    invanare = InvanareFactory.build(gatuadress="", mobilnummer="")
    assert not innehaller_kontaktuppgifter(invanare, "vad som helst 070")
    assert not innehaller_kontaktuppgifter(None, "x")


def test_identity_without_a_citizen_row(uppdrag):
    ident = parse_identitetsnummer("121212-1212")
    row = atkomst_logga(aktor=aktor_for(uppdrag), identitet=ident, handelse="lasning", utfall="tillaten", vad="sök")
    assert (row.invanare_id_typ, row.invanare_identitet) == ("personnummer", "201212121212")


def test_denial_without_any_identity(uppdrag):
    row = atkomst_logga(aktor=aktor_for(uppdrag), handelse="lasning", utfall="nekad", vad="invånarprofil")
    assert row.invanare_identitet == "" and row.utfall == "nekad"


@pytest.mark.parametrize(
    "kwargs", [{"handelse": "titta"}, {"utfall": "kanske"}, {"vad": ""}], ids=["handelse", "utfall", "vad"]
)
def test_rejects_unknown_values(uppdrag, kwargs):
    args = {"handelse": "lasning", "utfall": "tillaten", "vad": "x"} | kwargs
    with pytest.raises(ValueError):
        atkomst_logga(aktor=aktor_for(uppdrag), **args)


def test_long_texts_are_cut_to_the_column(uppdrag):
    row = atkomst_logga(aktor=aktor_for(uppdrag), handelse="lasning", utfall="tillaten", vad="v" * 300, detalj="d" * 900)
    row.refresh_from_db()
    assert len(row.vad) == 200 and len(row.detalj) == 500


def test_written_in_the_callers_transaction(uppdrag):
    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        atkomst_logga(aktor=aktor_for(uppdrag), handelse="lasning", utfall="tillaten", vad="x")
        assert Atkomstlogg.objects.count() == 1
        raise Rollback
    assert Atkomstlogg.objects.count() == 0


def test_actor_from_request(uppdrag):
    request = RequestFactory().get("/")
    request.uppdrag, request.request_id = uppdrag, "req-00000001"
    row = atkomst_logga(aktor=request, handelse="lasning", utfall="tillaten", vad="x")
    assert row.request_id == "req-00000001"
    assert row.medarbetare_hsa_id == uppdrag.medarbetare.hsa_id
    assert Aktor.from_request(request) == aktor_for(uppdrag, request_id="req-00000001")


def test_no_commission_no_access():
    request = RequestFactory().get("/")
    request.uppdrag = None
    with pytest.raises(PermissionDenied):
        Aktor.from_request(request)
    with pytest.raises(PermissionDenied):
        atkomst_logga(aktor=request, handelse="lasning", utfall="tillaten", vad="x")


def test_many_citizens_in_one_insert(uppdrag, django_assert_num_queries):
    people = InvanareFactory.create_batch(5)
    with django_assert_num_queries(1):
        rows = atkomst_logga_flera(
            aktor=aktor_for(uppdrag), invanare_lista=people, handelse="lasning", utfall="tillaten", vad="lista"
        )
    assert len(rows) == 5
    assert set(Atkomstlogg.objects.values_list("invanare_identitet", flat=True)) == {p.id_nummer for p in people}
    assert atkomst_logga_flera(aktor=aktor_for(uppdrag), invanare_lista=[], handelse="lasning", utfall="tillaten", vad="x") == []
