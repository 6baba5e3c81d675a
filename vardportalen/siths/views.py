"""Login with the SITHS card (through the card agent or a TLS-terminating proxy), choosing a commission, logout."""
import json

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_http_methods

from vardportalen.middleware import public, without_commission
from vardportalen.siths import errors as E
from vardportalen.siths import services
from vardportalen.siths.errors import SithsFel
from vardportalen.siths.forms import KortinloggningForm, ValjUppdragForm
from vardportalen.siths.selectors import uppdrag_aktiva


@public
@never_cache
@ensure_csrf_cookie
@require_http_methods(["GET", "POST"])
def login_page(request):
    """GET: the login page with a fresh challenge. POST (from login.js): the card's answer or the agent's error."""
    if request.method == "POST":
        return _login_post(request)
    return render(request, "vardportalen/siths/login.html", {
        "nonce": services.nonce_create(session=request.session),
        "card_agent_url": settings.CARD_AGENT_URL.rstrip("/"),
        "next": services.safe_next(request, request.GET.get("next")) or "",
    })


def _login_post(request):
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            data = None
        form = KortinloggningForm(data if isinstance(data, dict) else {})
    else:
        form = KortinloggningForm(request.POST)
    try:
        if not form.is_valid():
            raise SithsFel(E.FELAKTIG_BEGARAN, "; ".join(f"{k}: {v[0]}" for k, v in form.errors.items())[:300])
        data = form.cleaned_data
        if data["agent_error"]:
            raise services.inloggning_kortagent_fel(
                session=request.session, nonce=data["nonce"], code=data["agent_error"], tries_left=data["tries_left"],
            )
        verified, _medarbetare = services.inloggning_kortagent_verify(
            session=request.session, origin=services.request_origin(request), nonce=data["nonce"],
            signature=data["signature"], certificate=data["certificate"],
        )
        url = services.inloggning_complete(
            request=request, verified=verified, metod=services.METOD_KORTAGENT, next_url=data["next"],
        )
    except SithsFel as fel:
        services.inloggning_failure_log(request=request, fel=fel, metod=services.METOD_KORTAGENT)
        return JsonResponse(
            {"fel": fel.code, "meddelande": fel.message, "nonce": services.nonce_create(session=request.session)},
            status=400 if fel.code == E.FELAKTIG_BEGARAN else 403,
        )
    return JsonResponse({"redirect": url})


@public
@never_cache
@require_http_methods(["GET", "POST"])
def proxy_login(request):
    """Login where a reverse proxy did TLS client authentication with the card and forwards the certificate."""
    next_url = request.GET.get("next") or request.POST.get("next")
    try:
        verified, _medarbetare = services.inloggning_proxy_verify(meta=request.META)
        url = services.inloggning_complete(request=request, verified=verified, metod=services.METOD_PROXY, next_url=next_url)
    except SithsFel as fel:
        services.inloggning_failure_log(request=request, fel=fel, metod=services.METOD_PROXY)
        messages.error(request, fel.message)
        login_url = reverse("siths:login")
        next_url = services.safe_next(request, next_url)
        return redirect(f"{login_url}?{urlencode({'next': next_url})}" if next_url else login_url)
    return redirect(url)


@without_commission
@never_cache
@require_http_methods(["GET", "POST"])
def valj_uppdrag(request):
    """Choose the commission to act under: right after login when there are several, and later to switch."""
    aktiva = list(uppdrag_aktiva(medarbetare=request.user))
    next_url = services.safe_next(request, request.GET.get("next") or request.POST.get("next"))
    status = 200
    if request.method == "POST":
        form = ValjUppdragForm(request.POST)
        if form.is_valid():
            uppdrag = services.uppdrag_choose(
                session=request.session, medarbetare=request.user, uppdrag_id=form.cleaned_data["uppdrag"]
            )
            if uppdrag is not None:
                messages.success(request, _("Du arbetar nu i uppdraget %(uppdrag)s.") % {"uppdrag": uppdrag})
                return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        status = 400
        messages.error(request, _("Välj ett av dina aktiva uppdrag i listan."))
    return render(request, "vardportalen/siths/valj_uppdrag.html", {
        "aktiva": aktiva,
        "next": next_url or "",
        "aktivt_id": request.uppdrag.pk if request.uppdrag else None,
    }, status=status)


@public
@require_http_methods(["GET", "POST"])
def logout_view(request):
    """POST logs out (the session is deleted on the server). GET changes nothing."""
    if request.method == "GET":
        return redirect("bevakning" if request.user.is_authenticated else "siths:login")
    was_logged_in = request.user.is_authenticated
    services.utloggning(request=request)
    if was_logged_in:
        messages.success(request, _("Du är utloggad. Ta ut kortet ur läsaren om du lämnar datorn."))
    return redirect("siths:login")
