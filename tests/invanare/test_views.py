"""Sök invånare, Registrera vårdrelation and Invånarprofil/översikt, through the test client."""

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection

from invanare import overview
from invanare.models import Invanare, Vardrelation
from tests.fixtures.staff import (
    InvanareFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
)
from vardportalen.models import Atkomstlogg

HTMX = {"HTTP_HX_REQUEST": "true"}


def main_of(response) -> str:
    """The page content without the shell (whose CSRF token changes on every render)."""
    html = response.content.decode()
    return html[html.index("<main"):html.index("</main>")]


@pytest.fixture
def synlig(uppdrag) -> Invanare:
    return VardrelationFactory(
        vardenhet=uppdrag.vardenhet,
        invanare__fornamn="Ingrid",
        invanare__efternamn="Synligsson",
        invanare__gatuadress="Solrosvägen 12",
        invanare__mobilnummer="070-111 22 33",
    ).invanare


class TestSok:
    def test_empty_form_logs_nothing(self, staff_client):
        response = staff_client.get("/invanare/")
        assert response.status_code == 200
        assert "Sök invånare" in response.content.decode()
        assert not Atkomstlogg.objects.exists()
        assert "no-store" in response["Cache-Control"]

    def test_parser_message_is_shown(self, staff_client):
        response = staff_client.get("/invanare/", {"identitetsnummer": "19121212-1213"})
        assert "Kontrollsiffran stämmer inte: sista siffran ska vara 2, inte 3." in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode()
        assert not Atkomstlogg.objects.exists()

    def test_found_with_care_relation(self, staff_client, synlig):
        response = staff_client.get("/invanare/", {"identitetsnummer": synlig.id_nummer[2:]})
        html = response.content.decode()
        assert "Ingrid Synligsson" in html
        assert f'href="/invanare/{synlig.pk}/"' in html
        assert Atkomstlogg.objects.get().utfall == "tillaten"

    def test_found_without_care_relation_shows_no_name_and_offers_registration(self, staff_client):
        other = VardrelationFactory(invanare__fornamn="Hemlig", invanare__efternamn="Annanenhetsson").invanare
        response = staff_client.get("/invanare/", {"identitetsnummer": other.id_nummer})
        html = response.content.decode()
        assert "Hemlig" not in html and "Annanenhetsson" not in html
        assert other.gatuadress not in html
        assert f"/invanare/{other.pk}/" not in html
        assert "Ingen vårdrelation" in html
        assert "Registrera vårdrelation" in html
        assert 'action="/invanare/vardrelation/"' in html
        row = Atkomstlogg.objects.get()
        assert (row.utfall, row.invanare_identitet) == ("nekad", other.id_nummer)

    def test_nobody_with_that_number(self, staff_client):
        response = staff_client.get("/invanare/", {"identitetsnummer": "121212-1212"})
        assert "Det finns ingen invånare med personnummer 20121212-1212 i Alltid öppet." in response.content.decode()

    def test_htmx_gets_only_the_result_partial(self, staff_client, synlig):
        response = staff_client.get("/invanare/", {"identitetsnummer": synlig.id_nummer}, **HTMX)
        html = response.content.decode()
        assert html.lstrip().startswith('<div id="sokresultat"')
        assert "<html" not in html and "Ingrid Synligsson" in html

    def test_badges_in_result(self, staff_client, uppdrag):
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__reservnummer=True).invanare
        html = staff_client.get("/invanare/", {"identitetsnummer": inv.id_nummer}).content.decode()
        assert "Kan inte använda Alltid öppet" in html


