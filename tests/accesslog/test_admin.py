"""vardportalen/admin.py: units, staff and commissions editable; access log and login events read-only."""
import pytest
from django.urls import reverse

from tests.fixtures.staff import (
    aktor_for,
)
from vardportalen.accesslog.services import atkomst_logga
from vardportalen.models import Atkomstlogg, Inloggningshandelse, Medarbetare, Medarbetaruppdrag, Vardenhet


def test_index_lists_every_model(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    for model in ("vardenhet", "medarbetare", "medarbetaruppdrag", "atkomstlogg", "inloggningshandelse",
                  "invanare", "vardrelation", "vardnadshavarskap", "postnummer"):
        assert f"/{model}/" in html, model


class TestVardenhet:
    def data(self, **kw):
        return {"hsa_id": "SE2321000016-NY01", "namn": "Nya vårdcentralen", "typ": "vardcentral", "aktiv": "on",
                "gatuadress": "", "postnummer": "", "ort": "", "telefon": "", "lat": "", "lon": "",
                "yttre_fardvag": "", "inre_fardvag": "", "om_oss": ""} | kw

    def test_contact_card_limits_are_shown(self, admin_client):
        html = admin_client.get(reverse("admin:vardportalen_vardenhet_add")).content.decode()
        assert 'maxlength="1024"' in html and 'maxlength="2048"' in html
        assert "Högst 1024 tecken" in html and "Högst 2048 tecken" in html

    def test_limits_enforced(self, admin_client):
        response = admin_client.post(reverse("admin:vardportalen_vardenhet_add"), self.data(om_oss="x" * 2049))
        assert response.status_code == 200 and not Vardenhet.objects.filter(hsa_id="SE2321000016-NY01").exists()
        response = admin_client.post(reverse("admin:vardportalen_vardenhet_add"), self.data(om_oss="x" * 2048))
        assert response.status_code == 302 and Vardenhet.objects.get(hsa_id="SE2321000016-NY01").om_oss == "x" * 2048

    def test_hsa_id_validated(self, admin_client):
        response = admin_client.post(reverse("admin:vardportalen_vardenhet_add"), self.data(hsa_id="ABC"))
        assert "Ett HSA-id ser ut som" in response.content.decode()


class TestMedarbetare:
    def test_no_password_fields(self, admin_client, admin_uppdrag):
        for url in (reverse("admin:vardportalen_medarbetare_add"),
                    reverse("admin:vardportalen_medarbetare_change", args=[admin_uppdrag.medarbetare.pk])):
            html = admin_client.get(url).content.decode()
            assert 'name="password' not in html

    def test_add_with_commission_inline_gets_an_unusable_password(self, admin_client, vardenhet):
        data = {
            "hsa_id": "SE2321000016-NY02", "fornamn": "Nyanställd", "efternamn": "Sköterska", "epost": "",
            "is_active": "on",
            "uppdrag-TOTAL_FORMS": "1", "uppdrag-INITIAL_FORMS": "0",
            "uppdrag-0-vardenhet": str(vardenhet.pk), "uppdrag-0-roll": "sjukskoterska",
            "uppdrag-0-giltig_fran": "2025-01-01", "uppdrag-0-giltig_till": "",
        }
        response = admin_client.post(reverse("admin:vardportalen_medarbetare_add"), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        user = Medarbetare.objects.get(hsa_id="SE2321000016-NY02")
        assert not user.has_usable_password()
        assert Medarbetaruppdrag.objects.get(medarbetare=user).vardenhet == vardenhet

    def test_commission_admin(self, admin_client, uppdrag):
        response = admin_client.get(reverse("admin:vardportalen_medarbetaruppdrag_changelist"))
        assert response.status_code == 200 and uppdrag.medarbetare.efternamn in response.content.decode()


class TestReadOnly:
    @pytest.fixture
    def log_row(self, uppdrag):
        return atkomst_logga(aktor=aktor_for(uppdrag), handelse="lasning", utfall="tillaten", vad="x")

    @pytest.fixture
    def login_event(self):
        return Inloggningshandelse.objects.create(utfall="misslyckad", orsak="fel_pin", hsa_id="SE2321000016-P1")

    @pytest.mark.parametrize("model", ["atkomstlogg", "inloggningshandelse"])
    def test_viewable_but_not_addable_changeable_or_deletable(self, admin_client, log_row, login_event, model):
        pk = log_row.pk if model == "atkomstlogg" else login_event.pk
        changelist = admin_client.get(reverse(f"admin:vardportalen_{model}_changelist"))
        assert changelist.status_code == 200
        assert "delete_selected" not in changelist.content.decode()
        change = admin_client.get(reverse(f"admin:vardportalen_{model}_change", args=[pk]))
        assert change.status_code == 200
        assert 'name="_save"' not in change.content.decode()
        assert admin_client.get(reverse(f"admin:vardportalen_{model}_add")).status_code == 403
        assert admin_client.post(reverse(f"admin:vardportalen_{model}_delete", args=[pk]), {"post": "yes"}).status_code == 403
        assert admin_client.post(reverse(f"admin:vardportalen_{model}_change", args=[pk]), {"vad": "ändrad"}).status_code == 403

    def test_bulk_delete_action_refused(self, admin_client, log_row):
        response = admin_client.post(
            reverse("admin:vardportalen_atkomstlogg_changelist"),
            {"action": "delete_selected", "_selected_action": [log_row.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302)
        assert Atkomstlogg.objects.filter(pk=log_row.pk).exists()

    def test_searching_a_citizens_log_is_logged(self, admin_client, admin_uppdrag, uppdrag):
        atkomst_logga(aktor=aktor_for(uppdrag), identitet=None, handelse="lasning", utfall="tillaten", vad="x")
        response = admin_client.get(reverse("admin:vardportalen_atkomstlogg_changelist"), {"q": "121212-1212"})
        assert response.status_code == 200
        row = Atkomstlogg.objects.get(vad="admin: åtkomstlogg")
        assert row.invanare_identitet == "201212121212"
        assert row.medarbetare_hsa_id == admin_uppdrag.medarbetare.hsa_id


def _graviditeter(n):
    import datetime

    from tests.fixtures.forlossning import gravid

    for _i in range(n):
        gravid(bf=datetime.date.today() + datetime.timedelta(weeks=20))


def _sms(n):
    from notiser.sms.services import sms_enqueue
    from tests.fixtures.staff import InvanareFactory

    for _i in range(n):
        inv = InvanareFactory(mobilnummer="0701234567")
        sms_enqueue(invanare=inv, text="Hej", idempotensnyckel=f"test:{inv.pk}", syfte="test")


@pytest.mark.parametrize("url, skapa", [
    ("admin:forlossning_graviditet_changelist", _graviditeter),
    ("admin:notiser_smsutgaende_changelist", _sms),
])
def test_logged_change_lists_have_constant_queries(admin_client, url, skapa):
    """The change list logs every citizen on the page: that must not cost one query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def antal_fragor():
        with CaptureQueriesContext(connection) as ctx:
            assert admin_client.get(reverse(url)).status_code == 200
        return len(ctx)

    skapa(1)
    en = antal_fragor()
    skapa(5)
    assert antal_fragor() == en
