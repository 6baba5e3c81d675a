"""Invånarprofil/översikt: the extension point where each domain adds its section.

A domain registers a provider in its ``AppConfig.ready()``::

    from invanare.overview import OversiktSektion, oversikt_sektion_register

    @oversikt_sektion_register(nyckel="forlossning", ordning=10)
    def forlossning_sektion(*, aktor, invanare):
        return OversiktSektion(
            nyckel="forlossning",
            rubrik=_("Förlossning"),
            template="forlossning/oversikt_sektion.html",
            context={"graviditet": ...},
        )

Rules for providers (they run inside the overview request, after the one access-log row was written):
- Only read: the overview's single ``lasning`` row covers everything on the page, so providers write no
  log rows of their own. Anything that changes data is its own view and service.
- A constant number of queries per provider (select_related/prefetch; no per-row queries).
- The citizen passed in is one the unit may see; still respect ``invanare.ar_skyddad``: never put a
  protected person's address, phone or relatives into the context.
- Return None to leave the section out, e.g. a maternity section for a man.

Sections of domains that are not built yet are shown as empty placeholders (``PLATSHALLARE``) until a
provider with the same ``nyckel`` is registered.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OversiktSektion:
    nyckel: str
    rubrik: str
    template: str
    context: dict = field(default_factory=dict)
    ordning: int = 100


@dataclass(frozen=True)
class _Registrering:
    nyckel: str
    ordning: int
    provider: Callable


# Providers registered by the domain apps (in AppConfig.ready()). Order of display: ``ordning``, then key.
OVERSIKT_SEKTIONER: list[_Registrering] = []

PLATSHALLARE_TEMPLATE = "invanare/sektioner/platshallare.html"

# Sections every overview shows, empty until the domain that owns it registers a provider.
PLATSHALLARE: dict[str, tuple[int, str, str]] = {
    "ombud": (10, _("Ombud och spärr"), _("Ombud, blockerade vårdnadshavare och spärr av konto visas här.")),
    "bokningar": (20, _("Bokningar"), _("Invånarens bokade tider hos enheten visas här.")),
    "meddelanden": (30, _("Meddelanden"), _("Meddelanden mellan enheten och invånaren visas här.")),
    "edokument": (40, _("e-dokument"), _("e-kallelser, e-brev och e-remissbekräftelser visas här.")),
    "forlossning": (50, _("Förlossning"), _("Önskemål om förlossningsklinik och tilldelad klinik visas här.")),
}


def oversikt_sektion_register(*, nyckel: str, ordning: int | None = None):
    """Decorator: register ``provider(*, aktor, invanare) -> OversiktSektion | None`` under ``nyckel``.

    Registering the same key twice replaces the earlier provider (safe when ``ready()`` runs again).
    """

    def decorator(provider):
        default = PLATSHALLARE.get(nyckel, (100,))[0]
        OVERSIKT_SEKTIONER[:] = [r for r in OVERSIKT_SEKTIONER if r.nyckel != nyckel]
        OVERSIKT_SEKTIONER.append(_Registrering(nyckel, default if ordning is None else ordning, provider))
        return provider

    return decorator


def oversikt_sektioner(*, aktor, invanare) -> list[OversiktSektion]:
    sektioner: list[OversiktSektion] = []
    registrerade = set()
    for reg in OVERSIKT_SEKTIONER:
        registrerade.add(reg.nyckel)
        sektion = reg.provider(aktor=aktor, invanare=invanare)
        if sektion is not None:
            sektioner.append(OversiktSektion(sektion.nyckel, sektion.rubrik, sektion.template, sektion.context, reg.ordning))
    for nyckel, (ordning, rubrik, beskrivning) in PLATSHALLARE.items():
        if nyckel not in registrerade:
            sektioner.append(
                OversiktSektion(nyckel, rubrik, PLATSHALLARE_TEMPLATE, {"beskrivning": beskrivning}, ordning)
            )
    return sorted(sektioner, key=lambda s: (s.ordning, s.nyckel))