class TestRegistreraVardrelation:
    def post(self, client, inv, **extra):
        data = {"identitetsnummer": inv.id_nummer, "anledning": "Besök på mottagningen", "intygar": "on"} | extra
        return client.post("/invanare/vardrelation/", data, **extra.pop("headers", {}))

    def test_registers_logs_and_opens_the_profile(self, staff_client, uppdrag):
        inv = InvanareFactory(fornamn="Nyrelation")
        response = self.post(staff_client, inv)
        assert response.status_code == 302 and response["Location"] == f"/invanare/{inv.pk}/"
        rel = Vardrelation.objects.get()
        assert rel.vardenhet == uppdrag.vardenhet and rel.anledning == "Besök på mottagningen"
        assert Atkomstlogg.objects.get().handelse == "andring"
        page = staff_client.get(response["Location"])
        assert page.status_code == 200 and "Nyrelation" in page.content.decode()
        assert list(Atkomstlogg.objects.order_by("id").values_list("handelse", flat=True)) == ["andring", "lasning"]

    def test_the_profile_names_who_registered_the_relation(self, staff_client, uppdrag):
        """Issue 18: "Registrerad av" showed an HSA-id; staff know each other by name."""
        inv = InvanareFactory()
        profil = staff_client.get(self.post(staff_client, inv)["Location"]).content.decode()
        tabell = profil[profil.index('id="rubrik-vr"'):]
        tabell = tabell[:tabell.index("</table>")]
        assert uppdrag.medarbetare.namn in tabell and uppdrag.medarbetare.hsa_id not in tabell

    def test_every_citizen_page_has_the_patient_banner(self, staff_client):
        from invanare.models import Kontosparr

        inv = InvanareFactory(fornamn="Bannerina")
        self.post(staff_client, inv)
        Kontosparr.objects.create(invanare=inv, orsak="tvang")
        for url in (f"/invanare/{inv.pk}/", f"/invanare/{inv.pk}/ombud/", f"/bokning/invanare/{inv.pk}/boka/"):
            html = staff_client.get(url).content.decode()
            banner = html[html.index('class="patientbanner'):]
            banner = banner[:banner.index("</section>")]
            assert inv.identitet_formaterad in banner and "år" in banner and "spärrat" in banner, url

    def test_htmx_redirects_the_client(self, staff_client):
        inv = InvanareFactory()
        response = staff_client.post(
            "/invanare/vardrelation/",
            {"identitetsnummer": inv.id_nummer, "anledning": "Remiss", "intygar": "on"},
            **HTMX,
        )
        assert response["HX-Redirect"] == f"/invanare/{inv.pk}/"

    @pytest.mark.parametrize(
        "change,message",
        [({"intygar": ""}, "Du måste intyga att vårdrelationen finns."), ({"anledning": ""}, "Detta fält måste fyllas i.")],
    )
    def test_statement_and_reason_required(self, staff_client, change, message):
        inv = InvanareFactory(fornamn="Ejregistrerad")
        response = self.post(staff_client, inv, **change)
        html = response.content.decode()
        assert response.status_code == 200 and message in html
        assert "Ejregistrerad" not in html
        assert not Vardrelation.objects.exists() and not Atkomstlogg.objects.exists()

    def test_unknown_number(self, staff_client):
        response = staff_client.post(
            "/invanare/vardrelation/", {"identitetsnummer": "191212121212", "anledning": "x", "intygar": "on"}
        )
        assert "Det finns ingen invånare med personnummer 19121212-1212" in response.content.decode()
        assert not Vardrelation.objects.exists()

    def test_get_not_allowed(self, staff_client):
        assert staff_client.get("/invanare/vardrelation/").status_code == 405


