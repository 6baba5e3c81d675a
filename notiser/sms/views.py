"""Staff page: SMS to the unit's patients that could not be sent, with "Skicka igen" (notiser.skicka_igen, as
on the failed push page), and the SMS she caused that were refused."""
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notiser.sms.selectors import misslyckad_for_aterforsok, misslyckade_lista, nekade_lista
from notiser.sms.services import sms_forsok_igen
from notiser.skicka_igen import skicka_igen
from vardportalen.accesslog.services import Aktor


@never_cache
@require_http_methods(["GET", "POST"])
def utkorg(request):
    aktor = Aktor.from_request(request)
    if request.method == "POST":
        skicka_igen(request, aktor=aktor, rad=misslyckad_for_aterforsok(aktor=aktor, sms_id=request.POST.get("sms_id")),
                    forsok_igen=lambda pk: sms_forsok_igen(sms_id=pk, aktor=aktor),
                    finns_inte=_("SMS:et finns inte bland enhetens misslyckade SMS."), vad="SMS: skicka igen",
                    skickas=_("SMS:et skickas igen."))
        return redirect("notiser:sms_utkorg")
    return render(request, "notiser/sms_utkorg.html", {"rader": misslyckade_lista(aktor=aktor),
                                                       "nekade": nekade_lista(aktor=aktor)})
