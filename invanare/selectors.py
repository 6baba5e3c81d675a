"""Reads of citizens, scoped to the active commission's unit, each writing its access-log row.

Access rule (PDL inre sekretess): staff see a citizen when their commission's unit has an active
Vardrelation with the citizen. Everything else is denied and the denial is logged.

Denied and non-existent are the same answer. ``invanare_get_for_uppdrag`` raises ``InvanareEjTillganglig``
(a subclass of Http404) both when the id does not exist and when the unit has no care relation, and the view
renders the same page with the same status (404) for both. Answering 403 for "exists, not yours" and 404 for
"no such id" would let anyone enumerate which ids are citizens; answering 404 for both says nothing. The
way to a citizen without a care relation is the search on identity number, which does say that the
person exists (without a name) and offers to register a care relation, logged as a change.
Because the exception is an Http404, a domain view that forgets to catch it still answers 404.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.identitet import Identitet, parse_identitetsnummer
from invanare.geo import normalise_postnummer
from invanare.models import Invanare, Postnummer, Vardnadshavarskap, Vardrelation, VillkorGodkannande
from invanare.overview import OversiktSektion, oversikt_sektioner
from invanare.samtycke import har_samtycke, krav_version
from vardportalen.models import Medarbetare
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga, atkomst_logga_flera


class InvanareEjTillganglig(Http404):
    """The unit may not see this citizen, or there is no such citizen. Deliberately indistinguishable."""


def invanare_get_for_uppdrag(*, aktor: Aktor, invanare_id, vad: str) -> Invanare:
    """The citizen, if the aktor's unit has an active care relation; one access-log row either way.

    ``vad`` names the page or function in the log (e.g. "invånarprofil"). Call it outside any
    ``transaction.atomic`` that the raised exception would roll back, or the denial row is lost.
    """
    try:
        pk = int(invanare_id)
    except (TypeError, ValueError):
        pk = None
    invanare = (
        Invanare.objects.select_related("listad_vardcentral").med_synlighet(aktor.vardenhet_id).filter(pk=pk).first()
        if pk is not None and 0 < pk < 2**63
        else None
    )
    if invanare is None:
        atkomst_logga(
            aktor=aktor,
            handelse=Handelse.LASNING,
            utfall=Utfall.NEKAD,
            vad=vad,
            detalj=_("Okänt invånar-id %(id)s") % {"id": str(invanare_id)[:40]},
        )
        raise InvanareEjTillganglig
    if not invanare.synlig_for_enhet:
        atkomst_logga(
            aktor=aktor,
            invanare=invanare,
            handelse=Handelse.LASNING,
            utfall=Utfall.NEKAD,
            vad=vad,
            detalj=_("Enheten har ingen aktiv vårdrelation med invånaren."),
        )
        raise InvanareEjTillganglig
    atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad=vad)
    return invanare


# --- search by identity number ---


class SokUtfall(enum.StrEnum):
    SYNLIG = "synlig"
    INGEN_VARDRELATION = "ingen_vardrelation"
    FINNS_INTE = "finns_inte"


@dataclass(frozen=True)
class SokResultat:
    identitet: Identitet
    utfall: SokUtfall
    # Only set when the unit may see the citizen: a result without care relation carries no name at all,
    # so no template can show one by mistake.
    invanare: Invanare | None = None


def invanare_sok(*, aktor: Aktor, text: str) -> SokResultat:
    """Find a citizen by identity number. Raises OgiltigtIdentitetsnummer (Swedish message) on bad input.

    Logs one row: allowed read when the citizen is shown, denied read when the unit has no care relation
    (the reviewer sees who looked up whom), and an allowed read with the searched number when no citizen
    has it.
    """
    identitet = parse_identitetsnummer(text)
    invanare = (
        Invanare.objects.select_related("listad_vardcentral")
        .med_synlighet(aktor.vardenhet_id)
        .filter(id_typ=identitet.typ, id_nummer=identitet.nummer)
        .first()
    )
    vad = "sök invånare"
    if invanare is None:
        atkomst_logga(
            aktor=aktor,
            identitet=identitet,
            handelse=Handelse.LASNING,
            utfall=Utfall.TILLATEN,
            vad=vad,
            detalj=_("Ingen invånare med identitetsnumret."),
        )
        return SokResultat(identitet=identitet, utfall=SokUtfall.FINNS_INTE)
    if not invanare.synlig_for_enhet:
        atkomst_logga(
            aktor=aktor,
            invanare=invanare,
            handelse=Handelse.LASNING,
            utfall=Utfall.NEKAD,
            vad=vad,
            detalj=_("Ingen aktiv vårdrelation; namnet visades inte."),
        )
        return SokResultat(identitet=identitet, utfall=SokUtfall.INGEN_VARDRELATION)
    atkomst_logga(aktor=aktor, invanare=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad=vad)
    return SokResultat(identitet=identitet, utfall=SokUtfall.SYNLIG, invanare=invanare)


def invanare_for_ny_vardrelation(*, identitet: Identitet) -> Invanare | None:
    """The citizen row to hand to ``vardrelation_create``, which logs the change. Never render it."""
    return Invanare.objects.filter(id_typ=identitet.typ, id_nummer=identitet.nummer).first()


# --- Invånarprofil/översikt ---


@dataclass(frozen=True)
class Anhorig:
    """A guardian or child as shown on the overview: a name, or nothing but the fact of protection."""

    namn: str | None
    skyddad: bool


@dataclass(frozen=True)
class Oversikt:
    invanare: Invanare
    alder: int | None
    visa_kontaktuppgifter: bool
    # None when the citizen is protected: relatives are not shown at all.
    vardnadshavare: list[Anhorig] | None
    barn: list[Anhorig] | None
    vardrelationer: list[Vardrelation]
    sektioner: list[OversiktSektion] = field(default_factory=list)
    # Seed 001, "Samtycke": consent = an account and the accepted terms. Every acceptance, newest first (version,
    # time), and whether the terms in force are accepted now (invanare.samtycke).
    villkor_historik: list[VillkorGodkannande] = field(default_factory=list)
    gallande_villkor_version: int | None = None
    har_samtycke: bool = False


def _anhorig(person: Invanare) -> Anhorig:
    # A relative with protected identity is not named on someone else's page either: the link itself
    # would tell where the protected person belongs.
    return Anhorig(namn=None if person.ar_skyddad else person.namn, skyddad=person.ar_skyddad)


def invanare_oversikt(*, aktor: Aktor, invanare: Invanare) -> Oversikt:
    """Everything the overview shows about a citizen the caller already obtained (and logged) through
    ``invanare_get_for_uppdrag``. Constant number of queries. The relatives it names (guardians, children) are
    read too: one allowed row each, in one INSERT (issue 13: every citizen a page shows is logged)."""
    idag = timezone.localdate()
    vardnadshavare = barn = None
    if not invanare.ar_skyddad:
        aktiva = Q(fran__lte=idag) & (Q(till__isnull=True) | Q(till__gte=idag))
        foraldrar = [v.vardnadshavare for v in Vardnadshavarskap.objects.filter(aktiva, barn=invanare)
                     .select_related("vardnadshavare").order_by("vardnadshavare__efternamn", "vardnadshavare__fornamn")]
        barnen = [v.barn for v in Vardnadshavarskap.objects.filter(aktiva, vardnadshavare=invanare)
                  .select_related("barn").order_by("barn__fodelsedatum", "barn__fornamn")]
        vardnadshavare, barn = [_anhorig(p) for p in foraldrar], [_anhorig(p) for p in barnen]
        atkomst_logga_flera(aktor=aktor, invanare_lista=[p for p in foraldrar + barnen if not p.ar_skyddad],
                            handelse=Handelse.LASNING, utfall=Utfall.TILLATEN, vad="invånarprofil: anhörig")
    vardrelationer = list(
        Vardrelation.objects.filter(invanare=invanare, vardenhet_id=aktor.vardenhet_id)
        .annotate(skapad_av_namn=Subquery(
            Medarbetare.objects.filter(hsa_id=OuterRef("skapad_av_hsa_id"))
            .annotate(n=Concat("fornamn", Value(" "), "efternamn")).values("n")[:1]))
        .order_by("-fran")
    )
    krav = krav_version()
    return Oversikt(
        invanare=invanare,
        alder=invanare.alder(idag),
        visa_kontaktuppgifter=not invanare.skydd_eller_hotbild,
        vardnadshavare=vardnadshavare,
        barn=barn,
        vardrelationer=vardrelationer,
        sektioner=oversikt_sektioner(aktor=aktor, invanare=invanare),
        # covered by the page's one access-log row (invanare_get_for_uppdrag), like everything else on it
        villkor_historik=list(VillkorGodkannande.objects.filter(invanare=invanare).select_related("villkor")
                              .order_by("-godkant", "-pk")),
        gallande_villkor_version=krav,
        har_samtycke=har_samtycke(invanare, krav=krav),
    )


# --- postal codes ---


def postnummer_get(*, postnummer: str) -> Postnummer:
    """The Postnummer row for what staff typed ("115 20", "11520"), or a ValidationError in Swedish."""
    pn = normalise_postnummer(postnummer or "")
    if len(pn) != 5:
        raise ValidationError({"postnummer": _("Ett postnummer har fem siffror, till exempel 115 20.")})
    post = Postnummer.objects.filter(pk=pn).first()
    if post is None:
        raise ValidationError(
            {
                "postnummer": _(
                    "Postnumret %(pn)s finns inte i postnummerregistret. Kontrollera numret, "
                    "eller be systemförvaltningen läsa in en nyare postnummerfil."
                )
                % {"pn": f"{pn[:3]} {pn[3:]}"}
            }
        )
    return post
