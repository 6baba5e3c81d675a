"""Django admin for citizens: the identity parser validates, the protected stay protected, everything is logged."""
from django.urls import reverse

from invanare.models import Invanare
from tests.fixtures.staff import (
    InvanareFactory,
    VardnadshavarskapFactory,
    VardrelationFactory,
)
from vardportalen.models import Atkomstlogg


def form_data(**overrides):
    data = {
        "id_nummer": "121212-1212",
        "id_typ": "",
        "fornamn": "Tolvan",
        "efternamn": "Tolvansson",
        "fodelsedatum": "",
        "kon": "",
        "skydd": "",
        "gatuadress": "Storgatan 1",
        "postnummer": "18130",
        "mobilnummer": "",
        "konto": "inget",
        "digital_brevlada": "",
        "listad_vardcentral": "",
        "vardrelationer-TOTAL_FORMS": "0",
        "vardrelationer-INITIAL_FORMS": "0",
        "vardnadshavarskap-TOTAL_FORMS": "0",
        "vardnadshavarskap-INITIAL_FORMS": "0",
    }
    return data | overrides


class TestAddForm:
    def test_identity_parsed_and_stored_as_twelve_digits(self, admin_client):
        response = admin_client.post(reverse("admin:invanare_invanare_add"), form_data())
        assert response.status_code == 302, response.context["adminform"].form.errors
        inv = Invanare.objects.get()
        assert (inv.id_typ, inv.id_nummer) == ("personnummer", "201212121212")
        assert str(inv.fodelsedatum) == "2012-12-12" and inv.kon == "M"
        assert (inv.ort, inv.kommun) == ("Lidingö", "Lidingö kommun")  # from the postal code table
        row = Atkomstlogg.objects.get()
        assert (row.handelse, row.vad, row.invanare_identitet) == ("andring", "admin: invånare", "201212121212")

    def test_samordningsnummer_type_follows_the_number(self, admin_client):
        admin_client.post(reverse("admin:invanare_invanare_add"), form_data(id_nummer="19850472-1237", id_typ="personnummer"))
        assert Invanare.objects.get().id_typ == "samordningsnummer"

    def test_parser_message_on_invalid_number(self, admin_client):
        response = admin_client.post(reverse("admin:invanare_invanare_add"), form_data(id_nummer="121212-1213"))
        assert response.status_code == 200
        assert "Kontrollsiffran stämmer inte: sista siffran ska vara 2, inte 3." in response.content.decode()
        assert not Invanare.objects.exists()

    def test_duplicate_identity(self, admin_client):
        InvanareFactory(id_nummer="201212121212")
        response = admin_client.post(reverse("admin:invanare_invanare_add"), form_data())
        assert response.status_code == 200 and Invanare.objects.count() == 1

    def test_unknown_postnummer(self, admin_client):
        response = admin_client.post(reverse("admin:invanare_invanare_add"), form_data(postnummer="99999"))
        assert "Postnumret 999 99 finns inte i postnummerregistret" in response.content.decode()
        assert not Invanare.objects.exists()


class TestLogging:
    def test_change_page_read_is_logged(self, admin_client):
        inv = InvanareFactory()
        response = admin_client.get(reverse("admin:invanare_invanare_change", args=[inv.pk]))
        assert response.status_code == 200
        row = Atkomstlogg.objects.get()
        assert (row.handelse, row.utfall, row.vad, row.invanare_identitet) == (
            "lasning", "tillaten", "admin: invånare", inv.id_nummer
        )

    def test_save_logs_changed_field_names_not_values(self, admin_client):
        inv = InvanareFactory(efternamn="Före")
        data = form_data(id_nummer=inv.id_nummer, fornamn=inv.fornamn, efternamn="Efter", gatuadress=inv.gatuadress,
                         postnummer=inv.postnummer, mobilnummer=inv.mobilnummer, fodelsedatum=str(inv.fodelsedatum),
                         kon=inv.kon)
        response = admin_client.post(reverse("admin:invanare_invanare_change", args=[inv.pk]), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        row = Atkomstlogg.objects.get()
        assert row.handelse == "andring" and "efternamn" in row.detalj and "Efter" not in row.detalj

    def test_delete_is_logged(self, admin_client):
        inv = InvanareFactory()
        url = reverse("admin:invanare_invanare_delete", args=[inv.pk])
        admin_client.get(url)
        admin_client.post(url, {"post": "yes"})
        assert not Invanare.objects.exists()
        assert list(Atkomstlogg.objects.order_by("id").values_list("handelse", "invanare_identitet")) == [
            ("lasning", inv.id_nummer), ("andring", inv.id_nummer)
        ]

    def test_changelist_logs_one_row_per_citizen_shown(self, admin_client):
        people = InvanareFactory.create_batch(3)
        assert admin_client.get(reverse("admin:invanare_invanare_changelist")).status_code == 200
        assert sorted(Atkomstlogg.objects.values_list("invanare_identitet", flat=True)) == sorted(
            p.id_nummer for p in people
        )

    def test_search_by_identity_number_in_any_form(self, admin_client):
        inv, other = InvanareFactory(), InvanareFactory()
        response = admin_client.get(
            reverse("admin:invanare_invanare_changelist"), {"q": f"{inv.id_nummer[2:8]}-{inv.id_nummer[8:]}"}
        )
        assert list(response.context["cl"].result_list) == [inv]

    def test_guardianship_logs_both_people(self, admin_client):
        vh = VardnadshavarskapFactory()
        admin_client.get(reverse("admin:invanare_vardnadshavarskap_change", args=[vh.pk]))
        assert set(Atkomstlogg.objects.values_list("invanare_identitet", flat=True)) == {
            vh.barn.id_nummer, vh.vardnadshavare.id_nummer
        }

    def test_care_relation_list(self, admin_client):
        rel = VardrelationFactory()
        admin_client.get(reverse("admin:invanare_vardrelation_changelist"))
        assert list(Atkomstlogg.objects.values_list("invanare_identitet", flat=True)) == [rel.invanare.id_nummer]


def test_protected_citizen_change_page_has_no_address_phone_or_guardians(admin_client):
    inv = InvanareFactory(skyddad=True, gatuadress="Gömstället 5", mobilnummer="072-123 98 76")
    vh = VardnadshavarskapFactory(barn=inv, vardnadshavare__efternamn="Vårdnadsberg").vardnadshavare
    html = admin_client.get(reverse("admin:invanare_invanare_change", args=[inv.pk])).content.decode()
    assert "Skyddade personuppgifter" in html
    for secret in ("Gömstället", "123 98 76", "Vårdnadsberg", vh.id_nummer):
        assert secret not in html


def test_protected_citizen_save_keeps_the_hidden_address(admin_client):
    inv = InvanareFactory(skyddad=True, gatuadress="Gömstället 5")
    data = form_data(id_nummer=inv.id_nummer, fornamn=inv.fornamn, efternamn=inv.efternamn, skydd=inv.skydd,
                     fodelsedatum=str(inv.fodelsedatum), kon=inv.kon)
    for key in ("gatuadress", "postnummer", "mobilnummer", "vardnadshavarskap-TOTAL_FORMS", "vardnadshavarskap-INITIAL_FORMS"):
        data.pop(key)
    response = admin_client.post(reverse("admin:invanare_invanare_change", args=[inv.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    inv.refresh_from_db()
    assert inv.gatuadress == "Gömstället 5"


def test_postnummer_admin(admin_client):
    assert admin_client.get(reverse("admin:invanare_postnummer_changelist"), {"q": "Lidingö"}).status_code == 200
