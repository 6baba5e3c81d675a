"""Evaluate a unit's citizen criteria for one citizen, with the reason for every rule in words.

Two wordings per rule: ``skal`` for staff (may name what the unit looks for and the citizen's own data) and
``skal_invanare`` for the citizen app, addressed to "du" and naming only her own data and the unit's rule,
never anyone else's. A constant number of queries per call (sets with rules, diagnoses, visits).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.besok import besok_for
from invanare.dolja import synliga_bokningar
from invanare.kriterier.models import OPPNA_UTAN_KRITERIER, Diagnos, Kriterieuppsattning, Kriterium


@dataclass(frozen=True)
class RegelUtfall:
    typ: str
    uppfyller: bool
    skal: str
    skal_invanare: str


@dataclass(frozen=True)
class UppsattningsUtfall:
    namn: str
    uppfyller: bool
    regler: list[RegelUtfall]


@dataclass(frozen=True)
class Bedomning:
    uppfyller: bool
    uppsattningar: list[UppsattningsUtfall] = field(default_factory=list)

    @property
    def finns_kriterier(self) -> bool:
        return bool(self.uppsattningar)

    @property
    def uppfyllda(self) -> list[UppsattningsUtfall]:
        return [u for u in self.uppsattningar if u.uppfyller]


class _Fakta:
    """The citizen's data the rules read, each fetched at most once."""

    def __init__(self, *, invanare, vardenhet, nu):
        self.invanare, self.vardenhet, self.nu = invanare, vardenhet, nu
        self._diagnoser = self._besok = None

    @property
    def diagnoser(self) -> list[str]:
        if self._diagnoser is None:
            self._diagnoser = list(
                Diagnos.objects.filter(invanare=self.invanare, vardenhet=self.vardenhet).values_list("kod", flat=True)
            )
        return self._diagnoser

    @property
    def besok(self):
        if self._besok is None:
            self._besok = besok_for(invanare_ids=[self.invanare.pk], vardenhet_id=self.vardenhet.pk)
        return self._besok


def _alder(k: Kriterium, f: _Fakta) -> RegelUtfall:
    lo, hi = k.alder_min, k.alder_max
    if lo is not None and hi is not None:
        intervall = _("%(lo)d–%(hi)d år") % {"lo": lo, "hi": hi}
    elif lo is not None:
        intervall = _("%(lo)d år eller äldre") % {"lo": lo}
    else:
        intervall = _("%(hi)d år eller yngre") % {"hi": hi}
    alder = f.invanare.alder(timezone.localdate(f.nu))
    if alder is None:
        return RegelUtfall(k.typ, False, _("Ålder %(i)s: okänd ålder (inget födelsedatum).") % {"i": intervall},
                           _("Mottagningen tar emot meddelanden från den som är %(i)s, och din ålder är okänd.") % {"i": intervall})
    ok = (lo is None or alder >= lo) and (hi is None or alder <= hi)
    if ok:
        return RegelUtfall(k.typ, True, _("Ålder %(i)s: uppfyllt (%(a)d år).") % {"i": intervall, "a": alder},
                           _("Du är %(a)d år (mottagningen: %(i)s).") % {"i": intervall, "a": alder})
    return RegelUtfall(k.typ, False, _("Ålder %(i)s: inte uppfyllt (%(a)d år).") % {"i": intervall, "a": alder},
                       _("Mottagningen tar emot meddelanden från den som är %(i)s; du är %(a)d år.") % {"i": intervall, "a": alder})


def _folkbokforing(k: Kriterium, f: _Fakta) -> RegelUtfall:
    koder = k.kommunkod_lista
    lista = ", ".join(koder)
    egen = f.invanare.kommunkod
    if egen and egen in koder:
        return RegelUtfall(k.typ, True, _("Folkbokförd i kommun %(l)s: uppfyllt (%(e)s).") % {"l": lista, "e": egen},
                           _("Du är folkbokförd i en kommun som mottagningen tar emot meddelanden från."))
    return RegelUtfall(
        k.typ, False,
        _("Folkbokförd i kommun %(l)s: inte uppfyllt (%(e)s).") % {"l": lista, "e": egen or _("kommun saknas")},
        _("Mottagningen tar emot meddelanden från invånare folkbokförda i vissa kommuner, och du är inte folkbokförd i någon av dem."),
    )


def _listning(k: Kriterium, f: _Fakta) -> RegelUtfall:
    if f.invanare.listad_vardcentral_id == f.vardenhet.pk:
        return RegelUtfall(k.typ, True, _("Listad på enheten: uppfyllt."), _("Du är listad på mottagningen."))
    return RegelUtfall(k.typ, False, _("Listad på enheten: inte uppfyllt (listad någon annanstans eller inte alls)."),
                       _("Mottagningen tar bara emot meddelanden från invånare som är listade där, och du är inte listad där."))


