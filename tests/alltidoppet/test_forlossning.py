"""Birth-clinic choice in the citizen web: rank one to seven clinics until 21+6 with onskemal_fran_app (the
app API's service), bad input in Swedish, after 21+6 no form, and the decision once made."""
import datetime

import pytest
from django.test import Client
from django.utils import timezone

from forlossning.models import Beslut, Fordelningskorning, Onskemal
from invanare.models import Invanare
from tests.fixtures.forlossning import gravid
from tests.fixtures.staff import InvanareFactory

URL = "/alltidoppet/forlossning/"


def _inloggad(inv) -> Client:
    client = Client()
    assert client.post("/alltidoppet/inloggning/demo/", {"personnummer": inv.id_nummer}).status_code == 302
    return client


@pytest.fixture
def kvinna(db):
    return InvanareFactory(kon="K", fodelsedatum=datetime.date(1992, 3, 3), lat=59.2625, lon=18.0816)


def test_rank_clinics_until_21_6(kliniker, kvinna):
    g = gravid(bf=timezone.localdate() + datetime.timedelta(days=200), invanare=kvinna)
    client = _inloggad(kvinna)
    sida = client.get(URL).content.decode()
    assert "Rangordna en till sju kliniker" in sida and "Södersjukhuset" in sida and " km)" in sida
    svar = client.post(URL, {"val1": kliniker["F_SOS"].pk, "val2": kliniker["F_KH"].pk, "val3": ""})
    assert svar["Location"] == URL
    assert list(Onskemal.objects.filter(graviditet=g).order_by("rang").values_list("klinik_id", flat=True)) == [
        kliniker["F_SOS"].pk, kliniker["F_KH"].pk]
    sida = client.get(URL).content.decode()
    assert "Dina önskemål är sparade." in sida and sida.index("Södersjukhuset</li>") < sida.index("Huddinge</li>")
    assert "Förlossningsklinik" in client.get("/alltidoppet/").content.decode()


@pytest.mark.parametrize("post, fel", [
    ({}, "Välj minst en förlossningsklinik."),
    ({"val1": "abc"}, "Välj klinikerna i listorna."),
    ({"val1": "SOS", "val2": "SOS"}, "Samma klinik får bara finnas med en gång"),
    ({"val1": "999999"}, "Okänd förlossningsklinik"),
])
def test_bad_rankings_change_nothing_and_say_why(kliniker, kvinna, post, fel):
    g = gravid(bf=timezone.localdate() + datetime.timedelta(days=200), invanare=kvinna, onskemal=[kliniker["F_DS"]])
    client = _inloggad(kvinna)
    post = {k: kliniker["F_SOS"].pk if v == "SOS" else v for k, v in post.items()}
    client.post(URL, post)
    assert list(Onskemal.objects.filter(graviditet=g).values_list("klinik_id", flat=True)) == [kliniker["F_DS"].pk]
    assert fel in client.get(URL).content.decode()


def test_after_21_6_no_form_and_the_service_refuses(kliniker, kvinna):
    g = gravid(bf=timezone.localdate() + datetime.timedelta(days=100), invanare=kvinna)
    client = _inloggad(kvinna)
    sida = client.get(URL).content.decode()
    assert "Rangordna" not in sida and "kan inte längre ändras" in sida
    client.post(URL, {"val1": kliniker["F_SOS"].pk})
    assert not Onskemal.objects.filter(graviditet=g).exists()
    assert "21+6" in client.get(URL).content.decode()


def test_the_decision_is_shown(kliniker, kvinna):
    g = gravid(bf=timezone.localdate() + datetime.timedelta(days=120), invanare=kvinna, onskemal=[kliniker["F_SOS"]])
    korning = Fordelningskorning.objects.create(datum=timezone.localdate(), typ="daglig", status="klar",
                                                idempotensnyckel="webb", seed="webb")
    Beslut.objects.create(graviditet=g, klinik=kliniker["F_SOS"], vecka=g.bf_vecka, korning=korning, rang=1,
                          valde=True, avstand_m=7000)
    client = _inloggad(kvinna)
    sida = client.get(URL).content.decode()
    assert "Du ska föda på <strong>Södersjukhuset</strong>" in sida and "Rangordna" not in sida
    assert "Du ska föda på <strong>Södersjukhuset</strong>" in client.get("/alltidoppet/").content.decode()


def test_no_pregnancy_and_a_protected_womans_distances_not_shown_to_her_proxy(kliniker, kvinna):
    from invanare.models import Ombud

    client = _inloggad(kvinna)
    assert "ingen registrerad graviditet" in client.get(URL).content.decode()
    Invanare.objects.filter(pk=kvinna.pk).update(skydd=Invanare.Skydd.SKYDDAD_FOLKBOKFORING)
    gravid(bf=timezone.localdate() + datetime.timedelta(days=200), invanare=Invanare.objects.get(pk=kvinna.pk))
    assert " km)" in client.get(URL).content.decode()  # to herself
    ombud = InvanareFactory(fodelsedatum=datetime.date(1980, 1, 1))
    Ombud.objects.create(huvudman=kvinna, ombud=ombud, typ="fullmaktstagare", giltig_fran=timezone.localdate())
    ombudets = _inloggad(ombud)
    ombudets.post("/alltidoppet/agera-for/", {"id": kvinna.pk})
    sida = ombudets.get(URL).content.decode()
    assert "Södersjukhuset" in sida and " km)" not in sida
