"""Every URL needs login and an active commission; no URL that takes a citizen id shows another unit's citizen.

The URL list is not written by hand: the tests walk ``get_resolver()`` recursively and fill every path
converter / regex group with dummy values, so a view added by any domain is covered the day it lands.

Two explicit lists are the only exceptions, and the test compares them with what the code says
(views marked ``@public`` / ``@without_commission``): making a view public without updating this file fails.

Views that take a citizen id must call the kwarg ``invanare_id`` (and load the citizen with
``invanare.selectors.invanare_get_for_uppdrag``); the cross-unit tests below then cover them automatically.
"""
from __future__ import annotations

import datetime
import itertools
import re
import time
import uuid
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize

from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    VardrelationFactory,
    logged_in_client,
    login_session,
)
from vardportalen.middleware import SESSION_LOGIN_TIME
from vardportalen.models import Atkomstlogg

# Reachable without login. Keep in sync with @public in the code (checked below).
PUBLIC = {"health", "favicon", "siths:login", "siths:proxy", "siths:logout", "admin:login",
          # a video meeting's participant side (citizen, proxy, link guest): no staff login, but a single-use join
          # token, a guest link or the participant session they give, for one meeting (tests/video/test_regler.py)
          "video:delta", "video:delta_in", "video:delta_status", "video:delta_lamna", "video:gast"}
# Public views that act only with a valid token (the video participant side): without one a GET is refused.
TOKEN_PUBLIC = {"favicon": (301,), "video:delta_in": (405,), "video:delta_lamna": (405,), "video:delta_status": (403,), "video:gast": (410,)}
# Reachable logged in but before a commission is chosen (@without_commission).
COMMISSION_EXEMPT = {"siths:valj_uppdrag"}

_CONVERTER_DUMMIES = {"int": ["1"], "str": ["x"], "slug": ["x"], "path": ["x"], "uuid": [str(uuid.UUID(int=1))]}
_REGEX_DUMMIES = ["1", "x", "invanare", "vardportalen", "auth"]


@dataclass(frozen=True)
class Url:
    name: str  # "namespace:name", or the filled-in path when the pattern has no name
    path: str
    callback: object
    kwargs: tuple[str, ...]

    def __str__(self):
        return self.name


def _fill_route(route: str) -> tuple[list[str], list[str]]:
    names = re.findall(r"<(?:(\w+):)?(\w+)>", route)
    options = [_CONVERTER_DUMMIES.get(conv or "str", ["x", "1"]) for conv, _ in names]
    candidates = []
    for values in itertools.product(*options):
        it = iter(values)
        candidates.append(re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: next(it), route))
    return candidates, [n for _, n in names]


def _fill_regex(regex: str) -> tuple[list[str], list[str]]:
    fmt, params = normalize(regex)[0]
    candidates = [fmt % dict(zip(params, values)) for values in itertools.product(_REGEX_DUMMIES, repeat=len(params))]
    return candidates, list(params)


def _fill(pattern) -> tuple[list[str], list[str]]:
    if isinstance(pattern, RoutePattern):
        return _fill_route(str(pattern))
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern._regex)
    return [str(pattern)], []


def _walk(patterns, prefixes=("",), namespace="", kwargs=()):
    for p in patterns:
        parts, names = _fill(p.pattern)
        paths = [pre + part for pre in prefixes for part in parts]
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, paths, ns, kwargs + tuple(names))
        elif isinstance(p, URLPattern):
            for path in paths:
                try:
                    match = resolve("/" + path)
                except Resolver404:
                    continue
                if match.func is p.callback:
                    name = f"{namespace}{p.name}" if p.name else "/" + path
                    yield Url(name=name, path="/" + path, callback=p.callback, kwargs=kwargs + tuple(names))
                    break
            else:
                raise AssertionError(f"Could not build a URL for {namespace}{p.pattern!s} from {paths[:5]}")


def all_urls() -> list[Url]:
    return list(_walk(get_resolver().url_patterns))


def _is(url: Url, attribute: str) -> bool:
    target = getattr(url.callback, "view_class", url.callback)
    return bool(getattr(url.callback, attribute, False) or getattr(target, attribute, False))


