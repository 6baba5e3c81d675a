"""Error pages in the portal's layout, each with a way back (portal/urls.py: handler400/403/404/500).

The 500 page (and fel_sida's database-down page) is drawn without the session and the menu: whatever broke
may be the database that the session and the menu read."""
import logging
import sys

from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.utils.translation import gettext as _

FEL = {
    400: (_("Felaktig begäran"), _("Det som skickades gick inte att tolka. Inget har sparats. Gå tillbaka och försök igen.")),
    403: (_("Du har inte behörighet"), _("Sidan eller åtgärden hör inte till ditt uppdrag. Byt uppdrag om du har ett "
                                         "annat uppdrag som ger behörighet, eller gå tillbaka.")),
    404: (_("Sidan finns inte"), _("Adressen finns inte, eller så hör uppgiften inte till din vårdenhet. Kontrollera "
                                   "adressen eller gå tillbaka till startsidan.")),
    500: (_("Något gick fel"), _("Ett fel uppstod i Vårdportalen. Det du just gjorde kan ha avbrutits; kontrollera "
                                 "resultatet innan du försöker igen. Felet är loggat.")),
}


def felsida(request, status: int, *, enkel: bool = False, rubrik: str = "", text: str = "", forsok_igen: bool = False):
    standard_rubrik, standard_text = FEL.get(status, FEL[500])
    if not enkel and getattr(request, "uppdrag", None) is None:
        # An unknown address is answered before the commission middleware runs: keep the staff member's menu.
        # Asking for the user reads her with her commission (vardportalen.middleware._staff_user, one query).
        anvandare = getattr(request, "user", None)
        if anvandare is not None and anvandare.is_authenticated:
            request.uppdrag = getattr(request, "_forladdat_uppdrag", None)
    context = {"rubrik": rubrik or standard_rubrik, "text": text or standard_text, "status": status,
               "forsok_igen": forsok_igen, "enkel": enkel}
    if enkel:  # drawn as for a visitor (no user, commission or messages), so rendering runs no query
        context.update({"user": AnonymousUser(), "uppdrag": None, "messages": ()})
    return render(request, "vardportalen/fel.html", context, status=status)


def handler400(request, exception=None):
    return felsida(request, 400)


def handler403(request, exception=None):
    return felsida(request, 403)


def handler404(request, exception=None):
    return felsida(request, 404)


def handler500(request):
    """Every exception no view or middleware answered, wherever it was raised (a view, the session or login
    middleware, a template). The database going away (restart, failover, a full pool) is not a bug: the
    transaction was rolled back, so nothing is half-written; say so and offer to try again."""
    fel = sys.exc_info()[1]
    if isinstance(fel, (OperationalError, InterfaceError)):
        logging.getLogger(__name__).warning("Databasen svarar inte: %s", fel)
        return felsida(request, 503, enkel=True, rubrik=_("Tjänsten är tillfälligt otillgänglig"),
                       text=_("Vårdportalen kunde inte nå databasen. Inget av det du just gjorde har sparats. "
                              "Försök igen om en stund."), forsok_igen=True)
    return felsida(request, 500, enkel=True)


def csrf_fel(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form left open past the session's 30 minutes."""
    return felsida(request, 403, rubrik=_("Formuläret har gått ut"),
                   text=_("Formuläret var för gammalt eller skickades från en annan sida. Inget har sparats. "
                          "Ladda om sidan och fyll i det igen."))
