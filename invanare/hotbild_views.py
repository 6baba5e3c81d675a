"""Staff page: set and remove the known-threat marker (känd hotbild) of a citizen, with its history."""
from django.core.exceptions import ValidationError
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from invanare.hotbild_forms import HotbildForm
from invanare.models import KandHotbild
from invanare.ombud_views import _fel_till_form, _hamta, _klart, _sida
from invanare.selectors import InvanareEjTillganglig
from invanare.services import kand_hotbild_satt, kand_hotbild_ta_bort
from invanare.views import ej_tillganglig
from django.utils.translation import gettext as _


@never_cache
@require_http_methods(["GET", "POST"])
def hotbild(request, invanare_id: int):
    try:
        aktor, invanare = _hamta(request, invanare_id, "känd hotbild")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    aktiv = KandHotbild.objects.aktiva().filter(invanare=invanare).first()
    form = HotbildForm(request.POST or None, tar_bort=aktiv is not None)
    if request.method == "POST" and form.is_valid():
        service = kand_hotbild_ta_bort if invanare.kand_hotbild else kand_hotbild_satt
        try:
            service(aktor=aktor, invanare=invanare, anledning=form.cleaned_data["anledning"])
        except ValidationError as exc:
            _fel_till_form(form, exc)
        else:
            return _klart(request, _("Markeringen känd hotbild är borttagen.") if not invanare.kand_hotbild
                          else _("Invånaren är markerad med känd hotbild."))
    return _sida(request, "invanare/hotbild.html", {
        "invanare": invanare, "form": form, "flik": "hotbild",
        "aktiv": aktiv,
        "historik": list(KandHotbild.objects.filter(invanare=invanare).order_by("-satt")),
    })
