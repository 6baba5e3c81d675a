"""Loggkontroll (/atkomstlogg/): only the verksamhetschef, only the own unit, filters, paging, constant queries."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetaruppdragFactory,
    aktor_for,
    logged_in_client,
)
from vardportalen.accesslog.services import atkomst_logga
from vardportalen.models import Atkomstlogg, Roll

URL = "/atkomstlogg/"


@pytest.fixture
def chef_client(chef_uppdrag):
    return logged_in_client(chef_uppdrag)


def log(uppdrag, *, invanare=None, handelse="lasning", utfall="tillaten", vad="invånarprofil", **kw):
    return atkomst_logga(aktor=aktor_for(uppdrag), invanare=invanare, handelse=handelse, utfall=utfall, vad=vad, **kw)


def rows_on_page(response):
    return [r.rad for r in response.context["page"].object_list]


@pytest.mark.parametrize("roll", [r for r in Roll.values if r != Roll.VERKSAMHETSCHEF])
def test_only_verksamhetschef(roll, vardenhet):
    client = logged_in_client(MedarbetaruppdragFactory(vardenhet=vardenhet, roll=roll))
    assert client.get(URL).status_code == 403
    assert client.get(URL, {"identitetsnummer": "191212121212"}, HTTP_HX_REQUEST="true").status_code == 403
    assert not Atkomstlogg.objects.exists()


def test_nav_link_only_for_chief(staff_client, chef_client):
    assert URL not in staff_client.get("/invanare/").content.decode()
    assert URL in chef_client.get("/invanare/").content.decode()


def test_own_unit_only(chef_client, uppdrag):
    mine = log(uppdrag)
    other = log(MedarbetaruppdragFactory())
    response = chef_client.get(URL)
    assert response.status_code == 200
    assert rows_on_page(response) == [mine]
    assert other.medarbetare_hsa_id not in response.content.decode()


def test_shows_who_whom_what_but_no_names_of_citizens(chef_client, uppdrag):
    inv = InvanareFactory(fornamn="Loggad", efternamn="Patientsson")
    log(uppdrag, invanare=inv, utfall="nekad")
    html = chef_client.get(URL).content.decode()
    assert uppdrag.medarbetare.hsa_id in html and uppdrag.medarbetare.namn in html
    assert inv.identitet_formaterad in html
    assert "Patientsson" not in html and inv.gatuadress not in html
    assert "Nekad" in html and "Sjuksköterska" in html


class TestFilters:
    def test_staff_hsa_id(self, chef_client, uppdrag, vardenhet):
        colleague = MedarbetaruppdragFactory(vardenhet=vardenhet)
        mine = log(uppdrag)
        log(colleague)
        response = chef_client.get(URL, {"medarbetare": " se" + uppdrag.medarbetare.hsa_id[2:] + " "})
        assert rows_on_page(response) == [mine]

    def test_invalid_hsa_id(self, chef_client):
        html = chef_client.get(URL, {"medarbetare": "nisse"}).content.decode()
        assert "Ett HSA-id ser ut som SE2321000016-ABCD" in html

    def test_citizen_identity_parsed_like_everywhere_and_the_review_is_logged(self, chef_client, uppdrag, chef_uppdrag):
        inv, other = InvanareFactory(), InvanareFactory()
        row = log(uppdrag, invanare=inv)
        log(uppdrag, invanare=other)
        ten_digits = f"{inv.id_nummer[2:8]}-{inv.id_nummer[8:]}"
        response = chef_client.get(URL, {"identitetsnummer": ten_digits})
        rows = rows_on_page(response)
        review = Atkomstlogg.objects.get(vad="loggkontroll")
        assert rows == [review, row]  # the review itself is the newest row of this citizen
        assert review.medarbetare_hsa_id == chef_uppdrag.medarbetare.hsa_id
        assert (review.handelse, review.utfall, review.invanare_identitet) == ("lasning", "tillaten", inv.id_nummer)

    def test_invalid_identity_shows_the_parser_message_and_logs_nothing(self, chef_client):
        html = chef_client.get(URL, {"identitetsnummer": "19121212-1213"}).content.decode()
        assert "Kontrollsiffran stämmer inte: sista siffran ska vara 2, inte 3." in html
        assert not Atkomstlogg.objects.exists()

    def test_no_identity_filter_no_review_row(self, chef_client, uppdrag):
        log(uppdrag)
        chef_client.get(URL)
        chef_client.get(URL, {"handelse": "lasning"})
        assert Atkomstlogg.objects.count() == 1

    def test_date_range_is_inclusive_in_local_time(self, chef_client, uppdrag):
        rows = {}  # rows are append-only: tidpunkt is set at insert
        for day in (1, 2, 3):
            when = timezone.make_aware(datetime.datetime(2025, 3, day, 23, 30))
            rows[day] = Atkomstlogg.objects.create(
                tidpunkt=when, medarbetare_hsa_id=uppdrag.medarbetare.hsa_id,
                vardenhet_hsa_id=uppdrag.vardenhet.hsa_id, handelse="lasning", utfall="tillaten", vad=f"dag {day}",
            )
        response = chef_client.get(URL, {"fran": "2025-03-02", "till": "2025-03-02"})
        assert rows_on_page(response) == [rows[2]]
        response = chef_client.get(URL, {"fran": "2025-03-02"})
        assert rows_on_page(response) == [rows[3], rows[2]]

    def test_end_before_start(self, chef_client):
        html = chef_client.get(URL, {"fran": "2025-03-02", "till": "2025-03-01"}).content.decode()
        assert "Slutdatumet ligger före startdatumet." in html

    def test_action_and_outcome(self, chef_client, uppdrag):
        log(uppdrag, handelse="lasning", utfall="tillaten")
        target = log(uppdrag, handelse="andring", utfall="nekad")
        log(uppdrag, handelse="andring", utfall="tillaten")
        assert rows_on_page(chef_client.get(URL, {"handelse": "andring", "utfall": "nekad"})) == [target]


class TestPaging:
    def fill(self, uppdrag, n):
        Atkomstlogg.objects.bulk_create(
            Atkomstlogg(
                medarbetare_hsa_id=uppdrag.medarbetare.hsa_id, vardenhet_hsa_id=uppdrag.vardenhet.hsa_id,
                roll=uppdrag.roll, invanare_id_typ="personnummer", invanare_identitet=f"19800101{i:04d}",
                handelse="lasning", utfall="tillaten", vad=f"rad {i}",
                tidpunkt=timezone.now() - datetime.timedelta(minutes=i),
            )
            for i in range(n)
        )

    def test_pages_of_fifty_newest_first_keeping_filters(self, chef_client, uppdrag):
        self.fill(uppdrag, 120)
        first = chef_client.get(URL, {"handelse": "lasning"})
        assert [r.vad for r in rows_on_page(first)][:2] == ["rad 0", "rad 1"]
        assert len(rows_on_page(first)) == 50
        html = first.content.decode()
        assert "Sida 1 av 3" in html and "?handelse=lasning&amp;sida=2" in html
        third = chef_client.get(URL, {"handelse": "lasning", "sida": 3})
        assert [r.vad for r in rows_on_page(third)][-1] == "rad 119" and len(rows_on_page(third)) == 20
        assert chef_client.get(URL, {"sida": "x"}).status_code == 200

    @pytest.mark.parametrize("params", [{}, {"identitetsnummer": "19800101-0001"}, {"utfall": "tillaten", "fran": "2020-01-01"}])
    def test_constant_number_of_queries(self, chef_client, uppdrag, params):
        def count():
            with CaptureQueriesContext(connection) as ctx:
                response = chef_client.get(URL, params)
            assert response.status_code == 200 and response.context["page"] is not None
            return len(ctx.captured_queries)

        self.fill(uppdrag, 3)
        few = count()
        self.fill(uppdrag, 60)
        assert count() == few

    def test_query_budget(self, chef_client, uppdrag, django_assert_max_num_queries):
        self.fill(uppdrag, 80)
        # session, user, commission, COUNT, page SELECT, session save: nothing per row.
        with django_assert_max_num_queries(8):
            chef_client.get(URL)


def test_htmx_gets_the_result_partial(chef_client, uppdrag):
    log(uppdrag)
    html = chef_client.get(URL, {"utfall": "tillaten"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<div id="loggresultat"') and "<html" not in html


def test_sorts_on_a_column_and_keeps_the_filter_and_shows_role_names(chef_client, uppdrag, vardenhet):
    """Issue 18: the access log neither sorted nor showed roles by name."""
    andra = MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SJUKSKOTERSKA,
                                     medarbetare__fornamn="Åsa", medarbetare__efternamn="Öberg")
    forsta = MedarbetaruppdragFactory(vardenhet=vardenhet, roll=Roll.SJUKSKOTERSKA,
                                      medarbetare__fornamn="Anna", medarbetare__efternamn="Ahl")
    log(andra)
    log(forsta)
    svar = chef_client.get(URL, {"handelse": "lasning", "ordning": "medarbetare"})
    namn = [r.medarbetare_namn for r in rows_on_page(svar)]
    assert namn == sorted(namn) and namn[0] == "Anna Ahl"
    html = svar.content.decode()
    assert 'aria-sort="ascending"' in html and "?handelse=lasning&amp;ordning=-medarbetare" in html
    tabell = html[html.index('<table class="logg">'):]
    assert "Sjuksköterska" in tabell and ">sjukskoterska<" not in tabell
    omvand = [r.medarbetare_namn for r in rows_on_page(chef_client.get(URL, {"ordning": "-medarbetare"}))]
    assert omvand[0] == "Åsa Öberg" or omvand == sorted(omvand, reverse=True)
    assert chef_client.get(URL, {"ordning": "'; DROP"}).status_code == 200  # unknown column: the default order


def test_the_admin_shows_the_role_by_name(db):
    from vardportalen.admin import AtkomstloggAdmin
    from django.contrib import admin

    rad = Atkomstlogg(roll="sjukskoterska")
    assert AtkomstloggAdmin(Atkomstlogg, admin.site).roll_visning(rad) == "Sjuksköterska"