APP_API_PREFIX = "/api/app/"
# The citizen app's login: public by nature (it is where the app gets its token).
APP_API_PUBLIC = {"app_api:inloggning"}
# The contract (OpenAPI), ninja's root and the JSON 404 for unknown paths under the prefix: public, no data.
APP_API_UTAN_DATA = {"app_api:openapi-json", "app_api:api-root", "app_api_okand_adress"}
ALL_INCLUDING_APP_API = all_urls()
# The citizen app's API authenticates citizens by bearer token (invanare.app_api.auth.app_api), not staff;
# it is checked by the tests at the end of this file. Everything else is the staff portal.
APP_API = [u for u in ALL_INCLUDING_APP_API if u.path.startswith(APP_API_PREFIX)]
# The citizen web (alltidoppet) authenticates citizens by their own session (alltidoppet.session.medborgarsida);
# tests/alltidoppet/test_webb.py and tests/test_authorization_walk.py::test_walk_citizen_web walk every one of its URLs.
CITIZEN_WEB_PREFIX = "/alltidoppet/"
CITIZEN_WEB = [u for u in ALL_INCLUDING_APP_API if u.path.startswith(CITIZEN_WEB_PREFIX)]
ALL = [u for u in ALL_INCLUDING_APP_API if not u.path.startswith((APP_API_PREFIX, CITIZEN_WEB_PREFIX))]
PROTECTED = [u for u in ALL if u.name not in PUBLIC]
NEEDS_COMMISSION = [u for u in PROTECTED if u.name not in COMMISSION_EXEMPT]
CITIZEN_URLS = [u for u in ALL if any("invanare" in k for k in u.kwargs)]


def _url_with(url: Url, **values) -> str:
    """The URL with some kwargs replaced (the other dummies kept), by reversing with the dummies."""
    match = resolve(url.path)
    kwargs = {**match.kwargs, **values}
    return reverse(match.view_name, kwargs=kwargs) if match.url_name else url.path


# --- the lists themselves ---


def test_walk_finds_the_portal_pages():
    names = {u.name for u in ALL}
    assert {"bevakning", "invanare:sok", "invanare:profil", "atkomstlogg:loggkontroll", "admin:index"} <= names
    assert len(ALL) > 40  # the admin alone has dozens


def test_public_views_are_exactly_the_allowlist():
    marked = {u.name for u in ALL if _is(u, "login_exempt")}
    assert marked == PUBLIC, (
        "A view is marked @public (or the allowlist names one that is not). Public views are reviewed: "
        f"update PUBLIC in tests/test_authorization.py deliberately. Marked: {sorted(marked)}"
    )


def test_commission_exempt_views_are_exactly_the_allowlist():
    marked = {u.name for u in ALL if _is(u, "commission_exempt") and not _is(u, "login_exempt")}
    assert marked == COMMISSION_EXEMPT, sorted(marked)


def test_citizen_urls_are_found():
    assert "invanare:profil" in {u.name for u in CITIZEN_URLS}


# --- not logged in ---


def _login_url():
    return reverse("siths:login")


def _assert_redirects_to(response, url):
    assert response.status_code == 302, (response.status_code, response.content[:200])
    assert response["Location"].startswith(url), response["Location"]


@pytest.mark.parametrize("url", PROTECTED, ids=str)
def test_anonymous_is_sent_to_login(client, url):
    for method in ("get", "post"):
        _assert_redirects_to(getattr(client, method)(url.path), _login_url())
    htmx = client.get(url.path, HTTP_HX_REQUEST="true")
    assert htmx["HX-Redirect"].startswith(_login_url())
    assert not Atkomstlogg.objects.exists()


@pytest.mark.parametrize("url", [u for u in ALL if u.name in PUBLIC], ids=str)
def test_public_pages_answer_without_login(client, url):
    assert client.get(url.path).status_code in TOKEN_PUBLIC.get(url.name, (200, 302))


# --- logged in, but no usable commission ---


def _no_commission(client, uppdrag):
    login_session(client, None, medarbetare=uppdrag.medarbetare)


def _expired(client, uppdrag):
    uppdrag.giltig_fran = timezone.localdate() - datetime.timedelta(days=100)
    uppdrag.giltig_till = timezone.localdate() - datetime.timedelta(days=1)
    uppdrag.save()
    login_session(client, uppdrag)


def _not_yet_valid(client, uppdrag):
    uppdrag.giltig_fran = timezone.localdate() + datetime.timedelta(days=1)
    uppdrag.save()
    login_session(client, uppdrag)


def _unit_closed(client, uppdrag):
    uppdrag.vardenhet.aktiv = False
    uppdrag.vardenhet.save()
    login_session(client, uppdrag)


