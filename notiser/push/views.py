"""Staff page: push notices to the unit's patients that could not be sent, with "Skicka igen" (like the failed
SMS page, notiser.sms.views). No token, number or text is shown: only who, when, which kind and the error."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notiser.push.selectors import misslyckad_push_for_aterforsok, misslyckade_push_lista
from notiser.push.services import push_forsok_igen
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga


@never_cache
@require_http_methods(["GET", "POST"])
def utkorg(request):
    aktor = Aktor.from_request(request)
    if request.method == "POST":
        rad = misslyckad_push_for_aterforsok(aktor=aktor, push_id=request.POST.get("push_id"))
        if rad is None:
            messages.error(request, _("Pushnotisen finns inte bland enhetens misslyckade pushnotiser."))
        else:
            try:
                push_forsok_igen(push_id=rad.pk, aktor=aktor)
            except ValueError as err:
                messages.error(request, str(err))
            else:
                atkomst_logga(aktor=aktor, invanare=rad.invanare, handelse=Handelse.ANDRING, utfall=Utfall.TILLATEN,
                              vad="Pushnotis: skicka igen")
                messages.success(request, _("Pushnotisen skickas igen."))
        return redirect("notiser:push_utkorg")
    return render(request, "notiser/push_utkorg.html", {"rader": misslyckade_push_lista(aktor=aktor)})
