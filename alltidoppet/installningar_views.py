"""Settings in the citizen web: her notice choices (notiser.services.notisval_satt, always her own like
notiser/app_views.py), and deregistering — optionally locking — her account in the app's three confirmation
steps (invanare.services.avregistrering, the same as the app API's)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alltidoppet.forms import AvregistreraForstarForm, AvregistreraValForm, NotisvalForm
from alltidoppet.session import medborgarsida
from invanare.behorighet import Syfte, far_agera
from invanare.services import (
    STEG_TOTALT,
    avregistrering_las_token,
    avregistrering_text,
    avregistrering_token,
    konto_avregistrera,
)
from notiser.models import Notisval, PushEnhet
from notiser.services import notisval_satt


@medborgarsida(None)
@require_http_methods(["GET", "POST"])
def installningar(request):
    aktor = request.app.aktor
    if request.method == "POST":
        form = NotisvalForm(request.POST)
        form.is_valid()
        try:
            notisval_satt(invanare=aktor, sms=form.cleaned_data.get("sms", False),
                          push=form.cleaned_data.get("push", False))
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(request, "Dina val är sparade.")
        return redirect("alltidoppet:installningar")
    val = Notisval.objects.filter(invanare=aktor).first()
    form = NotisvalForm(initial={"sms": val.sms if val else True, "push": val.push if val else True})
    return render(request, "alltidoppet/installningar.html", {
        "form": form, "telefoner": PushEnhet.objects.filter(invanare=aktor, aktiv=True).count()})


def _steg(request, steg: int, **kontext):
    form = AvregistreraValForm() if steg == 0 else AvregistreraForstarForm()
    return render(request, "alltidoppet/avregistrera.html",
                  {"steg": steg, "steg_totalt": STEG_TOTALT, "form": form, **kontext})


@medborgarsida(None)
@require_http_methods(["GET", "POST"])
def avregistrera(request):
    """Step 1: the consequences; step 2: the warning (a lock she cannot lift herself); step 3: done. Only for
    her own account (Syfte.KONTO: never as someone's proxy)."""
    beslut = far_agera(aktor=request.app.aktor, for_invanare=request.app.invanare, syfte=Syfte.KONTO)
    if not beslut.tillaten:
        messages.error(request, f"{beslut.skal} Byt till dig själv för att avregistrera ditt eget konto.")
        return redirect("alltidoppet:installningar")
    session_id = request.app.session.pk
    if request.method == "GET":
        return _steg(request, 0)
    token = request.POST.get("bekraftelse", "")
    if not token:
        sparra = request.POST.get("sparra") == "ja"
        return _steg(request, 1, sparra=sparra, text=avregistrering_text(steg=1, sparra=sparra),
                     bekraftelse=avregistrering_token(session_id=session_id, steg=1, sparra=sparra))
    try:
        data = avregistrering_las_token(token, session_id=session_id)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("alltidoppet:avregistrera")
    sparra = bool(data["sparra"])
    if data["steg"] == 1:
        if not AvregistreraForstarForm(request.POST).is_valid():
            messages.error(request, "Kryssa i att du har läst vad som händer.")
            return _steg(request, 1, sparra=sparra, text=avregistrering_text(steg=1, sparra=sparra), bekraftelse=token)
        return _steg(request, 2, sparra=sparra, text=avregistrering_text(steg=2, sparra=sparra),
                     bekraftelse=avregistrering_token(session_id=session_id, steg=2, sparra=sparra))
    if data["steg"] == 2 and request.POST.get("bekraftar") == "ja":
        konto_avregistrera(invanare=request.app.aktor, sparra=sparra)  # ends her sessions
        request.session.flush()
        messages.success(request, avregistrering_text(steg=3, sparra=sparra))
        return redirect("alltidoppet:inloggning")
    messages.error(request, "Bekräftelsen är inte giltig. Börja om.")
    return redirect("alltidoppet:avregistrera")