def _someone_elses_commission(client, uppdrag):
    login_session(client, MedarbetaruppdragFactory(vardenhet=uppdrag.vardenhet), medarbetare=uppdrag.medarbetare)


NO_COMMISSION = {
    "inget-uppdrag-valt": _no_commission,
    "utganget-uppdrag": _expired,
    "framtida-uppdrag": _not_yet_valid,
    "nedlagd-enhet": _unit_closed,
    "annans-uppdrag": _someone_elses_commission,
}


@pytest.mark.parametrize("scenario", NO_COMMISSION, ids=str)
def test_without_active_commission_every_page_asks_for_one(client, uppdrag, scenario):
    NO_COMMISSION[scenario](client, uppdrag)
    choose = reverse("siths:valj_uppdrag")
    for url in NEEDS_COMMISSION:
        _assert_redirects_to(client.get(url.path), choose)
        _assert_redirects_to(client.post(url.path), choose)
    assert not Atkomstlogg.objects.exists()


def _inactive_staff(client, uppdrag):
    login_session(client, uppdrag)
    uppdrag.medarbetare.is_active = False
    uppdrag.medarbetare.save()


def _session_too_old(client, uppdrag):
    login_session(client, uppdrag)
    session = client.session
    session[SESSION_LOGIN_TIME] = time.time() - 12 * 60 * 60 - 5
    session.save()


def _session_without_login_time(client, uppdrag):
    login_session(client, uppdrag)
    session = client.session
    del session[SESSION_LOGIN_TIME]
    session.save()


LOGGED_OUT = {
    "inaktiv-medarbetare": _inactive_staff,
    "session-aldre-an-12-timmar": _session_too_old,
    "session-utan-inloggningstid": _session_without_login_time,
}


@pytest.mark.parametrize("scenario", LOGGED_OUT)
def test_inactive_staff_or_expired_session_is_sent_to_login(client, uppdrag, scenario):
    for url in PROTECTED:
        LOGGED_OUT[scenario](client, uppdrag)
        _assert_redirects_to(client.get(url.path), _login_url())
    assert not Atkomstlogg.objects.exists()


def test_active_commission_gets_through(uppdrag):
    client = logged_in_client(uppdrag)
    assert client.get(reverse("bevakning")).status_code == 200
    assert client.get(reverse("invanare:sok")).status_code == 200


# --- unit A never sees unit B's citizen ---


@pytest.fixture
def enhet_a():
    return VardenhetFactory(namn="Enhet A vårdcentral")


@pytest.fixture
def staff_a(enhet_a):
    return MedarbetaruppdragFactory(vardenhet=enhet_a)


def _b_citizen(enhet_a, case):
    inv = InvanareFactory(
        fornamn="Bertila",
        efternamn="Bees-Enhetsdotter",
        gatuadress="Bortre Bivägen 17",
        mobilnummer="076-555 44 33",
    )
    VardrelationFactory(invanare=inv, vardenhet=VardenhetFactory(namn="Enhet B mottagning"))
    now = timezone.now()
    if case == "avslutad-relation-med-a":
        VardrelationFactory(invanare=inv, vardenhet=enhet_a, fran=now - datetime.timedelta(days=30),
                            till=now - datetime.timedelta(days=1))
    elif case == "framtida-relation-med-a":
        VardrelationFactory(invanare=inv, vardenhet=enhet_a, fran=now + datetime.timedelta(days=1))
    return inv


SECRETS = ("Bertila", "Bees-Enhetsdotter", "Bortre Bivägen", "076-555 44 33", "555 44 33")
CASES = ["bara-relation-med-b", "avslutad-relation-med-a", "framtida-relation-med-a"]


def _assert_nothing_of(response, inv):
    html = response.content.decode(errors="replace")
    for secret in (*SECRETS, inv.id_nummer, inv.identitet_formaterad):
        assert secret not in html, (secret, response.status_code)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("url", CITIZEN_URLS, ids=str)
