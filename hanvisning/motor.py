"""The referral rule, as one pure function: which rule applies to a care mission for this age at this moment.

Nothing here reads the database or the clock: ``selectors.hanvisning_berakna`` loads the rules and the units
and passes the moment in. A rule matches when age_from ≤ age < age_to, the moment's day type is one of its
day types and from ≤ minute < to; of the matching rules the lowest priority number wins, then the narrowest
age band, then the code (so the choice never depends on row order).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from hanvisning import kalender
from hanvisning.models import MAX_ALDER, Dagtyp
from hanvisning.oppettider import klockslag, minut_pa_dygnet


@dataclass(frozen=True)
class Ogonblick:
    """The moment a referral is computed for, as the rules see it."""

    dag: datetime.date
    minut: int
    dagtyp: str
    dagnamn: str

    @classmethod
    def av(cls, tid: datetime.datetime) -> Ogonblick:
        dag, minut = minut_pa_dygnet(tid)
        return cls(dag, minut, kalender.dagtyp(dag), kalender.dagens_namn(dag))


def regel_galler(regel, *, alder: int, ogonblick: Ogonblick) -> bool:
    return (
        regel.alder_fran <= alder
        and (regel.alder_till is None or alder < regel.alder_till)
        and ogonblick.dagtyp in regel.dagtyper
        and regel.fran_minut <= ogonblick.minut < regel.till_minut
    )


def regel_valj(regler, *, vardupdrag: str, alder: int, ogonblick: Ogonblick):
    """The rule for this care mission, age and moment, or None when no rule covers it."""
    kandidater = [r for r in regler if r.vardupdrag == vardupdrag and regel_galler(r, alder=alder, ogonblick=ogonblick)]
    if not kandidater:
        return None
    return min(kandidater, key=lambda r: (r.prioritet, (r.alder_till or MAX_ALDER + 1) - r.alder_fran, r.kod))


def aldersband(regel) -> str:
    if regel.alder_till is None:
        return _("från %(fran)s år") % {"fran": regel.alder_fran}
    return _("%(fran)s–%(till)s år") % {"fran": regel.alder_fran, "till": regel.alder_till - 1}


def varfor(regel, *, vardupdrag_namn: str, ogonblick: Ogonblick) -> str:
    """Why this care form: the rule that applied, in words."""
    dagtyper = ", ".join(str(Dagtyp(d).label).lower() for d in regel.dagtyper)
    dag = str(Dagtyp(ogonblick.dagtyp).label).lower()
    if ogonblick.dagnamn:
        dag = f"{dag} ({ogonblick.dagnamn})"
    text = _("Regel %(kod)s: vårduppdraget %(uppdrag)s, %(alder)s, %(dagtyper)s %(fran)s–%(till)s → %(vardform)s. "
             "Nu är det %(dag)s kl. %(klocka)s.") % {
        "kod": regel.kod, "uppdrag": vardupdrag_namn, "alder": aldersband(regel), "dagtyper": dagtyper,
        "fran": klockslag(regel.fran_minut), "till": klockslag(regel.till_minut), "vardform": regel.vardform.namn,
        "dag": dag, "klocka": klockslag(ogonblick.minut)}
    if regel.motivering:
        text = f"{text} {regel.motivering}"
    return text
