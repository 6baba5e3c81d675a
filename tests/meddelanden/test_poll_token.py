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


# --- the short path (meddelanden.poll.PollGenvagMiddleware): answered before the session/auth middlewares ---

GENVAG = "meddelanden.poll.PollGenvagMiddleware"


@pytest.fixture
def utan_genvag(settings):
    """The full path, as before the short path existed: the same stack without PollGenvagMiddleware."""
    return [m for m in settings.MIDDLEWARE if m != GENVAG]


def _rubriker(r) -> dict:
    h = {k.lower(): v for k, v in r.headers.items() if k.lower() not in ("x-request-id", "date")}
    return {**h, "set-cookie": sorted(str(m) for m in r.cookies.values())}


@pytest.mark.parametrize("andrad", [False, True], ids=["204", "200 with a new poller"])
def test_the_short_path_answers_with_the_full_paths_headers_and_body(staff_client, aktor, uppdrag, poller, settings,
                                                                      utan_genvag, andrad):
    assert GENVAG in settings.MIDDLEWARE
    if andrad:
        inv = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto="registrerat").invanare
        services.konversation_start(aktor=aktor, invanare=inv, amne="Nytt", text="x")
    with CaptureQueriesContext(connection) as q:
        kort = staff_client.get(reverse("meddelanden:nytt"), poller)
    assert len(q) == 1
    settings.MIDDLEWARE = utan_genvag
    with CaptureQueriesContext(connection) as q:
        full = staff_client.get(reverse("meddelanden:nytt"), poller)
    assert len(q) == 1  # the view's own token path, through the whole stack
    assert kort.status_code == full.status_code == (200 if andrad else 204)
    assert _rubriker(kort) == _rubriker(full)
    assert kort.content == full.content


def test_the_short_path_is_taken_before_the_session_and_auth_middlewares(staff_client, poller):
    r = staff_client.get(reverse("meddelanden:nytt"), poller)
    assert r.status_code == 204 and not hasattr(r.wsgi_request, "user") and not hasattr(r.wsgi_request, "session")


def _lang_vag(r) -> bool:
    """The request went through the whole stack (the auth middleware set request.user)."""
    return hasattr(r.wsgi_request, "user")


@pytest.mark.parametrize("andring", ["utloggad", "lasst", "uppdrag_slut", "session_utgangen", "annan_session",
                                     "manipulerad", "nul"])
def test_the_short_path_never_answers_what_the_full_path_refuses(staff_client, uppdrag, poller, andring):
    """Each check of the full path, broken: the short path does not answer, the whole stack does (as before)."""
    fraga = dict(poller)
    klient = staff_client
    if andring == "utloggad":
        staff_client.post(reverse("siths:logout"))
    elif andring == "lasst":
        uppdrag.medarbetare.is_active = False
        uppdrag.medarbetare.save()
    elif andring == "uppdrag_slut":
        uppdrag.giltig_till = timezone.localdate() - datetime.timedelta(days=1)
        uppdrag.save()
    elif andring == "session_utgangen":
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    elif andring == "annan_session":
        klient = logged_in_client(MedarbetaruppdragFactory())
    elif andring == "manipulerad":
        fraga["p"] = fraga["p"][:-2] + "xx"
    else:
        fraga["k"] = "1\x00"
    r = klient.get(reverse("meddelanden:nytt"), fraga, HTTP_HX_REQUEST="true")
    assert _lang_vag(r) or r.status_code == 400, andring
    if andring in ("utloggad", "lasst", "session_utgangen"):
        assert r.status_code == 200 and reverse("siths:login") in r["HX-Redirect"]
    elif andring == "uppdrag_slut":
        assert r.status_code == 200 and "HX-Redirect" in r
    elif andring == "nul":
        assert r.status_code == 400
    else:
        assert f"p={fraga['p']}" not in r.content.decode()


def test_the_short_path_checks_the_host_as_the_full_path_does(staff_client, poller, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    assert staff_client.get(reverse("meddelanden:nytt"), poller).status_code == 204
    r = staff_client.get(reverse("meddelanden:nytt"), poller, HTTP_HOST="angripare.example")
    assert r.status_code == 400


def test_a_persistent_session_cookie_is_left_to_the_session_middleware(staff_client, poller, settings):
    """The short path re-sends the cookie as a browser-session cookie only; any other setting goes the whole way."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = False
    r = staff_client.get(reverse("meddelanden:nytt"), poller)
    assert r.status_code == 204 and _lang_vag(r)