def test_staff_of_a_cannot_see_citizen_of_b_and_the_denial_is_logged(staff_a, enhet_a, url, case):
    inv = _b_citizen(enhet_a, case)
    own = VardrelationFactory(vardenhet=enhet_a, invanare__efternamn="Egenpatientsson").invanare
    client = logged_in_client(staff_a)

    own_response = client.get(_url_with(url, invanare_id=own.pk))
    assert own_response.status_code == 200 and "Egenpatientsson" in own_response.content.decode()

    swapped = _url_with(url, invanare_id=inv.pk)
    before = Atkomstlogg.objects.count()
    response = client.get(swapped)
    assert response.status_code in (403, 404)
    _assert_nothing_of(response, inv)
    denial = Atkomstlogg.objects.order_by("-id").first()
    assert Atkomstlogg.objects.count() == before + 1
    assert (denial.handelse, denial.utfall) == ("lasning", "nekad")
    assert denial.invanare_identitet == inv.id_nummer
    assert denial.medarbetare_hsa_id == staff_a.medarbetare.hsa_id
    assert denial.vardenhet_hsa_id == enhet_a.hsa_id

    for response in (client.get(swapped, HTTP_HX_REQUEST="true"), client.post(swapped), client.head(swapped)):
        assert response.status_code in (403, 404, 405)
        _assert_nothing_of(response, inv)


@pytest.mark.parametrize("url", CITIZEN_URLS, ids=str)
def test_denied_and_nonexistent_ids_get_the_same_answer(staff_a, enhet_a, url):
    inv = _b_citizen(enhet_a, "bara-relation-med-b")
    client = logged_in_client(staff_a)
    denied = client.get(_url_with(url, invanare_id=inv.pk))
    missing = client.get(_url_with(url, invanare_id=inv.pk + 10_000))
    assert denied.status_code == missing.status_code

    def body(r):  # the masked CSRF token (64 characters) differs on every render
        return re.sub(r"[A-Za-z0-9]{64}", "<csrf>", r.content.decode())

    assert body(denied) == body(missing)


def test_search_in_unit_a_does_not_name_bs_citizen(staff_a, enhet_a):
    inv = _b_citizen(enhet_a, "bara-relation-med-b")
    response = logged_in_client(staff_a).get(reverse("invanare:sok"), {"identitetsnummer": inv.id_nummer})
    assert response.status_code == 200
    html = response.content.decode()
    for secret in SECRETS:
        assert secret not in html
    assert f"/invanare/{inv.pk}/" not in html
    assert Atkomstlogg.objects.get().utfall == "nekad"


@pytest.mark.parametrize(
    "admin_url", ["admin:invanare_invanare_change", "admin:invanare_invanare_history", "admin:invanare_invanare_delete"]
)
def test_admin_pages_of_a_citizen_need_admin_permission(staff_a, enhet_a, admin_url):
    """The admin is region-wide by design, for system administration with model permissions (and logged).
    A staff member without them, even with admin access, gets nothing."""
    inv = _b_citizen(enhet_a, "bara-relation-med-b")
    url = reverse(admin_url, args=[inv.pk])
    plain = logged_in_client(staff_a)
    _assert_nothing_of(plain.get(url), inv)
    admin_user = MedarbetareFactory(is_staff=True)
    admin_uppdrag = MedarbetaruppdragFactory(medarbetare=admin_user, vardenhet=enhet_a)
    response = logged_in_client(admin_uppdrag).get(url)
    assert response.status_code in (302, 403)
    _assert_nothing_of(response, inv)


# --- the citizen app's API ---


def test_app_api_operations_all_use_app_auth():
    """Every citizen API operation authenticates with AppAuth (token + far_agera on each request), but the login."""
    from invanare.app_api.api import operationer
    from invanare.app_api.auth import AppAuth
    from portal.urls import APP_API as NINJA_API

    assert {u.name for u in APP_API} >= {"app_api:inloggning", "app_api:jag", "app_api:agera_for"}
    utan = {f"app_api:{namn}" for namn, _metod, op in operationer(NINJA_API)
            if not any(isinstance(a, AppAuth) for a in (op.auth_callbacks or []))}
    assert utan == APP_API_PUBLIC, (
        "Every citizen API operation must use invanare.app_api.auth.AppAuth (token + far_agera on each request). "
        f"Without: {sorted(utan)}"
    )
    # ... and every URL under the prefix is the API's (ninja views, or the JSON 404 for unknown paths).
    assert all(getattr(u.callback, "login_exempt", False) for u in APP_API)


@pytest.mark.parametrize("url", [u for u in APP_API if u.name not in APP_API_PUBLIC | APP_API_UTAN_DATA], ids=str)
def test_app_api_without_token_is_401(client, url):
    for method in ("get", "post"):
        response = getattr(client, method)(url.path)
        assert response.status_code in (401, 405), (method, response.status_code, response.content[:200])
    response = client.get(url.path, HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert response.status_code in (401, 405)
    assert not Atkomstlogg.objects.exists()
