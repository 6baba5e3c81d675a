"""The one question every citizen-side API asks: "may this actor act for this citizen now, for this purpose?"

    beslut = far_agera(aktor=app_invanare, for_invanare=barn, syfte=Syfte.DOKUMENT)
    if not beslut.tillaten: ...  # beslut.skal is the reason in Swedish, beslut.kod a stable code

Rules (seed "Ombud och vårdnadshavare", "Blockera ombud", "Spärra konto"):
- A locked (spärrat) account: neither the citizen nor any proxy may use it; a locked actor may not log in.
- The citizen herself may act for herself.
- A guardian is proxy for a child *under 13* automatically (derived from Vardnadshavarskap and the birth
  date, so it ends on the 13th birthday whatever a job has done).
- A guardian of a child 13–16 only with a registered special-need decision (Ombud row), valid until the
  17th birthday at the latest *(design: "13–16 år" read inclusive)*.
- A legal representative only with a registered district-court decision that covers the person; a
  power-of-attorney holder only as approved by staff (Ombud rows).
- A block decided by a verksamhetschef stops that person acting as proxy for that citizen, whatever the
  relation.
- Some purposes are the citizen's own: locking/deregistering her account (Syfte.KONTO).

Everything is computed from the rows and the date; ``ombud_for`` and ``huvudman_for`` answer the same
rules for many people at once (e-document recipients, the app's "whom can I act for" list).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import Invanare, Kontosparr, Ombud, OmbudBlockering, Ombudstyp, Vardnadshavarskap

AUTOMATISK_OMBUD_GRANS = 13  # a guardian is proxy automatically below this age
SARSKILT_BEHOV_GRANS = 17  # special-need guardian proxy: ages 13–16 inclusive


class Syfte:
    """What the actor wants to do. Stable strings (they end up in logs and API replies)."""

    INLOGGNING = "inloggning"
    OVERSIKT = "oversikt"
    DOKUMENT = "dokument"
    MEDDELANDEN = "meddelanden"
    BOKNING = "bokning"
    FORLOSSNING = "forlossning"
    VIDEO = "video"  # join a video meeting (seed: "genomföra videomöten" is among what a proxy may do)
    KONTO = "konto"  # lock/deregister the account: only the citizen herself

    ALLA = (INLOGGNING, OVERSIKT, DOKUMENT, MEDDELANDEN, BOKNING, FORLOSSNING, VIDEO, KONTO)
    ENDAST_SJALV = (KONTO,)


@dataclass(frozen=True)
class Behorighet:
    tillaten: bool
    kod: str
    skal: str
    relation: str = ""  # "sjalv" or an Ombudstyp value when allowed

    def __bool__(self):
        return self.tillaten


def arsdag(fodd: datetime.date, ar: int) -> datetime.date:
    """The date of the ``ar``-th birthday. A 29 February birth has its birthday on 1 March in common years
    (Swedish practice: one becomes a year older when the day after 28 February begins)."""
    try:
        return fodd.replace(year=fodd.year + ar)
    except ValueError:
        return datetime.date(fodd.year + ar, 3, 1)


def senaste_fodelsedag(dag: datetime.date, ar: int) -> datetime.date:
    """The last birth date that makes someone ``ar`` years old on ``dag`` (the inverse of ``arsdag``): on
    29 February of a leap year whose ``ar`` years earlier was common, that is 28 February."""
    try:
        return dag.replace(year=dag.year - ar)
    except ValueError:
        return datetime.date(dag.year - ar, 2, 28)


def under_alder(fodd: datetime.date | None, ar: int, dag: datetime.date) -> bool:
    return fodd is not None and dag < arsdag(fodd, ar)


def _nej(kod: str, skal: str) -> Behorighet:
    return Behorighet(False, kod, skal)


def konto_ar_sparrat(invanare: Invanare) -> bool:
    """Is her Alltid öppet account locked (spärrat) now? Then neither she nor a proxy may use it."""
    return Kontosparr.objects.aktiva().filter(invanare=invanare).exists()


def sparrade_konton(invanare_ids) -> set[int]:
    """Which of these citizens' accounts are locked now (one query, for lists)."""
    return set(Kontosparr.objects.aktiva().filter(invanare_id__in=list(invanare_ids)).values_list("invanare_id", flat=True))


