"""The staff shell's navigation and the dashboard's placeholder panels.

Domain entries appear only when the domain's URL name exists, so an app that has not landed yet leaves no
dead link: a domain app names its landing page ``<app>:index`` (or one of the alternatives below).
"""
from dataclasses import dataclass

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from vardportalen.models import Roll

register = template.Library()


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


# (label, candidate URL names, tried in order)
DOMAIN_NAV = (
    (_("Bevakning"), ("bevakning",)),
    (_("Invånare"), ("invanare:sok",)),
    (_("Förlossning"), ("forlossning:index", "forlossning:oversikt", "forlossning:lista")),
    (_("e-dokument"), ("edokument:index", "edokument:utskriftslista")),
    (_("Meddelanden"), ("meddelanden:index", "meddelanden:inkorg")),
    (_("Bokning"), ("bokning:index", "bokning:tidbok")),
    (_("Hänvisning"), ("hanvisning:index", "hanvisning:stod")),
    (_("Videomöten"), ("video:lista",)),
)


def _first_url(names: tuple[str, ...]) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def _is_current(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)


def nav_items(*, path: str, uppdrag, user) -> list[NavItem]:
    """Main menu for this user and commission: domains that exist, plus role-bound entries."""
    entries = [(label, _first_url(names)) for label, names in DOMAIN_NAV]
    if uppdrag is not None and uppdrag.roll == Roll.VERKSAMHETSCHEF:
        entries.append((_("Loggkontroll"), _first_url(("atkomstlogg:loggkontroll",))))
    if getattr(user, "is_staff", False):
        entries.append((_("Administration"), _first_url(("admin:index",))))
    return [NavItem(str(label), url, _is_current(path, url)) for label, url in entries if url]


@register.simple_tag(takes_context=True)
def portal_nav(context) -> list[NavItem]:
    request = context.get("request")
    return nav_items(
        path=getattr(request, "path", ""),
        uppdrag=context.get("uppdrag"),
        user=context.get("user") or getattr(request, "user", None),
    )


@dataclass(frozen=True)
class Platshallare:
    nyckel: str
    rubrik: str
    beskrivning: str


# What every unit must keep an eye on (Alltid öppet – Övergripande rutin, "Bevakning").
BEVAKNING_KRAV = (
    Platshallare("meddelanden", _("Inkomna meddelanden"),
                 _("Meddelanden mellan mottagningen och invånare visas här när meddelandefunktionen är på plats.")),
    Platshallare("utskriftslista", _("Utskriftslista"),
                 _("Dokument som ska skrivas ut och skickas med post visas här när e-dokument är på plats.")),
)


@register.simple_tag
def bevakning_platshallare(panels) -> list[Platshallare]:
    """Required dashboard panels that no domain provides yet (matched on a panel's nyckel, else its rubrik)."""
    provided = set()
    for panel in panels or ():
        provided.add(str(getattr(panel, "nyckel", "") or "").casefold())
        provided.add(str(getattr(panel, "rubrik", "")).casefold())
    return [p for p in BEVAKNING_KRAV if p.nyckel not in provided and str(p.rubrik).casefold() not in provided]


@register.filter
def anhorig_namn(person, huvudman) -> str:
    """A proxy's or relative's name on a citizen's page, or a neutral label: relatives of a protected citizen
    are never shown, and a protected person is not named on someone else's page (DESIGN.md)."""
    if person is None:
        return ""
    if person.ar_skyddad or getattr(huvudman, "ar_skyddad", False):
        return gettext("(namn visas inte: skyddade personuppgifter)")
    return person.namn
