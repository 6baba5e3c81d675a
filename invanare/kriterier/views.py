"""The unit's citizen criteria: everyone at the unit sees them; the system administrator changes them."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from invanare.kriterier import services
from invanare.kriterier.forms import KriteriumForm, UppsattningForm
from invanare.kriterier.models import Kriterieuppsattning
from vardportalen.accesslog.aktor import Aktor
from vardportalen.models import Roll

INDEX = "meddelanden:kriterier:index"


def _sida(request, *, uppsattning_form=None, kriterium_form=None, form_for=None, status=200):
    aktor = Aktor.from_request(request)
    uppsattningar = (
        Kriterieuppsattning.objects.filter(vardenhet_id=aktor.vardenhet_id).prefetch_related("kriterier").order_by("namn")
    )
    return render(request, "kriterier/index.html", {
        # each set with its own form for a new criterion (the posted one, errors and all, under its set)
        "uppsattningar": [(u, kriterium_form if u.pk == form_for else KriteriumForm(uppsattning_id=u.pk))
                          for u in uppsattningar],
        "uppsattning_form": uppsattning_form or UppsattningForm(),
        "kan_andra": aktor.roll == Roll.SYSTEMFORVALTARE,
    }, status=status)


@never_cache
@require_GET
def index(request):
    return _sida(request)


def _fel(form, exc: ValidationError):
    fel = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for falt, meddelanden in fel.items():
        form.add_error(falt if falt in form.fields else None, meddelanden)


@require_POST
def uppsattning_ny(request):
    form = UppsattningForm(request.POST)
    if form.is_valid():
        try:
            services.kriterieuppsattning_skapa(aktor=Aktor.from_request(request), namn=form.cleaned_data["namn"],
                                               syfte=form.cleaned_data["syfte"])
        except ValidationError as exc:
            _fel(form, exc)
        else:
            messages.success(request, _("Uppsättningen är skapad. Lägg till kriterier i den."))
            return redirect(reverse(INDEX))
    return _sida(request, uppsattning_form=form, status=400)


@require_POST
def uppsattning_andra(request, uppsattning_id: int):
    atgard = request.POST.get("atgard")
    try:
        services.kriterieuppsattning_andra(
            aktor=Aktor.from_request(request), uppsattning_id=uppsattning_id,
            aktiv={"aktivera": True, "inaktivera": False}.get(atgard), ta_bort=atgard == "ta_bort",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse(INDEX))


@require_POST
def kriterium_ny(request, uppsattning_id: int):
    form = KriteriumForm(request.POST, uppsattning_id=uppsattning_id)
    if form.is_valid():
        try:
            services.kriterium_lagg_till(aktor=Aktor.from_request(request), uppsattning_id=uppsattning_id, **form.cleaned_data)
        except ValidationError as exc:
            _fel(form, exc)
        else:
            messages.success(request, _("Kriteriet är tillagt."))
            return redirect(reverse(INDEX))
    return _sida(request, kriterium_form=form, form_for=uppsattning_id, status=400)


@require_POST
def kriterium_ta_bort(request, kriterium_id: int):
    try:
        services.kriterium_ta_bort(aktor=Aktor.from_request(request), kriterium_id=kriterium_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse(INDEX))

