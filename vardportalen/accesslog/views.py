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
    data.pop("ordning", None)
    form = LoggFilterForm(data or None)
    resultat = None
    if not form.is_bound:
        resultat = atkomstlogg_sida(aktor=aktor, filter=LoggFilter(), request=request)
    elif form.is_valid():
        resultat = atkomstlogg_sida(aktor=aktor, filter=form.to_filter(), request=request)
    template = "vardportalen/accesslog/loggkontroll.html"
    if request.htmx and not request.htmx.boosted:
        template += "#resultat"
    return render(request, template, {"form": form, "lista": resultat, "page": resultat.sida if resultat else None})
