"""The poll's own staff check: a signed token bound to the session, and one query.

A page with a poller (inbox, conversation) carries a token of (commission, staff member, login time), signed with
a salt that holds the session key, so it is worth nothing without that session's cookie. The poll then needs one
indexed query: the session row exists and has not expired (logout deletes it, the 30-minute idle timeout lets it
expire, and the poll does not renew it), the commission is still active, and the unit's inbox version. Whatever
does not pass (no token, a token of another session, a commission ended, a session gone or past its 12 hours)
goes through the full staff checks (``vardportalen.middleware.personal_kontroll``), which answer as on any page.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from meddelanden import selectors
from meddelanden.models import Inkorgsversion
from vardportalen.granser import har_otillatna_tecken, heltal_param
from vardportalen.middleware import SESSION_LOGIN_TIME
from vardportalen.models import Medarbetare, Medarbetaruppdrag, Vardenhet

_SALT = "meddelanden.poll:"
# Plain SQL, not the ORM: building the ORM query cost several times the query itself, on every poll of every
# open page. The commission conditions are Medarbetaruppdrag.objects.aktiva() (staff member and unit active,
# within its dates); tests/meddelanden/test_poll_token.py checks each of them ends the token path.
_SQL = f"""
    SELECT u.vardenhet_id, COALESCE(v.version, 0)
    FROM {Medarbetaruppdrag._meta.db_table} u
    JOIN {Medarbetare._meta.db_table} m ON m.id = u.medarbetare_id AND m.is_active
    JOIN {Vardenhet._meta.db_table} e ON e.id = u.vardenhet_id AND e.aktiv
    LEFT JOIN {Inkorgsversion._meta.db_table} v ON v.vardenhet_id = u.vardenhet_id
    WHERE u.id = %(uppdrag)s AND u.medarbetare_id = %(medarbetare)s
      AND u.giltig_fran <= %(dag)s AND (u.giltig_till IS NULL OR u.giltig_till >= %(dag)s)
      AND EXISTS (SELECT 1 FROM {Session._meta.db_table} s WHERE s.session_key = %(nyckel)s AND s.expire_date > %(nu)s)
"""


def poll_token(request) -> str:
    """The token for the pollers of a page rendered for a staff member with a commission."""
    return signing.dumps([request.uppdrag.pk, request.user.pk, request.session.get(SESSION_LOGIN_TIME)],
                         salt=_SALT + (request.session.session_key or ""), compress=False)


def poll_enhet_version(request, token: str) -> tuple[int, int] | None:
    """(unit id, inbox version) when the token and the session hold; None sends the poll the long way."""
    nyckel = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not nyckel or not token or settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return None
    try:
        uppdrag_id, medarbetare_id, inloggad = signing.loads(token, salt=_SALT + nyckel)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(inloggad, (int, float)) or time.time() - inloggad > settings.SESSION_ABSOLUTE_SECONDS:
        return None
    with connection.cursor() as cur:
        cur.execute(_SQL, {"uppdrag": uppdrag_id, "medarbetare": medarbetare_id, "dag": timezone.localdate(),
                           "nu": timezone.now(), "nyckel": nyckel})
        return cur.fetchone()


def poll_svar(request, *, vardenhet_id: int, version: int, token: str) -> HttpResponse:
    """The poll's answer once the staff member is known to poll for ``vardenhet_id``: 204 while the page's version
    is current, else a new poller and the event that makes the page re-fetch (see views.nytt)."""
    if heltal_param(request.GET.get("v")) == version:
        return HttpResponse(status=204)
    context = {"version": version, "poll_token": token}
    konversation_id = heltal_param(request.GET.get("k"))
    if konversation_id is None:
        handelse = "inkorg-andrad"
    else:
        tillstand = selectors.konversation_tillstand(vardenhet_id=vardenhet_id, konversation_id=konversation_id)
        context.update(konversation_id=konversation_id, tillstand=tillstand)
        handelse = "konversation-andrad" if tillstand != request.GET.get("t") else None
    response = HttpResponse(render_to_string("meddelanden/_poll.html", context))
    if handelse:
        response["HX-Trigger"] = handelse
    return response


class PollGenvagMiddleware:
    """The short path (issue 17): a GET of the poll whose token and session hold (poll_enhet_version, one query) is
    answered here, before the session, locale, CSRF, auth, messages and commission middlewares, which would
    only repeat what that query has checked. Anything else (no or a bad token, a session logged out or expired, a
    commission ended, NUL in the query, another method) goes on through the whole stack and the view, unchanged.

    The answer carries what the skipped middlewares put on the poll's full-path response (the test
    test_poll_token.test_the_short_path_answers_with_the_full_paths_headers compares them): no-cache headers
    (the view is never_cache), Content-Language and Vary (LocaleMiddleware), the session cookie re-sent as
    SessionMiddleware re-sends it (the poll does not renew the session), X-Frame-Options, Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._paths: dict[str, str | None] = {}

    def _poll_path(self) -> str | None:
        """The poll's path in the URL configuration in force (None where it has no poll), looked up once per
        configuration: tests and the benchmarks swap ROOT_URLCONF."""
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        if urlconf not in self._paths:
            try:
                self._paths[urlconf] = reverse("meddelanden:nytt", urlconf=urlconf)
            except NoReverseMatch:
                self._paths[urlconf] = None
        return self._paths[urlconf]

    def __call__(self, request):
        if request.method == "GET" and request.path == self._poll_path():
            request.poll_genvag_provad = True  # the view need not try the token again
            if (svar := self._kort(request)) is not None:
                return svar
        return self.get_response(request)

    def _kort(self, request):
        request.get_host()  # DisallowedHost as CommonMiddleware raises it on the full path
        # Settings under which the skipped middlewares would answer otherwise: left to them.
        if (har_otillatna_tecken(request.GET) or settings.DISALLOWED_USER_AGENTS
                or not settings.SESSION_EXPIRE_AT_BROWSER_CLOSE):
            return None
        token = request.GET.get("p", "")
        snabb = poll_enhet_version(request, token)
        if snabb is None:
            return None
        response = poll_svar(request, vardenhet_id=snabb[0], version=snabb[1], token=token)
        add_never_cache_headers(response)
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        response.set_cookie(settings.SESSION_COOKIE_NAME, request.COOKIES[settings.SESSION_COOKIE_NAME],
                            domain=settings.SESSION_COOKIE_DOMAIN, path=settings.SESSION_COOKIE_PATH,
                            secure=settings.SESSION_COOKIE_SECURE or None, httponly=settings.SESSION_COOKIE_HTTPONLY or None,
                            samesite=settings.SESSION_COOKIE_SAMESITE)
        if response.get("X-Frame-Options") is None:
            response["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        return response
