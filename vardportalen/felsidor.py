"""Error pages in the portal's layout, each with a way back (urls.py: handler400/403/404/500).

The 500 page (and fel_sida's database-down page) is drawn without the session and the menu: whatever broke
may be the database that the session and the menu read."""
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
        request.uppdrag = getattr(request, "_forladdat_uppdrag", None)
    return render(request, "vardportalen/fel.html", {
        "rubrik": rubrik or standard_rubrik, "text": text or standard_text, "status": status,
        "forsok_igen": forsok_igen, "enkel": enkel,
    }, status=status)


def handler400(request, exception=None):
    return felsida(request, 400)


def handler403(request, exception=None):
    return felsida(request, 403)


def handler404(request, exception=None):
    return felsida(request, 404)


def handler500(request):
    return felsida(request, 500, enkel=True)


def csrf_fel(request, reason=""):
    """CSRF_FAILURE_VIEW: usually a form left open past the session's 30 minutes."""
    return felsida(request, 403, rubrik=_("Formuläret har gått ut"),
                   text=_("Formuläret var för gammalt eller skickades från en annan sida. Inget har sparats. "
                          "Ladda om sidan och fyll i det igen."))
