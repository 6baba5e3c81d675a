"""Reads scoped to the unit's care relations, each with its access-log row."""
import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from invanare.identitet import OgiltigtIdentitetsnummer
from invanare.models import Invanare
from invanare.selectors import (
    InvanareEjTillganglig,
    SokUtfall,
    invanare_get_for_uppdrag,
    invanare_oversikt,
    invanare_sok,
)
from tests.fixtures.staff import (
    InvanareFactory,
    VardenhetFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
)
from vardportalen.models import Atkomstlogg

NU = timezone.now
DAG = datetime.timedelta(days=1)


def only_log_row() -> Atkomstlogg:
    rows = list(Atkomstlogg.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


class TestGetForUppdrag:
    def test_active_relation_allows_and_logs_one_read(self, aktor, invanare_med_vardrelation):
        got = invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_med_vardrelation.pk, vad="invånarprofil")
        assert got == invanare_med_vardrelation
        row = only_log_row()
        assert (row.handelse, row.utfall, row.vad) == ("lasning", "tillaten", "invånarprofil")
        assert row.invanare_identitet == got.id_nummer

    @pytest.mark.parametrize(
        "relation",
        [
            None,
            {"annan_enhet": True},
            {"fran": lambda: NU() - 10 * DAG, "till": lambda: NU() - DAG},
            {"fran": lambda: NU() + DAG},
        ],
        ids=["ingen", "annan-enhet", "avslutad", "framtida"],
    )
    def test_no_active_relation_is_denied_and_logged(self, aktor, uppdrag, relation):
        invanare = InvanareFactory()
        if relation is not None:
            enhet = VardenhetFactory() if relation.get("annan_enhet") else uppdrag.vardenhet
            times = {k: v() for k, v in relation.items() if k in ("fran", "till")}
            VardrelationFactory(invanare=invanare, vardenhet=enhet, **times)
        with pytest.raises(InvanareEjTillganglig):
            invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare.pk, vad="invånarprofil")
        row = only_log_row()
        assert (row.handelse, row.utfall) == ("lasning", "nekad")
        assert row.invanare_identitet == invanare.id_nummer
        assert row.medarbetare_hsa_id == uppdrag.medarbetare.hsa_id

    @pytest.mark.parametrize("bad_id", [999999, "abc", -1, 2**70])
    def test_unknown_id_is_the_same_answer_and_logged(self, aktor, bad_id):
        with pytest.raises(InvanareEjTillganglig):
            invanare_get_for_uppdrag(aktor=aktor, invanare_id=bad_id, vad="invånarprofil")
        row = only_log_row()
        assert row.utfall == "nekad" and row.invanare_identitet == ""
        assert "Okänt invånar-id" in row.detalj

    def test_the_exception_is_a_404_so_a_forgotten_catch_still_reveals_nothing(self):
        assert issubclass(InvanareEjTillganglig, Http404)

    def test_one_relation_among_many_units_is_enough(self, aktor, uppdrag):
        invanare = InvanareFactory()
        for _ in range(3):
            VardrelationFactory(invanare=invanare)
        VardrelationFactory(invanare=invanare, vardenhet=uppdrag.vardenhet)
        assert invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare.pk, vad="x") == invanare
        assert Invanare.objects.synliga_for_enhet(uppdrag.vardenhet).count() == 1


class TestSok:
    def test_visible_citizen(self, aktor, invanare_med_vardrelation):
        inv = invanare_med_vardrelation
        result = invanare_sok(aktor=aktor, text=f"{inv.id_nummer[2:8]}-{inv.id_nummer[8:]}")
        assert result.utfall == SokUtfall.SYNLIG and result.invanare == inv
        row = only_log_row()
        assert (row.utfall, row.vad, row.invanare_identitet) == ("tillaten", "sök invånare", inv.id_nummer)

    def test_no_care_relation_gives_no_citizen_object_and_logs_a_denial(self, aktor):
        inv = VardrelationFactory().invanare  # relation with another unit only
        result = invanare_sok(aktor=aktor, text=inv.id_nummer)
        assert result.utfall == SokUtfall.INGEN_VARDRELATION
        assert result.invanare is None
        assert result.identitet.nummer == inv.id_nummer
        row = only_log_row()
        assert (row.utfall, row.invanare_identitet) == ("nekad", inv.id_nummer)

    def test_nobody_has_the_number(self, aktor):
        result = invanare_sok(aktor=aktor, text="19121212-1212")
        assert result.utfall == SokUtfall.FINNS_INTE and result.invanare is None
        row = only_log_row()
        assert (row.utfall, row.invanare_identitet) == ("tillaten", "191212121212")

    def test_invalid_input_raises_the_parser_error_and_logs_nothing(self, aktor):
        with pytest.raises(OgiltigtIdentitetsnummer, match="Kontrollsiffran"):
            invanare_sok(aktor=aktor, text="19121212-1213")
        assert not Atkomstlogg.objects.exists()


class TestOversikt:
    def test_relatives_by_name(self, aktor, invanare_med_vardrelation):
        inv = invanare_med_vardrelation
        vh = VardnadshavarskapFactory(barn=inv).vardnadshavare
        barn = VardnadshavarskapFactory(vardnadshavare=inv).barn
        VardnadshavarskapFactory(barn=inv, till=timezone.localdate() - DAG)  # ended: not shown
        o = invanare_oversikt(aktor=aktor, invanare=inv)
        assert [a.namn for a in o.vardnadshavare] == [vh.namn]
        assert [a.namn for a in o.barn] == [barn.namn]
        assert o.visa_kontaktuppgifter
        # the page's own read row is written by invanare_get_for_uppdrag; each relative named is a read of hers
        assert sorted(Atkomstlogg.objects.values_list("invanare_identitet", "vad", "utfall")) == sorted(
            [(vh.id_nummer, "invånarprofil: anhörig", "tillaten"), (barn.id_nummer, "invånarprofil: anhörig", "tillaten")])

    def test_protected_citizen_has_no_relatives_and_no_contact_details(self, aktor, uppdrag):
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__skyddad=True).invanare
        VardnadshavarskapFactory(barn=inv)
        o = invanare_oversikt(aktor=aktor, invanare=inv)
        assert o.vardnadshavare is None and o.barn is None
        assert not o.visa_kontaktuppgifter

    def test_protected_relative_is_not_named(self, aktor, invanare_med_vardrelation):
        VardnadshavarskapFactory(barn=invanare_med_vardrelation, vardnadshavare__skyddad=True)
        o = invanare_oversikt(aktor=aktor, invanare=invanare_med_vardrelation)
        assert [(a.namn, a.skyddad) for a in o.vardnadshavare] == [(None, True)]

    def test_only_this_units_relations(self, aktor, invanare_med_vardrelation):
        VardrelationFactory(invanare=invanare_med_vardrelation)  # another unit
        o = invanare_oversikt(aktor=aktor, invanare=invanare_med_vardrelation)
        assert [r.vardenhet_id for r in o.vardrelationer] == [aktor.vardenhet_id]
