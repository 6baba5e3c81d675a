"""Staff page: SMS to the unit's patients that could not be sent (routed in forlossning/urls.py until the
project urls get an SMS entry of their own)."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notiser.sms.selectors import misslyckad_for_aterforsok, misslyckade_lista, nekade_lista
from notiser.sms.services import sms_forsok_igen
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga


@never_cache
@require_http_methods(["GET", "POST"])
def utkorg(request):
    aktor = Aktor.from_request(request)
    if request.method == "POST":
        rad = misslyckad_for_aterforsok(aktor=aktor, sms_id=request.POST.get("sms_id"))
        if rad is None:
            messages.error(request, _("SMS:et finns inte bland enhetens misslyckade SMS."))
        else:
            try:
                sms_forsok_igen(sms_id=rad.pk, aktor=aktor)
            except ValueError as err:
                messages.error(request, str(err))
            else:
                atkomst_logga(aktor=aktor, invanare=rad.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                              vad="SMS: skicka igen")
                messages.success(request, _("SMS:et skickas igen."))
        return redirect("notiser:sms_utkorg")
    return render(request, "notiser/sms_utkorg.html", {"rader": misslyckade_lista(aktor=aktor),
                                                       "nekade": nekade_lista(aktor=aktor)})