def far_agera(*, aktor: Invanare, for_invanare: Invanare, syfte: str, nu: datetime.datetime | None = None) -> Behorighet:
    if syfte not in Syfte.ALLA:
        raise ValueError(f"okänt syfte {syfte!r}")
    dag = timezone.localdate(nu) if nu else timezone.localdate()
    if konto_ar_sparrat(aktor):
        return _nej("aktor_sparrad", _("Ditt konto i Alltid öppet är spärrat. Kontakta din vårdenhet."))
    if aktor.pk == for_invanare.pk:
        return Behorighet(True, "sjalv", _("Du agerar för dig själv."), "sjalv")
    if konto_ar_sparrat(for_invanare):
        return _nej("huvudman_sparrad", _("Kontot för den du vill agera för är spärrat."))
    if syfte in Syfte.ENDAST_SJALV:
        return _nej("endast_sjalv", _("Bara kontots innehavare kan göra detta."))
    if OmbudBlockering.objects.aktiva().filter(huvudman=for_invanare, ombud=aktor).exists():
        return _nej("blockerad", _("Du är blockerad som ombud för den här personen."))
    relation = _relation(aktor=aktor, for_invanare=for_invanare, dag=dag)
    if relation is None:
        return _nej("ingen_relation", _("Du är inte ombud för den här personen."))
    return Behorighet(True, relation, _("Du agerar som ombud (%(typ)s).") % {"typ": Ombudstyp(relation).label}, relation)


def _relation(*, aktor: Invanare, for_invanare: Invanare, dag: datetime.date) -> str | None:
    fodd = for_invanare.fodelsedatum
    if under_alder(fodd, AUTOMATISK_OMBUD_GRANS, dag) and _ar_vardnadshavare(aktor, for_invanare, dag):
        return Ombudstyp.VARDNADSHAVARE.value
    for rad in Ombud.objects.aktiva(dag).filter(huvudman=for_invanare, ombud=aktor).order_by("typ"):
        if _ombudsrad_galler(rad, fodd=fodd, dag=dag, vardnadshavare=lambda: _ar_vardnadshavare(aktor, for_invanare, dag)):
            return rad.typ
    return None


def _relation_ur(*, fodd, dag: datetime.date, ar_vardnadshavare: bool, rader) -> str | None:
    """The same rule as ``_relation``, from rows already read (for the list functions)."""
    if under_alder(fodd, AUTOMATISK_OMBUD_GRANS, dag) and ar_vardnadshavare:
        return Ombudstyp.VARDNADSHAVARE.value
    for rad in sorted(rader, key=lambda r: r.typ):
        if _ombudsrad_galler(rad, fodd=fodd, dag=dag, vardnadshavare=lambda: ar_vardnadshavare):
            return rad.typ
    return None


def _ar_vardnadshavare(aktor, barn, dag) -> bool:
    return Vardnadshavarskap.objects.aktiva(dag).filter(barn=barn, vardnadshavare=aktor).exists()


def _ombudsrad_galler(rad: Ombud, *, fodd, dag, vardnadshavare) -> bool:
    if rad.typ == Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV:
        return (
            bool(rad.beslut_referens)
            and fodd is not None
            and not under_alder(fodd, AUTOMATISK_OMBUD_GRANS, dag)
            and under_alder(fodd, SARSKILT_BEHOV_GRANS, dag)
            and vardnadshavare()
        )
    if rad.typ == Ombudstyp.LEGAL_STALLFORETRADARE:
        return bool(rad.beslut_referens) and rad.beslut_datum is not None and rad.beslut_sorja_for_person
    if rad.typ == Ombudstyp.FULLMAKTSTAGARE:
        return True
    return False


@dataclass(frozen=True)
class OmbudsRelation:
    ombud: Invanare
    huvudman: Invanare
    typ: str


