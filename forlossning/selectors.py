"""Reads of forlossning. Citizen data is read only after the view has loaded (and logged) the citizen with
``invanare_get_for_uppdrag``, or, for the clinic's list, logged with ``atkomst_logga_flera``."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractIsoWeekDay, TruncWeek

from forlossning import graviditetsvecka as gv
from forlossning.models import Beslut, Flytt, Fordelningskorning, Graviditet, Kapacitet, Onskemal
from invanare.models import Invanare
from vardportalen.accesslog.services import Aktor, Handelse, Utfall, atkomst_logga_flera
from vardportalen.models import Roll, Vardenhet


def avstand_att_visa(*, invanare: Invanare, meter: int | float | None, for_henne_sjalv: bool) -> int | None:
    """The one rule for showing a distance from a citizen's home (issue 13, finding 6): distances are derived from
    her coordinates, and several of them together locate her. So: whole kilometres, never less than 1, and none
    at all for a protected citizen, except to herself. ``None`` means "show no distance"."""
    if meter is None or (invanare.ar_skyddad and not for_henne_sjalv):
        return None
    return max(1, round(meter / 1000))


def kliniker() -> list[Vardenhet]:
    return list(Vardenhet.objects.filter(typ=Vardenhet.Typ.FORLOSSNINGSKLINIK, aktiv=True).order_by("namn"))


def senast_avslutad(*, invanare) -> Graviditet | None:
    """Her most recently ended pregnancy (shown when she has no active one)."""
    return Graviditet.objects.filter(invanare=invanare, avslutad__isnull=False).order_by("-avslutad").first()


def graviditet_for_invanare(*, invanare) -> Graviditet | None:
    """Her active pregnancy with wishes, history, decision and moves (a constant number of queries)."""
    return (
        Graviditet.objects.aktiva()
        .filter(invanare=invanare)
        .select_related("registrerad_vid", "beslut__klinik", "beslut__korning")
        .prefetch_related(
            Prefetch("onskemal", queryset=Onskemal.objects.select_related("klinik").order_by("rang")),
            "onskemal_historik",
            Prefetch("beslut__flyttar", queryset=Flytt.objects.select_related("fran_klinik", "till_klinik")),
        )
        .first()
    )


def far_andra_onskemal(graviditet: Graviditet, *, beslut: Beslut | None, idag: datetime.date) -> bool:
    """The citizen may still rank clinics: no decision yet and not past 21+6 (the app and the citizen web)."""
    return beslut is None and idag <= graviditet.sista_valdag


def beslut_for(graviditet: Graviditet) -> Beslut | None:
    try:
        return graviditet.beslut
    except Beslut.DoesNotExist:
        return None


@dataclass(frozen=True)
class Veckolage:
    vecka: datetime.date
    platser: int
    beslutade: int
    overfulla: int

    @property
    def text(self):
        return gv.vecka_text(self.vecka)

    @property
    def slug(self):
        return gv.vecka_slug(self.vecka)

    @property
    def andel(self) -> float:
        return self.beslutade / self.platser if self.platser else (1.0 if self.beslutade else 0.0)


def klinik_veckor(*, klinik: Vardenhet, fran: datetime.date, antal: int) -> list[Veckolage]:
    """Capacity and decided women per week, ``antal`` weeks from the Monday ``fran``: two queries."""
    till = fran + datetime.timedelta(weeks=antal)
    platser = dict(Kapacitet.objects.filter(klinik=klinik, vecka__gte=fran, vecka__lt=till).values_list("vecka", "platser"))
    beslutade = {
        r["vecka"]: (r["n"], r["o"])
        for r in Beslut.objects.filter(klinik=klinik, vecka__gte=fran, vecka__lt=till)
        .values("vecka").annotate(n=Count("pk"), o=Count("pk", filter=Q(overfull=True)))
    }
    veckor = [fran + datetime.timedelta(weeks=i) for i in range(antal)]
    return [Veckolage(v, platser.get(v, 0), *beslutade.get(v, (0, 0))) for v in veckor]


@dataclass(frozen=True)
class Veckosumma:
    """One delivery week over all clinics: places, decided, and registered women not yet decided (no clinic
    before 22+0, so only the region's sum)."""
    vecka: datetime.date
    platser: int
    beslutade: int
    obeslutade: int


def veckosummor(tabell: list[tuple[Vardenhet, list[Veckolage]]], *, fran: datetime.date,
                antal: int) -> list[Veckosumma]:
    """The capacity table's sums per week (``tabell`` as the page reads it) and one count of the undecided."""
    till = fran + datetime.timedelta(weeks=antal)
    obeslutade = dict(Graviditet.objects.obeslutade().filter(bf__gte=fran, bf__lt=till).annotate(v=TruncWeek("bf"))
                      .values("v").annotate(n=Count("pk")).values_list("v", "n"))
    veckor = [fran + datetime.timedelta(weeks=i) for i in range(antal)]
    return [Veckosumma(v, sum(lagen[i].platser for _k, lagen in tabell),
                       sum(lagen[i].beslutade for _k, lagen in tabell), obeslutade.get(v, 0))
            for i, v in enumerate(veckor)]


def far_se_klinikens_lista(*, aktor: Aktor, klinik: Vardenhet) -> bool:
    """The names behind the chart: the clinic's own staff (the decision gave the clinic a care relation)."""
    return aktor.vardenhet_id == klinik.pk


def klinikens_kvinnor(*, aktor: Aktor, klinik: Vardenhet, vecka: datetime.date) -> list[Beslut]:
    """The women decided to the clinic for the week, one access-log row each (one INSERT)."""
    if not far_se_klinikens_lista(aktor=aktor, klinik=klinik):
        return []
    beslut = list(
        Beslut.objects.filter(klinik=klinik, vecka=vecka)
        .filter(graviditet__invanare__in=Invanare.objects.synliga_for_enhet(klinik))
        .select_related("graviditet__invanare")
        .order_by("graviditet__bf", "graviditet__invanare__efternamn", "pk")
    )
    atkomst_logga_flera(aktor=aktor, invanare_lista=[b.graviditet.invanare for b in beslut],
                        handelse=Handelse.LASNING, utfall=Utfall.TILLATEN,
                        vad=f"förlossning: klinikens lista {gv.vecka_text(vecka)}")
    return beslut


def korningar(*, antal: int = 60) -> list[Fordelningskorning]:
    return list(Fordelningskorning.objects.order_by("-datum", "-pk")[:antal])


def overfulla_framat(*, idag: datetime.date, klinik_id: int | None = None) -> int:
    urval = Beslut.objects.filter(overfull=True, vecka__gte=gv.vecka_start(idag))
    if klinik_id is not None:
        urval = urval.filter(klinik_id=klinik_id)
    return urval.count()


def ser_planering(aktor_roll: str) -> bool:
    return aktor_roll == Roll.REGIONAL_PLANERARE


VECKODAGAR = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass
class Bristrad:
    """One weekday of a delivery week (the weekday of BF = the weekday of 22+0): decided and overfull women."""

    veckodag: str
    valde: int = 0
    valde_overfulla: int = 0
    ovalda: int = 0
    ovalda_overfulla: int = 0

    @property
    def beslut(self) -> int:
        return self.valde + self.ovalda

    @property
    def overfulla(self) -> int:
        return self.valde_overfulla + self.ovalda_overfulla


@dataclass
class Veckobrist:
    vecka: datetime.date
    rader: list[Bristrad]
    projektion: dict  # the run's whole-week projection (korning.veckodetalj), clinic ids as text
    kliniknamn: dict[str, str]

    @property
    def text(self) -> str:
        return gv.vecka_text(self.vecka)

    @property
    def summa(self) -> Bristrad:
        s = Bristrad(veckodag="")
        for r in self.rader:
            s.valde += r.valde
            s.valde_overfulla += r.valde_overfulla
            s.ovalda += r.ovalda
            s.ovalda_overfulla += r.ovalda_overfulla
        return s

    @property
    def prognos_per_klinik(self) -> list[tuple[str, int]]:
        over = self.projektion.get("prognos_overfulla", {})
        return [(self.kliniknamn.get(k, k), n) for k, n in over.items() if n]


def korningens_veckor(korning: Fordelningskorning) -> list[Veckobrist]:
    """Per delivery week the run decided: how its decided and overfull women (all runs so far) spread over the
    weekdays and over choosers and non-choosers. Counts only: no citizen data."""
    veckor = sorted(d for d in (gv.vecka_fran_slug(s) for s in korning.kvoter) if d)
    if not veckor:
        return []
    rader = {v: [Bristrad(veckodag=d) for d in VECKODAGAR] for v in veckor}
    urval = (Beslut.objects.filter(vecka__in=veckor).annotate(dag=ExtractIsoWeekDay("graviditet__bf"))
             .values("vecka", "dag", "valde", "overfull").annotate(n=Count("pk")))
    for r in urval:
        rad = rader[r["vecka"]][r["dag"] - 1]
        if r["valde"]:
            rad.valde += r["n"]
            rad.valde_overfulla += r["n"] if r["overfull"] else 0
        else:
            rad.ovalda += r["n"]
            rad.ovalda_overfulla += r["n"] if r["overfull"] else 0
    namn = {str(k.pk): k.namn for k in kliniker()}
    detaljer = korning.resultat.get("veckor", {})
    return [Veckobrist(vecka=v, rader=rader[v], projektion=detaljer.get(gv.vecka_slug(v), {}), kliniknamn=namn)
            for v in veckor]
