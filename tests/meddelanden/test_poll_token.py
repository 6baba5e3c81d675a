"""The poll's signed token: one query while session and commission hold; everything else goes the long way
(the staff checks every page gets), so logout, idle timeout, an ended commission or another session's token
never answer from the token."""
import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meddelanden import services
from tests.fixtures.staff import MedarbetaruppdragFactory, VardrelationFactory, logged_in_client


def _poller(html: str) -> dict:
    url = re.search(r'id="meddelanden-poll"[^>]*hx-get="([^"]+)"', html).group(1).replace("&amp;", "&")
    from urllib.parse import parse_qs, urlsplit
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def poller(staff_client):
    return _poller(staff_client.get(reverse("meddelanden:inkorg")).content.decode())


def test_the_inbox_poll_with_its_token_is_one_query_and_writes_no_session(staff_client, poller):
    forfaller = Session.objects.get().expire_date
    with CaptureQueriesContext(connection) as q:
        assert staff_client.get(reverse("meddelanden:nytt"), poller).status_code == 204
    assert len(q) == 1, [x["sql"] for x in q]
    assert "django_session" in q[0]["sql"] and "meddelanden_inkorgsversion" in q[0]["sql"]
    assert Session.objects.get().expire_date == forfaller


def test_a_change_gives_a_new_poller_with_the_token(staff_client, aktor, uppdrag, poller):
    inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
    services.konversation_start(aktor=aktor, invanare=inv, amne="Nytt", text="x")
    r = staff_client.get(reverse("meddelanden:nytt"), poller)
    assert r.status_code == 200 and r["HX-Trigger"] == "inkorg-andrad"
    ny = _poller(r.content.decode())
    assert int(ny["v"]) == int(poller["v"]) + 1 and ny["p"] == poller["p"]
    with CaptureQueriesContext(connection) as q:
        assert staff_client.get(reverse("meddelanden:nytt"), ny).status_code == 204
    assert len(q) == 1


def test_after_logout_the_token_answers_nothing(staff_client, poller):
    staff_client.post(reverse("siths:logout"))
    assert not Session.objects.filter(session_key=staff_client.cookies["sessionid"].value).exists()
    r = staff_client.get(reverse("meddelanden:nytt"), poller, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and reverse("siths:login") in r["HX-Redirect"]


def test_after_the_idle_timeout_the_token_answers_nothing(staff_client, poller):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    r = staff_client.get(reverse("meddelanden:nytt"), poller, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and reverse("siths:login") in r["HX-Redirect"]


@pytest.mark.parametrize("andring", ["slutat", "ej_borjat", "enhet_inaktiv", "medarbetare_inaktiv"])
def test_a_commission_no_longer_active_goes_the_long_way(staff_client, uppdrag, poller, andring):
    """Each condition of Medarbetaruppdrag.objects.aktiva() ends the token path (its SQL mirrors them)."""
    if andring == "slutat":
        uppdrag.giltig_till = timezone.localdate() - datetime.timedelta(days=1)
        uppdrag.save()
    elif andring == "ej_borjat":
        uppdrag.giltig_fran = timezone.localdate() + datetime.timedelta(days=1)
        uppdrag.save()
    elif andring == "enhet_inaktiv":
        uppdrag.vardenhet.aktiv = False
        uppdrag.vardenhet.save()
    else:
        uppdrag.medarbetare.is_active = False
        uppdrag.medarbetare.save()
    from meddelanden.poll import poll_enhet_version
    from django.test import RequestFactory
    request = RequestFactory().get("/")
    request.COOKIES["sessionid"] = staff_client.cookies["sessionid"].value
    assert poll_enhet_version(request, poller["p"]) is None
    r = staff_client.get(reverse("meddelanden:nytt"), poller, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "HX-Redirect" in r


def test_a_token_from_another_session_is_not_accepted(poller, uppdrag):
    """Another staff member (another unit) with this page's token gets her own unit's answer, never this one's."""
    annan = logged_in_client(MedarbetaruppdragFactory())
    with CaptureQueriesContext(connection) as q:
        r = annan.get(reverse("meddelanden:nytt"), poller)
    assert r.status_code in (200, 204) and len(q) > 1  # the long way: the token did not count
    assert f"p={poller['p']}" not in r.content.decode()


def test_a_forged_token_goes_the_long_way(staff_client, poller):
    with CaptureQueriesContext(connection) as q:
        assert staff_client.get(reverse("meddelanden:nytt"), {**poller, "p": poller["p"][:-2] + "xx"}).status_code == 204
    assert len(q) > 1



def test_the_poll_takes_only_get_after_the_staff_checks(staff_client, client, poller):
    assert staff_client.post(reverse("meddelanden:nytt") + f"?v={poller['v']}&p={poller['p']}").status_code == 405
    r = client.post(reverse("meddelanden:nytt"))
    assert r.status_code == 302 and reverse("siths:login") in r["Location"]
