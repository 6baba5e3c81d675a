"""Request id, absolute session lifetime, and 'every page needs login and an active commission'."""
import re
import time
import uuid

from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from vardportalen.access import forladdad_medarbetare, load_active_uppdrag
from vardportalen.granser import har_otillatna_tecken

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
SESSION_LOGIN_TIME = "inloggad_tid"
SESSION_UPPDRAG = "uppdrag_id"


def public(view):
    """Mark a view as reachable without login (login page, health check, the citizen API)."""
    view.login_exempt = True
    return view


def without_commission(view):
    """Mark a view as reachable when logged in but before a commission is chosen."""
    view.commission_exempt = True
    return view


def utan_sessionsfornyelse(request) -> None:
    """This request does not renew the 30-minute idle deadline (SESSION_SAVE_EVERY_REQUEST would, and would write
    the session row): for requests that are not the user's own activity (a poll), or that come many times within
    one (the search-as-you-type partial: the page load and every choice around it renew it). Only ever stricter."""
    request.session.save = lambda *args, **kwargs: None
    # SessionMiddleware asks this before re-sending the cookie; answered from the setting it does not read the
    # session row (the poll's token path has already checked it). The cookie stays a browser session cookie.
    request.session.get_expire_at_browser_close = lambda: settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def _redirect(request, url):
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def _staff_user(request):
    """Django's ``get_user``, except that a session with a chosen commission reads the staff member, the commission
    and its unit in one query; Django's own checks (backend, session hash) still run on the staff member read."""
    if not hasattr(request, "_cached_user"):
        sparat_id = request.session.get(auth.SESSION_KEY)
        medarbetare_id = None if sparat_id is None else auth.get_user_model()._meta.pk.to_python(sparat_id)
        uppdrag = load_active_uppdrag(medarbetare_id=medarbetare_id, uppdrag_id=request.session.get(SESSION_UPPDRAG))
        with forladdad_medarbetare(uppdrag.medarbetare if uppdrag else None):
            request._cached_user = auth.get_user(request)
        if medarbetare_id is not None:
            request._forladdat_uppdrag = uppdrag if request._cached_user.pk == medarbetare_id else None
    return request._cached_user


class StaffAuthenticationMiddleware(AuthenticationMiddleware):
    """request.user as Django's AuthenticationMiddleware sets it, read together with the active commission."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _staff_user(request))


def checks_in_view(view):
    """Mark a staff view that runs the staff checks itself (``personal_kontroll``), after a cheaper check of its
    own: the inbox poll, which answers most requests from a signed token and one query."""
    view.checks_in_view = True
    return view


def _checks_in_view(view_func) -> bool:
    return getattr(view_func, "checks_in_view", False)


def _session_lifetime(request):
    """Idle timeout is SESSION_COOKIE_AGE (renewed per request); this adds the absolute limit."""
    if request.user.is_authenticated:
        started = request.session.get(SESSION_LOGIN_TIME)
        if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
            logout(request)
            messages.info(request, _("Din session har varat i tolv timmar. Logga in igen med ditt kort."))
            return _redirect(request, reverse(settings.LOGIN_URL))
    return None


def _active_commission(request, view_func):
    target = getattr(view_func, "view_class", view_func)
    if getattr(view_func, "login_exempt", False) or getattr(target, "login_exempt", False):
        return None
    if not request.user.is_authenticated:
        login_url = reverse(settings.LOGIN_URL)
        if request.path.startswith(settings.STATIC_URL):
            return None
        return _redirect(request, f"{login_url}?next={request.get_full_path()}")
    if hasattr(request, "_forladdat_uppdrag"):
        uppdrag = request._forladdat_uppdrag
    else:
        uppdrag = load_active_uppdrag(medarbetare_id=request.user.pk, uppdrag_id=request.session.get(SESSION_UPPDRAG))
    request.uppdrag = uppdrag
    if uppdrag is None:
        request.session.pop(SESSION_UPPDRAG, None)
        if getattr(view_func, "commission_exempt", False):
            return None
        return _redirect(request, reverse("siths:valj_uppdrag") + f"?next={request.get_full_path()}")
    return None


def personal_kontroll(request, view_func):
    """The checks every staff view gets from the middleware (absolute session lifetime, login, active commission;
    sets request.uppdrag), for a view marked ``checks_in_view``: a response to return, or None."""
    return _session_lifetime(request) or _active_commission(request, view_func)


class SessionLifetimeMiddleware:
    """The absolute session limit, before the view (see _session_lifetime)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return None if _checks_in_view(view_func) else _session_lifetime(request)


class ActiveCommissionMiddleware:
    """Every view needs a logged-in, active Medarbetare acting under an active Medarbetaruppdrag.

    Sets request.uppdrag. Views opt out explicitly with @public or @without_commission.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.uppdrag = None
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        return None if _checks_in_view(view_func) else _active_commission(request, view_func)


class InmatningsgransMiddleware:
    """Staff pages: a NUL byte or a lone surrogate in any GET or POST key or value is refused with a Swedish 400
    page before a view sees it (PostgreSQL refuses NUL in text; vardportalen.granser). The citizen API
    checks its own input (invanare.app_api.parser)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            try:
                otillatet = har_otillatna_tecken(request.GET) or (
                    request.method == "POST" and har_otillatna_tecken(request.POST))
            except RequestDataTooBig:
                return fel_sida(request, 413, _("Formuläret är för stort"),
                                _("Det du skickade är för stort. Korta texten eller skicka färre filer."))
            if otillatet:
                return fel_sida(request, 400, _("Otillåtna tecken"),
                                _("Det du skickade innehåller tecken som inte är tillåtna (till exempel NUL). "
                                  "Inget har sparats. Gå tillbaka och skriv om texten."))
        return self.get_response(request)



def fel_sida(request, status: int, rubrik: str, text: str, *, forsok_igen: bool = False):
    """A Swedish error page in the portal's layout that needs neither the database nor the session
    (vardportalen.felsidor)."""
    from vardportalen.felsidor import felsida

    return felsida(request, status, enkel=True, rubrik=rubrik, text=text, forsok_igen=forsok_igen)