class TestProfil:
    def test_shows_what_the_unit_may_see(self, staff_client, synlig, uppdrag):
        vh = VardnadshavarskapFactory(barn=synlig, vardnadshavare__fornamn="Vårdnadshavarn").vardnadshavare
        response = staff_client.get(f"/invanare/{synlig.pk}/")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        html = main_of(response)
        assert "Ingrid Synligsson" in html
        assert synlig.identitet_formaterad in html
        assert f"{synlig.alder()} år" in html
        assert "Solrosvägen 12" in html and "070-111 22 33" in html
        assert vh.namn in html
        assert f"Vårdrelationer med {uppdrag.vardenhet.namn}" in html
        assert "Skyddade personuppgifter" not in html

    def test_each_read_writes_exactly_one_row(self, staff_client, synlig):
        for expected in (1, 2):
            staff_client.get(f"/invanare/{synlig.pk}/")
            assert Atkomstlogg.objects.count() == expected
        row = Atkomstlogg.objects.first()
        assert (row.handelse, row.utfall, row.vad) == ("lasning", "tillaten", "invånarprofil")
        assert row.request_id

    def test_request_id_from_header_is_logged(self, staff_client, synlig):
        response = staff_client.get(f"/invanare/{synlig.pk}/", HTTP_X_REQUEST_ID="trace-1234567890")
        assert response["X-Request-ID"] == "trace-1234567890"
        assert Atkomstlogg.objects.get().request_id == "trace-1234567890"

    def test_protected_identity_shows_no_address_phone_or_relatives(self, staff_client, uppdrag):
        inv = VardrelationFactory(
            vardenhet=uppdrag.vardenhet,
            invanare__skyddad=True,
            invanare__gatuadress="Skyddsvägen 99",
            invanare__postnummer="18130",
            invanare__ort="Skyddsby",  # invented names: a random unit or staff name can't contain them
            invanare__kommun="Skyddsby kommun",
            invanare__mobilnummer="073-999 88 77",
        ).invanare
        guardian = VardnadshavarskapFactory(barn=inv, vardnadshavare__efternamn="Förälderberg").vardnadshavare
        child = VardnadshavarskapFactory(vardnadshavare=inv, barn__efternamn="Barnbergsson").barn
        response = staff_client.get(f"/invanare/{inv.pk}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Skyddade personuppgifter" in html
        for secret in ("Skyddsvägen", "181 30", "18130", "Skyddsby", "073-999 88 77", "999 88",
                       "Förälderberg", "Barnbergsson", guardian.id_nummer, child.id_nummer):
            assert secret not in html, secret
        assert inv.namn in html  # staff must know whom they are helping

    def test_protected_guardian_is_not_named_on_the_childs_page(self, staff_client, synlig):
        VardnadshavarskapFactory(barn=synlig, vardnadshavare__efternamn="Dolde", vardnadshavare__skyddad=True)
        html = main_of(staff_client.get(f"/invanare/{synlig.pk}/"))
        assert "Dolde" not in html and "Skyddade personuppgifter" in html

    def test_reservnummer(self, staff_client, uppdrag):
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__reservnummer=True).invanare
        html = main_of(staff_client.get(f"/invanare/{inv.pk}/"))
        assert "Reservnummer" in html and "Kan inte använda Alltid öppet" in html
        assert inv.id_nummer in html

    def test_account_mailbox_and_listing(self, staff_client, uppdrag, vardenhet):
        inv = VardrelationFactory(
            vardenhet=vardenhet, invanare__med_konto=True, invanare__digital_brevlada="kivra",
            invanare__listad_vardcentral=vardenhet,
        ).invanare
        html = main_of(staff_client.get(f"/invanare/{inv.pk}/"))
        assert "Registrerat" in html and "Kivra" in html and vardenhet.namn in html

    def test_empty_sections_for_later_domains(self, staff_client, synlig, monkeypatch):
        monkeypatch.setattr(overview, "OVERSIKT_SEKTIONER", [])  # as before any domain registered its section
        html = main_of(staff_client.get(f"/invanare/{synlig.pk}/"))
        for rubrik in ("Förlossning", "e-dokument", "Meddelanden", "Ombud och spärr", "Bokningar"):
            assert f">{rubrik}</h2>" in html

    def test_a_domain_section_replaces_its_placeholder(self, staff_client, synlig, monkeypatch):
        monkeypatch.setattr(overview, "OVERSIKT_SEKTIONER", [])
        seen = []

        @overview.oversikt_sektion_register(nyckel="forlossning")
        def provider(*, aktor, invanare):
            seen.append((aktor.vardenhet_id, invanare.pk))
            return overview.OversiktSektion(
                nyckel="forlossning", rubrik="Förlossning", template="invanare/sektioner/platshallare.html",
                context={"beskrivning": "Önskar BB Stockholm"},
            )

        html = main_of(staff_client.get(f"/invanare/{synlig.pk}/"))
        assert "Önskar BB Stockholm" in html
        assert "Önskemål om förlossningsklinik och tilldelad klinik visas här." not in html
        assert html.count(">Förlossning</h2>") == 1
        assert seen == [(synlig.vardrelationer.get().vardenhet_id, synlig.pk)]
        assert Atkomstlogg.objects.count() == 1

    def test_constant_number_of_queries(self, staff_client, synlig, uppdrag):
        def count():
            with CaptureQueriesContext(connection) as ctx:
                assert staff_client.get(f"/invanare/{synlig.pk}/").status_code == 200
            return len(ctx.captured_queries)

        VardnadshavarskapFactory(barn=synlig)  # with relatives the page also logs them, in one INSERT
        few = count()
        for _ in range(4):
            VardnadshavarskapFactory(barn=synlig)
            VardnadshavarskapFactory(vardnadshavare=synlig)
            VardrelationFactory(
                vardenhet=uppdrag.vardenhet, invanare=synlig, till="2020-01-02T00:00Z", fran="2020-01-01T00:00Z"
            )
        assert count() == few

    def test_denied_and_unknown_look_the_same(self, staff_client):
        other = VardrelationFactory(invanare__efternamn="Grannenhetsson").invanare
        denied = staff_client.get(f"/invanare/{other.pk}/")
        unknown = staff_client.get(f"/invanare/{other.pk + 1000}/")
        assert denied.status_code == unknown.status_code == 404
        assert main_of(denied) == main_of(unknown)
        assert "Grannenhetsson" not in denied.content.decode()
        assert "Sök på identitetsnumret och registrera vårdrelationen" in main_of(denied)
        assert list(Atkomstlogg.objects.values_list("utfall", flat=True)) == ["nekad", "nekad"]
