"""Staff page: push notices to the unit's patients that could not be sent, with "Skicka igen" (notiser.skicka_igen,
as on the failed SMS page). No token, number or text is shown: only who, when, which kind and the error."""
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from notiser.push.selectors import misslyckad_push_for_aterforsok, misslyckade_push_lista
from notiser.push.services import push_forsok_igen
from notiser.skicka_igen import skicka_igen
from vardportalen.accesslog.services import Aktor


@never_cache
@require_http_methods(["GET", "POST"])
def utkorg(request):
    aktor = Aktor.from_request(request)
    if request.method == "POST":
        skicka_igen(request, aktor=aktor,
                    rad=misslyckad_push_for_aterforsok(aktor=aktor, push_id=request.POST.get("push_id")),
                    forsok_igen=lambda pk: push_forsok_igen(push_id=pk, aktor=aktor),
                    finns_inte=_("Pushnotisen finns inte bland enhetens misslyckade pushnotiser."),
                    vad="Pushnotis: skicka igen", skickas=_("Pushnotisen skickas igen."))
        return redirect("notiser:push_utkorg")
    return render(request, "notiser/push_utkorg.html", {"rader": misslyckade_push_lista(aktor=aktor)})
