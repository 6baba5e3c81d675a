"""Loggkontroll: the verksamhetschef's review of the unit's access log (decisions in selectors.py)."""
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from vardportalen.accesslog.forms import LoggFilterForm
from vardportalen.accesslog.selectors import LoggFilter, atkomstlogg_sida, kan_granska_logg
from vardportalen.accesslog.services import Aktor


@never_cache
@require_GET
def loggkontroll(request):
    aktor = Aktor.from_request(request)
    if not kan_granska_logg(aktor):
        raise PermissionDenied
    data = request.GET.copy()
    data.pop("sida", None)
    form = LoggFilterForm(data or None)
    page = None
    if not form.is_bound:
        page = atkomstlogg_sida(aktor=aktor, filter=LoggFilter(), sida=request.GET.get("sida", 1))
    elif form.is_valid():
        page = atkomstlogg_sida(aktor=aktor, filter=form.to_filter(), sida=request.GET.get("sida", 1))
    template = "vardportalen/accesslog/loggkontroll.html"
    if request.htmx and not request.htmx.boosted:
        template += "#resultat"
    return render(request, template, {"form": form, "page": page})