def ombud_for(*, invanare: Invanare, syfte: str, nu: datetime.datetime | None = None) -> list[OmbudsRelation]:
    """Everyone who may act as proxy for ``invanare`` now for ``syfte`` (e.g. e-document recipients).

    Empty when her account is locked. Blocked and locked proxies are left out. Four queries, whatever the
    number of proxies; the relation is decided by the same rule as far_agera (``_relation_ur``).
    """
    if syfte in Syfte.ENDAST_SJALV:
        return []
    dag = timezone.localdate(nu) if nu else timezone.localdate()
    kandidater = {
        v.vardnadshavare_id: v.vardnadshavare
        for v in Vardnadshavarskap.objects.aktiva(dag).filter(barn=invanare)
        .select_related("vardnadshavare")
    }
    vardnadshavare = set(kandidater)
    rader: dict[int, list[Ombud]] = {}
    for o in Ombud.objects.aktiva(dag).filter(huvudman=invanare).select_related("ombud"):
        kandidater.setdefault(o.ombud_id, o.ombud)
        rader.setdefault(o.ombud_id, []).append(o)
    blockerade = set(OmbudBlockering.objects.aktiva().filter(huvudman=invanare).values_list("ombud_id", flat=True))
    # her own lock and the candidates' in one query (never an empty IN list: the count stays constant)
    sparrade = set(Kontosparr.objects.aktiva().filter(invanare_id__in=[invanare.pk, *kandidater])
                   .values_list("invanare_id", flat=True))
    if invanare.pk in sparrade:
        return []
    resultat = []
    for pk, person in sorted(kandidater.items()):
        if pk in blockerade or pk in sparrade:
            continue
        relation = _relation_ur(
            fodd=invanare.fodelsedatum, dag=dag, ar_vardnadshavare=pk in vardnadshavare, rader=rader.get(pk, ())
        )
        if relation is not None:
            resultat.append(OmbudsRelation(ombud=person, huvudman=invanare, typ=relation))
    return resultat


def huvudman_for(*, aktor: Invanare, nu: datetime.datetime | None = None) -> list[OmbudsRelation]:
    """Everyone ``aktor`` may act for now as proxy (not herself), for the app's "switch person" list.

    Five queries whatever the number of people; the same rules as far_agera (tested to agree)."""
    if konto_ar_sparrat(aktor):
        return []
    dag = timezone.localdate(nu) if nu else timezone.localdate()
    kandidater = {
        v.barn_id: v.barn
        for v in Vardnadshavarskap.objects.aktiva(dag).filter(vardnadshavare=aktor)
        .select_related("barn")
    }
    barn = set(kandidater)
    rader: dict[int, list[Ombud]] = {}
    for o in Ombud.objects.aktiva(dag).filter(ombud=aktor).select_related("huvudman"):
        kandidater.setdefault(o.huvudman_id, o.huvudman)
        rader.setdefault(o.huvudman_id, []).append(o)
    blockerade = set(
        OmbudBlockering.objects.aktiva().filter(ombud=aktor, huvudman_id__in=kandidater).values_list("huvudman_id", flat=True)
    )
    sparrade = set(Kontosparr.objects.aktiva().filter(invanare_id__in=kandidater).values_list("invanare_id", flat=True))
    resultat = []
    for pk, person in sorted(kandidater.items()):
        if pk in blockerade or pk in sparrade or pk == aktor.pk:
            continue
        relation = _relation_ur(fodd=person.fodelsedatum, dag=dag, ar_vardnadshavare=pk in barn, rader=rader.get(pk, ()))
        if relation is not None:
            resultat.append(OmbudsRelation(ombud=aktor, huvudman=person, typ=relation))
    return resultat


def nas_i_appen(*, invanare: Invanare, nu: datetime.datetime | None = None) -> Behorighet:
    """Can anyone read in Alltid öppet what the unit writes to her: she herself with a registered account, or a
    proxy who may act for her with one? A conversation nobody can read must not be started (issue 15 item 3;
    seed 000: the app »hanterar inte reservnummer«). ``skal`` is addressed to staff."""
    if invanare.har_reservnummer:
        return _nej("reservnummer", _("Invånaren har reservnummer och kan inte använda Alltid öppet. "
                                      "Kontakta hen på annat sätt."))
    if konto_ar_sparrat(invanare):
        return _nej("sparrad", _("Invånarens konto i Alltid öppet är spärrat: varken hen eller något ombud kan "
                                 "logga in och läsa. Kontakta hen på annat sätt."))
    if invanare.konto == Invanare.Konto.REGISTRERAT:
        return Behorighet(True, "sjalv", _("Invånaren har konto i Alltid öppet."), "sjalv")
    for rel in ombud_for(invanare=invanare, syfte=Syfte.MEDDELANDEN, nu=nu):
        if rel.ombud.konto == Invanare.Konto.REGISTRERAT:
            return Behorighet(True, "ombud", _("Ett ombud med konto i Alltid öppet kan läsa."), rel.typ)
    return _nej("inget_konto", _("Invånaren har inget konto i Alltid öppet, och inget ombud med konto kan läsa åt "
                                 "hen. Ett meddelande skulle aldrig bli läst. Kontakta hen på annat sätt."))