def _diagnos(k: Kriterium, f: _Fakta) -> RegelUtfall:
    koder = k.icd10_lista
    lista = ", ".join(koder)
    traff = sorted({d for d in f.diagnoser for p in koder if d.startswith(p)})
    if traff:
        return RegelUtfall(k.typ, True, _("Diagnos %(l)s: uppfyllt (%(t)s).") % {"l": lista, "t": ", ".join(traff)},
                           _("Du har en diagnos hos mottagningen som ger möjlighet att skriva."))
    return RegelUtfall(k.typ, False, _("Diagnos %(l)s: inte uppfyllt (ingen sådan diagnos registrerad på enheten).") % {"l": lista},
                       _("Mottagningen tar emot meddelanden från invånare med vissa diagnoser, och du har ingen sådan registrerad där."))


def _besok(k: Kriterium, f: _Fakta) -> RegelUtfall:
    kommande = [b for b in f.besok if b.aktiv and b.start >= f.nu]
    if not synliga_bokningar(invanare_id=f.invanare.pk, vardenhet_id=f.vardenhet.pk, antal=len(kommande)):
        kommande = []  # only bookings on a hidden time type: they must not open anything (it would reveal them)
    tidigare = []
    if k.besok_dagar_bakat is not None:
        grans = f.nu - datetime.timedelta(days=k.besok_dagar_bakat)
        tidigare = [b for b in f.besok if b.status == "genomford" and grans <= b.start <= f.nu]
    if k.besok_dagar_bakat is not None:
        regel = _("Kommande besök eller besök de senaste %(d)d dagarna") % {"d": k.besok_dagar_bakat}
    else:
        regel = _("Kommande besök")
    if kommande or tidigare:
        vad = _("kommande besök") if kommande else _("genomfört besök %(d)s") % {"d": timezone.localdate(tidigare[-1].start).isoformat()}
        return RegelUtfall(k.typ, True, _("%(r)s: uppfyllt (%(v)s).") % {"r": regel, "v": vad},
                           _("Du har ett besök på mottagningen som ger möjlighet att skriva."))
    return RegelUtfall(k.typ, False, _("%(r)s: inte uppfyllt.") % {"r": regel},
                       _("Mottagningen tar emot meddelanden från den som har ett kommande eller nyligen genomfört besök där, och du har inget sådant."))


REGLER = {
    Kriterium.Typ.ALDER: _alder,
    Kriterium.Typ.FOLKBOKFORING: _folkbokforing,
    Kriterium.Typ.LISTNING: _listning,
    Kriterium.Typ.DIAGNOS: _diagnos,
    Kriterium.Typ.BESOK: _besok,
}


def kriterier_bedom(*, invanare, vardenhet, syfte: str, nu: datetime.datetime | None = None) -> Bedomning:
    """Does the citizen meet one of the unit's active criteria sets for ``syfte``? An empty set never passes
    (a unit opens nothing by creating a set without rules)."""
    nu = nu or timezone.now()
    fakta = _Fakta(invanare=invanare, vardenhet=vardenhet, nu=nu)
    uppsattningar = (
        Kriterieuppsattning.objects.filter(vardenhet=vardenhet, syfte=syfte, aktiv=True)
        .prefetch_related("kriterier")
        .order_by("namn")
    )
    utfall = []
    for u in uppsattningar:
        regler = [REGLER[k.typ](k, fakta) for k in u.kriterier.all()]
        utfall.append(UppsattningsUtfall(u.namn, bool(regler) and all(r.uppfyller for r in regler), regler))
    return Bedomning(uppfyller=any(u.uppfyller for u in utfall), uppsattningar=utfall)


def funktion_oppen(*, invanare, vardenhet, syfte: str, nu: datetime.datetime | None = None) -> Bedomning:
    """May the citizen use this function of the unit (booking in the app, video)? Open when the unit has no
    active criteria set for it; otherwise she must meet one (``kriterier_bedom``). Messages have their own
    rule (closed unless opened, meddelanden.regler)."""
    if syfte not in OPPNA_UTAN_KRITERIER:
        raise ValueError(f"{syfte!r} is not governed by funktion_oppen")
    bedomning = kriterier_bedom(invanare=invanare, vardenhet=vardenhet, syfte=syfte, nu=nu)
    if not bedomning.finns_kriterier:
        return Bedomning(uppfyller=True)
    return bedomning


def enheter_med_kriterier(*, vardenhet_ids, syfte: str) -> set[int]:
    """Which of these units restrict ``syfte`` with an active criteria set (one query, for search lists)."""
    return set(Kriterieuppsattning.objects.filter(vardenhet_id__in=list(vardenhet_ids), syfte=syfte, aktiv=True)
               .values_list("vardenhet_id", flat=True))
